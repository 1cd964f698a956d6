/**
 * How the Lambda subnets reach the outside, as a strategy handed to the Network (after
 * aws-cdk-lib/aws-ec2/lib/nat.ts, v2): the network never branches on the kind of egress.
 */
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { NatInstances, type NatInstancesProps } from './nat-instance';
import { waitForInternetGateway, type INetwork } from './network';
import { awsName } from './naming';

export abstract class Egress {
  /** Managed NAT gateways with EIPs in the public subnets. */
  static natGateway(props: NatGatewayEgressProps): Egress {
    return new NatGatewayEgress(props);
  }

  /**
   * NAT instances (arm64 Amazon Linux 2023, t4g.nano by default) with EIPs in the public subnets: a
   * fraction of a NAT gateway's hourly price, for low traffic. See NatInstancesProps.
   */
  static natInstance(props: NatInstanceEgressProps = {}): Egress {
    return new NatInstanceEgress(props);
  }

  /** No internet path at all: AWS APIs only through VPC endpoints. */
  static isolated(): Egress {
    return new IsolatedEgress();
  }

  /** The internet through the routes an existing VPC already has: nothing is created. */
  static existingRoutes(): Egress {
    return new ExistingRoutesEgress();
  }

  /** Whether the private subnets get a default route to the internet (needs public subnets and an IGW). */
  abstract readonly internet: boolean;

  /** Creates what the strategy needs inside the network and routes the private subnets through it. */
  abstract configure(network: INetwork): void;

  /** The public addresses the functions' internet traffic leaves from (for allowlists); set by configure. */
  readonly publicIps: string[] = [];
}

export type NatInstanceEgressProps = NatInstancesProps;

export interface NatGatewayEgressProps {
  /**
   * One NAT gateway per AZ instead of one shared. Each costs an hourly fee, but a shared one adds
   * cross-AZ data charges and fails with its AZ.
   * @default false
   */
  perAz: boolean;
}

class NatGatewayEgress extends Egress {
  readonly internet = true;

  constructor(private readonly props: NatGatewayEgressProps) {
    super();
  }

  configure(network: INetwork): void {
    const hosts = this.props.perAz ? network.publicSubnets : [network.publicSubnetFor(undefined)];
    const gateways = new Map<string, NatGateway>();
    for (const { key, az, subnet } of hosts) {
      const eip = new Eip(network, `nat-eip-${key}`, {
        domain: 'vpc',
        tags: { Name: awsName(network.stackName, 'nat', key) },
        dependsOn: waitForInternetGateway(network),
      });
      this.publicIps.push(eip.publicIp);
      gateways.set(
        az ?? key,
        new NatGateway(network, `nat-gateway-${key}`, {
          allocationId: eip.allocationId,
          subnetId: subnet.id,
          connectivityType: 'public',
          tags: { Name: awsName(network.stackName, 'nat', key) },
          dependsOn: waitForInternetGateway(network),
        }),
      );
    }
    const shared = [...gateways.values()][0];
    network.routePrivateSubnets('default', '0.0.0.0/0', ({ az }) => ({ natGatewayId: ((az && gateways.get(az)) || shared).id }));
  }
}

class NatInstanceEgress extends Egress {
  readonly internet = true;

  constructor(private readonly props: NatInstanceEgressProps) {
    super();
  }

  configure(network: INetwork): void {
    const nat = new NatInstances(network, 'nat-instance', this.props);
    this.publicIps.push(...nat.publicIps);
    // The interface, not the instance: aws_route's instance_id is deprecated.
    network.routePrivateSubnets('default', '0.0.0.0/0', ({ az }) => ({ networkInterfaceId: nat.networkInterfaceFor(az) }));
  }
}

class IsolatedEgress extends Egress {
  readonly internet = false;
  configure(): void {}
}

/**
 * An existing VPC's own egress: its route tables already send 0.0.0.0/0 somewhere (NAT, a firewall,
 * a transit gateway). Nothing is created; `check` traces that path in the VPC's snapshot.
 */
class ExistingRoutesEgress extends Egress {
  readonly internet = true;
  configure(): void {}
}

