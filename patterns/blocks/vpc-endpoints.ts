/**
 * VPC endpoints: the way to AWS APIs without an internet path. Interface endpoints share one
 * security group (default port 443) in the Lambda subnets, with private DNS so SDKs need no special
 * endpoint URL; gateway endpoints (S3, DynamoDB) are routes on the private route tables. Each
 * network gets at most one of each, however many patterns or options ask for it.
 */
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { Connections, type IConnectable, Port } from './connections';
import { awsName } from './naming';
import type { GatewayEndpointService } from '../../generator/catalog/endpoint-services';
import type { INetwork } from './network';

// The service lists live with the catalog (no cdktf there), so config validation uses the same ones.
export { INTERFACE_ENDPOINT_SERVICES, GATEWAY_ENDPOINT_SERVICES, type GatewayEndpointService } from '../../generator/catalog/endpoint-services';

/**
 * The network's interface endpoints: one security group (443 from the clients allowed), one endpoint
 * per service with private DNS in every Lambda subnet.
 *
 * @example
 *   InterfaceEndpoints.of(stack.network).allowFrom(stack.fn('api'), ['sqs', 'sts']);
 */
export class InterfaceEndpoints extends Construct implements IConnectable {
  /** The one set of interface endpoints of a network, created on first use. */
  static of(network: INetwork): InterfaceEndpoints {
    return InterfaceEndpoints.find(network) ?? new InterfaceEndpoints(network, 'endpoints');
  }

  /** The network's interface endpoints if something created them, without creating them. */
  static find(network: INetwork): InterfaceEndpoints | undefined {
    return network.node.tryFindChild('endpoints') as InterfaceEndpoints | undefined;
  }

  readonly connections: Connections;
  readonly securityGroup: SecurityGroup;
  private readonly network: INetwork;
  private readonly endpoints = new Map<string, VpcEndpoint>();

  private constructor(network: INetwork, id: string) {
    super(network, id);
    this.network = network;
    const name = awsName(network.stackName, 'endpoints');
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name,
      description: 'Interface VPC endpoints: HTTPS from the functions that use them',
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'endpoints', defaultPort: Port.tcp(443) });
  }

  /** The interface endpoint of a service ("lambda", "execute-api"), added once, in every Lambda subnet. */
  add(service: string): VpcEndpoint {
    const existing = this.endpoints.get(service);
    if (existing) return existing;
    const endpoint = new VpcEndpoint(this, service.replace(/\./g, '-'), {
      vpcId: this.network.vpc.id,
      serviceName: `com.amazonaws.${this.network.region}.${service}`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: this.network.privateSubnetIds,
      securityGroupIds: [this.securityGroup.id],
      tags: { Name: awsName(this.network.stackName, service.replace(/\./g, '-')) },
    });
    this.endpoints.set(service, endpoint);
    return endpoint;
  }

  /** Adds the services and lets `client` reach all interface endpoints on 443. */
  allowFrom(client: IConnectable, services: readonly string[]): void {
    for (const service of services) this.add(service);
    this.connections.allowDefaultPortFrom(client, 'AWS APIs through interface endpoints');
  }

  get services(): string[] {
    return [...this.endpoints.keys()];
  }
}

/**
 * The network's gateway endpoints (S3, DynamoDB): routes on every private route table, so that
 * traffic stays off NAT (or has a path at all without one). A view over the network, not a construct.
 *
 * @example
 *   GatewayEndpoints.of(stack.network).allowFrom(stack.fn('api'), ['s3']);
 */
export class GatewayEndpoints {
  static of(network: INetwork): GatewayEndpoints {
    return new GatewayEndpoints(network);
  }

  private constructor(private readonly network: INetwork) {}

  /** The gateway endpoint of a service, added once per network. */
  add(service: GatewayEndpointService): VpcEndpoint {
    return gatewayEndpoint(this.network, service);
  }

  /**
   * Adds the services' endpoints and lets `client` send HTTPS to their prefix lists (a gateway
   * endpoint is a route, not an address, so the client's egress names the prefix list).
   */
  allowFrom(client: IConnectable, services: readonly GatewayEndpointService[]): void {
    for (const service of services) {
      client.connections.allowToPrefixList(this.add(service).prefixListId, Port.tcp(443), `${service} through its gateway endpoint`, service);
    }
  }
}

/** A gateway endpoint (S3 or DynamoDB) on every private route table, added once per network. */
export function gatewayEndpoint(network: INetwork, service: GatewayEndpointService): VpcEndpoint {
  const id = `${service}-gateway-endpoint`;
  return (
    (network.node.tryFindChild(id) as VpcEndpoint) ??
    new VpcEndpoint(network, id, {
      vpcId: network.vpc.id,
      serviceName: `com.amazonaws.${network.region}.${service}`,
      vpcEndpointType: 'Gateway',
      routeTableIds: network.privateRouteTableIds,
      tags: { Name: awsName(network.stackName, service) },
    })
  );
}
