/**
 * How the Lambda subnets reach the outside, as a strategy handed to the Network (after
 * aws-cdk-lib/aws-ec2/lib/nat.ts, v2): the network never branches on the kind of egress.
 */
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import type { Network } from './network';
import { awsName, azSuffix } from './naming';

export abstract class Egress {
  /** Managed NAT gateways with EIPs in the public subnets. */
  static natGateway(props: NatGatewayEgressProps): Egress {
    return new NatGatewayEgress(props);
  }

  /** No internet path at all: AWS APIs only through VPC endpoints. */
  static isolated(): Egress {
    return new IsolatedEgress();
  }

  /** Whether the private subnets get a default route to the internet (needs public subnets and an IGW). */
  abstract readonly internet: boolean;

  /** Creates what the strategy needs inside the network and routes the private subnets through it. */
  abstract configure(network: Network): void;
}

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

  configure(network: Network): void {
    const azs = this.props.perAz ? network.publicSubnets.map((s) => s.az) : [network.publicSubnets[0].az];
    const gateways = new Map<string, NatGateway>();
    for (const az of azs) {
      const suffix = azSuffix(az);
      const eip = new Eip(network, `nat-eip-${suffix}`, {
        domain: 'vpc',
        tags: { Name: awsName(network.stackName, 'nat', suffix) },
        dependsOn: [network.internetGateway!],
      });
      gateways.set(
        az,
        new NatGateway(network, `nat-gateway-${suffix}`, {
          allocationId: eip.allocationId,
          subnetId: network.publicSubnetFor(az).subnet.id,
          connectivityType: 'public',
          tags: { Name: awsName(network.stackName, 'nat', suffix) },
          dependsOn: [network.internetGateway!],
        }),
      );
    }
    network.routePrivateSubnets('default', '0.0.0.0/0', ({ az }) => ({
      natGatewayId: (gateways.get(az) ?? gateways.get(azs[0])!).id,
    }));
  }
}

class IsolatedEgress extends Egress {
  readonly internet = false;
  configure(): void {}
}
