/**
 * The network a stack plans with its variables at their defaults: the VPC is var.vpc_cidr, each
 * subnet cidrsubnet(var.vpc_cidr, n, k) and each AZ element(var.availability_zones, i). Tests that
 * once compared literals compare these, so they still fail when the planned network changes.
 */
import { cidrSubnet } from '../../generator/config/cidr';
import { resources, type TfJson } from './synth';

export interface PlannedSubnet {
  cidr: string;
  az: string;
}

export function plannedNetwork(json: TfJson): { vpc: string; subnets: Record<string, PlannedSubnet> } {
  const variables = json.variable ?? {};
  const vpcCidr = json.resource.aws_vpc.network_vpc.cidr_block;
  if (vpcCidr !== '${var.vpc_cidr}') throw new Error(`aws_vpc.network_vpc.cidr_block is ${vpcCidr}, not var.vpc_cidr`);
  const vpc: string = variables.vpc_cidr.default;
  const subnets: Record<string, PlannedSubnet> = {};
  for (const [name, subnet] of Object.entries(resources(json, 'aws_subnet'))) {
    const carved = /^\$\{cidrsubnet\(var\.vpc_cidr, (\d+), (\d+)\)\}$/.exec(subnet.cidr_block);
    const az = /^\$\{element\(var\.availability_zones, (\d+)\)\}$/.exec(subnet.availability_zone);
    if (!carved || !az) throw new Error(`aws_subnet.${name} is not carved from the variables: ${subnet.cidr_block}, ${subnet.availability_zone}`);
    subnets[name] = { cidr: cidrSubnet(vpc, Number(carved[1]), Number(carved[2]))!, az: variables.availability_zones.default[Number(az[1])] };
  }
  return { vpc, subnets };
}
