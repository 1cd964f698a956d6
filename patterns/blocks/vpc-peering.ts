/**
 * A VPC peering connection from the generated VPC to a peer VPC (scenario 9): the requester side's
 * routes on every Lambda route table, optionally the accepter side's routes (same account and region
 * only: other accounts' route tables are not ours to write), and egress to the peer CIDR only.
 */
import { Route } from '@cdktf/provider-aws/lib/route';
import { VpcPeeringConnection } from '@cdktf/provider-aws/lib/vpc-peering-connection';
import type { IResolvable } from 'cdktf';
import { Construct } from 'constructs';
import type { IConnectable, Port } from './connections';
import type { INetwork } from './network';

export interface VpcPeeringProps {
  network: INetwork;
  /** Name tag of the connection. */
  name: string;
  peerVpcId: string;
  /** The peer VPC CIDR (or the part of it the functions call). Must not overlap the VPC. */
  peerCidr: string;
  /** Account of the peer VPC; null/undefined means this account. */
  peerOwnerId?: string;
  /** Region of the peer VPC; null/undefined means this region. */
  peerRegion?: string;
  /**
   * Accept the request from this side. AWS allows it only when the peer VPC is in the same account
   * and region; otherwise the peer's owner accepts it.
   */
  autoAccept: boolean | IResolvable;
  /** Route tables of the peer VPC to route back to this VPC (same account and region only). @default [] */
  peerRouteTableIds?: string[];
}

export class VpcPeering extends Construct {
  readonly connection: VpcPeeringConnection;
  readonly accepterRoutes: Route[];
  readonly peerCidr: string;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    const { network } = props;
    this.peerCidr = props.peerCidr;
    this.connection = new VpcPeeringConnection(this, 'connection', {
      vpcId: network.vpc.id,
      peerVpcId: props.peerVpcId,
      peerOwnerId: props.peerOwnerId,
      peerRegion: props.peerRegion,
      autoAccept: props.autoAccept,
      tags: { Name: props.name, Side: 'requester' },
    });
    network.routePrivateSubnets('peer', props.peerCidr, () => ({ vpcPeeringConnectionId: this.connection.id }));
    // Keyed by position: the ids come from the config, and a reviewer reads them in the route itself.
    this.accepterRoutes = (props.peerRouteTableIds ?? []).map(
      (routeTableId, i) =>
        new Route(this, `accepter-route-${i}`, {
          routeTableId,
          destinationCidrBlock: network.vpc.cidrBlock,
          vpcPeeringConnectionId: this.connection.id,
        }),
    );
  }

  /** Lets `client` send to the peer CIDR on each port (egress only: the peer's groups are not ours). */
  allowFrom(client: IConnectable, ports: readonly Port[], why: string): void {
    for (const port of ports) client.connections.allowToCidr(this.peerCidr, port, why, 'peer');
  }
}
