/**
 * The SSM debug host (config `ssmHost`): a t4g.nano in a Lambda subnet, so connectivity can be tested
 * from where the functions sit. Reached only through Session Manager: no inbound rule at all, no key
 * pair, IMDSv2, a role with AmazonSSMManagedInstanceCore. Without internet egress, the agent talks to
 * Systems Manager through ssm, ssmmessages and ec2messages interface endpoints.
 */
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { al2023InstanceDefaults, SsmInstanceRole } from './amazon-linux';
import { Connections, type IConnectable, Port } from './connections';
import { awsName } from './naming';
import type { INetwork } from './network';
import { InterfaceEndpoints } from './vpc-endpoints';

/** What the SSM agent needs when there is no internet path. */
export const SSM_ENDPOINT_SERVICES = ['ssm', 'ssmmessages', 'ec2messages'] as const;
export const SSM_HOST_INSTANCE_TYPE = 't4g.nano';

export interface SsmHostProps {
  network: INetwork;
  stackName: string;
  /** A Graviton type (the image is arm64). @default t4g.nano */
  instanceType?: string;
}

export class SsmHost extends Construct implements IConnectable {
  readonly connections: Connections;
  readonly securityGroup: SecurityGroup;
  readonly access: SsmInstanceRole;
  readonly instance: Instance;
  private readonly network: INetwork;

  constructor(scope: Construct, id: string, props: SsmHostProps) {
    super(scope, id);
    const { network } = props;
    this.network = network;
    const name = awsName(props.stackName, 'ssm-host');

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name,
      description: 'SSM debug host: no inbound rules; only the outbound rules below',
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'ssm-host' });
    this.access = new SsmInstanceRole(this, 'ssm', { name });

    let endpoints: InterfaceEndpoints | undefined;
    if (network.egress.internet) {
      this.connections.allowToCidr('0.0.0.0/0', Port.tcp(443), 'Systems Manager and HTTPS tests through NAT');
    } else {
      endpoints = InterfaceEndpoints.of(network);
      endpoints.allowFrom(this, SSM_ENDPOINT_SERVICES);
    }

    const waitFor = endpoints ? SSM_ENDPOINT_SERVICES.map((s) => endpoints.add(s)) : [];
    this.instance = new Instance(this, 'instance', {
      ...al2023InstanceDefaults(this, props.instanceType ?? SSM_HOST_INSTANCE_TYPE),
      subnetId: network.privateSubnets[0].subnet.id,
      vpcSecurityGroupIds: [this.securityGroup.id],
      iamInstanceProfile: this.access.profile.name,
      tags: { Name: name },
      // The agent registers at boot; with the endpoints already there it does not wait for a retry.
      dependsOn: [this.access.attachment, ...waitFor],
    });
  }

  /**
   * Lets the host reach every interface endpoint the pattern created (call after the pattern is
   * built): private DNS sends its AWS API calls there even when a NAT exists.
   */
  reachInterfaceEndpoints(): void {
    const endpoints = InterfaceEndpoints.find(this.network);
    if (endpoints) endpoints.connections.allowDefaultPortFrom(this, 'AWS APIs through interface endpoints');
  }

  /**
   * Diagnostics egress (config `ssmHostDiagnostics`): ICMP to the VPC and, with internet egress, to
   * anywhere, and the functions' internet ports, so ping, traceroute and curl work from the Lambda
   * subnets. What the patterns let it reach (EFS, the ALB, the peer, endpoints) is theirs to add;
   * ICMP to a peer CIDR too (allowIcmpTo).
   */
  allowDiagnostics(internetPorts: readonly number[]): void {
    this.allowIcmpTo(this.network.cidr, 'the VPC', 'vpc');
    if (!this.network.egress.internet) return;
    this.allowIcmpTo('0.0.0.0/0', 'the internet through NAT');
    for (const port of internetPorts) this.connections.allowToCidr('0.0.0.0/0', Port.tcp(port), 'Diagnostics: the functions\' internet port through NAT');
  }

  /** ICMP out to a range (ping and traceroute replies), for diagnostics. */
  allowIcmpTo(cidr: string, what: string, id?: string): void {
    this.connections.allowToCidr(cidr, Port.allIcmp(), `Diagnostics: ping and traceroute to ${what}`, id);
  }

  get outputs() {
    return { instanceId: this.instance.id, securityGroupId: this.securityGroup.id };
  }
}
