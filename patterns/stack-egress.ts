/**
 * The stack's egress (config.egress), applied the same way whatever the pattern: the strategy the
 * network routes through, the VPC endpoints every function may use, and the internet ports every
 * function may open when there is a NAT. Patterns never choose it (generator/catalog/egress.ts).
 */
import { gatewayServicesOf, hasEndpoints, interfaceServicesOf, type EgressConfig } from '../generator/catalog/egress';
import { Port } from './blocks/connections';
import { Egress } from './blocks/egress';
import type { INetwork } from './blocks/network';
import { GatewayEndpoints, InterfaceEndpoints } from './blocks/vpc-endpoints';
import type { VpcFunction } from './blocks/vpc-function';
import type { PatternContext } from './pattern';

/** The strategy the network applies to its private route tables. */
export function egressStrategy(egress: EgressConfig): Egress {
  switch (egress.type) {
    case 'nat-gateway':
      return Egress.natGateway({ perAz: egress.perAz ?? false });
    case 'nat-instance':
      return Egress.natInstance({ instanceType: egress.instanceType, perAz: egress.perAz, ssmAccess: egress.ssmAccess });
    default:
      return Egress.isolated();
  }
}

/**
 * egress.endpoints: an interface endpoint (private DNS) per service and the gateway endpoints, each
 * reachable by every function, which declares it calls them (so `check` verifies each path).
 */
export function addEndpoints(ctx: Pick<PatternContext, 'network' | 'functions' | 'output'>, egress: EgressConfig): void {
  if (!hasEndpoints(egress)) return;
  const { network, functions, output } = ctx;
  const services = egress.endpoints ?? [];
  const interfaceServices = interfaceServicesOf(services);
  const interfaces = interfaceServices.length > 0 ? InterfaceEndpoints.of(network) : undefined;
  const gateways = gatewayServicesOf(services);
  const gatewayEndpoints = GatewayEndpoints.of(network);
  // Created before any function's rules, so the endpoints come first in the Terraform as they always have.
  for (const service of gateways) gatewayEndpoints.add(service);
  for (const fn of functions) {
    interfaces?.allowFrom(fn, interfaceServices);
    fn.declareNeeds(...interfaceServices, ...gateways);
    gatewayEndpoints.allowFrom(fn, gateways);
  }
  if (!interfaces) return;
  output('interface_endpoint_ids', Object.fromEntries(interfaceServices.map((s) => [s, interfaces.add(s).id])), 'Interface VPC endpoints, by service');
  output('endpoint_security_group_id', interfaces.securityGroup.id, 'Security group of the interface endpoints (443 from the functions)');
}

/** With a NAT (or an existing VPC's own route out): every function may open the egress ports to 0.0.0.0/0, and says it needs the internet. */
export function allowInternet(network: INetwork, functions: VpcFunction[], egress: EgressConfig): void {
  if (!network.egress.internet) return;
  const via = egress.type === 'nat-instance' ? 'the NAT instance' : 'NAT';
  for (const fn of functions) {
    for (const port of egress.ports ?? []) fn.connections.allowToCidr('0.0.0.0/0', Port.tcp(port), internetWhy(port, via));
    fn.declareNeeds('internet');
  }
}

/** Why a function may open a port to the internet, for the rule's description. */
function internetWhy(port: number, via: string): string {
  if (port === 443) return `HTTPS to the internet and AWS APIs through ${via}`;
  if (port === 80) return `HTTP to the internet through ${via}`;
  return `The internet through ${via}`;
}
