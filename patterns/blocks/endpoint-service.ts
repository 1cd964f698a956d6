/**
 * PrivateLink in front of an internal ALB: an internal NLB (static private IPs, the only load
 * balancer an endpoint service takes) forwarding TCP to a target group of type alb on the ALB's
 * listener port, and a VPC endpoint service on the NLB with an explicit acceptance setting and an
 * explicit list of allowed principals. `ServiceEndpoint` is the consumer side: an interface endpoint
 * to that service with its own security group, in the consumer's VPC (and account, through its provider).
 */
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcEndpointConnectionAccepter } from '@cdktf/provider-aws/lib/vpc-endpoint-connection-accepter';
import { VpcEndpointService } from '@cdktf/provider-aws/lib/vpc-endpoint-service';
import { Construct } from 'constructs';
import { Connections, type IConnectable, Port } from './connections';
import type { InternalAlb } from './internal-alb';
import { awsName, loadBalancerName } from './naming';
import type { INetwork } from './network';
import type { AliasTarget } from './private-name';

/** Path the NLB health-checks on the ALB; the ALB answers it itself, so checks never invoke the function. */
export const NLB_HEALTH_CHECK_PATH = '/_vpc-lambda-gen/health';

export interface AlbEndpointServiceProps {
  stackName: string;
  network: INetwork;
  alb: InternalAlb;
  /** Connection requests wait for the owner's acceptance. */
  acceptanceRequired: boolean;
  /** ARNs of the principals (accounts as `arn:…:iam::<id>:root`, roles, users) that may create endpoints. */
  allowedPrincipals: string[];
}

export class AlbEndpointService extends Construct implements IConnectable {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly attachment: LbTargetGroupAttachment;
  readonly listener: LbListener;
  readonly service: VpcEndpointService;
  readonly connections: Connections;
  readonly port: number;

  constructor(scope: Construct, id: string, props: AlbEndpointServiceProps) {
    super(scope, id);
    const { stackName, network, alb } = props;
    this.port = alb.listenerPort;
    const name = awsName(stackName, 'nlb');

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name,
      description: `Internal NLB ${name}: PrivateLink traffic in, the ALB listener port out`,
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'nlb', defaultPort: Port.tcp(this.port) });

    this.loadBalancer = new Lb(this, 'load-balancer', {
      name: loadBalancerName(stackName, 'nlb'),
      internal: true,
      loadBalancerType: 'network',
      subnets: network.privateSubnetIds,
      securityGroups: [this.securityGroup.id],
      // PrivateLink traffic reaches the NLB from its own private IPs, so its inbound rules cannot tell
      // consumers apart; who may connect is decided by allowed principals and acceptance instead.
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off',
      tags: { Name: name },
    });

    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      name: loadBalancerName(stackName, 'alb-tg'),
      targetType: 'alb',
      protocol: 'TCP',
      port: this.port,
      vpcId: network.vpc.id,
      healthCheck: { enabled: true, protocol: alb.protocol, port: 'traffic-port', path: NLB_HEALTH_CHECK_PATH, matcher: '200' },
      tags: { Name: awsName(stackName, 'alb-tg') },
    });
    // The ALB answers the NLB's checks itself (priority 1, before the function's default action).
    const healthRule = alb.respondOk('nlb-health-check', NLB_HEALTH_CHECK_PATH, 1);
    // AWS registers an ALB only once it has a listener on the target group's port.
    this.attachment = new LbTargetGroupAttachment(this, 'target', {
      targetGroupArn: this.targetGroup.arn,
      targetId: alb.loadBalancer.arn,
      port: this.port,
      dependsOn: [alb.listener, healthRule],
    });
    this.listener = new LbListener(this, 'listener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: this.port,
      protocol: 'TCP',
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
      tags: { Name: name },
    });
    alb.connections.allowDefaultPortFrom(this, 'NLB forwards PrivateLink traffic to the ALB');

    this.service = new VpcEndpointService(this, 'service', {
      acceptanceRequired: props.acceptanceRequired,
      networkLoadBalancerArns: [this.loadBalancer.arn],
      allowedPrincipals: props.allowedPrincipals,
      tags: { Name: awsName(stackName, 'endpoint-service') },
    });
  }

  /**
   * Accepts one endpoint's connection request, as the service owner (this construct's provider, so
   * also for an endpoint in another account). Without it, a service that requires acceptance leaves
   * the endpoint pendingAcceptance until someone accepts it in the console or CLI.
   */
  accept(id: string, endpoint: VpcEndpoint): VpcEndpointConnectionAccepter {
    return new VpcEndpointConnectionAccepter(this, `${id}-accepter`, {
      vpcEndpointServiceId: this.service.id,
      vpcEndpointId: endpoint.id,
    });
  }
}

export interface ServiceEndpointProps {
  /** AWS name of the endpoint and its security group. */
  name: string;
  /** The consumer VPC. */
  network: INetwork;
  service: AlbEndpointService;
}

export class ServiceEndpoint extends Construct implements IConnectable {
  readonly securityGroup: SecurityGroup;
  readonly endpoint: VpcEndpoint;
  readonly connections: Connections;

  constructor(scope: Construct, id: string, props: ServiceEndpointProps) {
    super(scope, id);
    const { name, network, service } = props;
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name,
      description: `Interface endpoint ${name} to an endpoint service: its port from admitted callers only`,
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'consumer-endpoint', defaultPort: Port.tcp(service.port) });
    this.endpoint = new VpcEndpoint(this, 'endpoint', {
      vpcId: network.vpc.id,
      serviceName: service.service.serviceName,
      vpcEndpointType: 'Interface',
      // A private DNS name needs a domain verified by the service owner; ours has none, so callers
      // use the endpoint's own regional DNS name.
      privateDnsEnabled: false,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: name },
    });
  }

  /** The endpoint's regional DNS name (first dns_entry). */
  get dnsName(): string {
    return this.endpoint.dnsEntry.get(0).dnsName;
  }

  /** What a DNS alias to the endpoint names: its regional DNS name and that name's hosted zone. */
  get aliasTarget(): AliasTarget {
    return { dnsName: this.dnsName, zoneId: this.endpoint.dnsEntry.get(0).hostedZoneId };
  }
}
