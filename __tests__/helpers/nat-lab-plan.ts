/**
 * The VPC a synthesized stack plans, as a namespace lab (helpers/vpc-lab.ts): the Lambda subnets with
 * one host each, the subnets of the EC2 instances, each subnet's routes from its route table, and each
 * instance's user data with the CIDRs the plan gives (its Terraform references resolved through
 * plannedNetwork, the variables' defaults).
 */
import { cidrSubnet, overlaps, parseCidr } from '../../generator/config/cidr';
import { resources, type TfJson } from './synth';
import { plannedNetwork } from './variables';
import type { LabSpec, LabSubnet, RouteTarget } from './vpc-lab';

export interface PlannedLab {
  spec: LabSpec;
  /** Each Lambda subnet's host, and the instance its default route goes to. */
  lambdas: { host: string; subnet: string; instance: string }[];
  /** By instance name: the script it boots with. */
  userData: Map<string, string>;
}

/** The resource name in "${<type>.<name>.<attribute>}", or undefined when the value is not such a reference. */
function referenced(value: unknown, type: string, attribute: string): string | undefined {
  return typeof value === 'string' ? new RegExp(`^\\$\\{${type}\\.(\\w+)\\.${attribute}\\}$`).exec(value)?.[1] : undefined;
}

function mustReference(value: unknown, type: string, attribute: string, where: string): string {
  const name = referenced(value, type, attribute);
  if (!name) throw new Error(`${where} is ${JSON.stringify(value)}, not a reference to a ${type}'s ${attribute}`);
  return name;
}

export function plannedLab(json: TfJson): PlannedLab {
  const network = plannedNetwork(json);
  const instances = Object.entries(resources(json, 'aws_instance')).map(([name, instance]) => ({
    name,
    subnet: mustReference(instance.subnet_id, 'aws_subnet', 'id', `aws_instance.${name}.subnet_id`),
    userData: resolveUserData(instance.user_data ?? Buffer.from(instance.user_data_base64 ?? '', 'base64').toString('utf8'), network, `aws_instance.${name}`),
  }));
  const withEip = new Set(Object.values(resources(json, 'aws_eip')).map((eip) => referenced(eip.network_interface, 'aws_instance', 'primary_network_interface_id')));
  for (const { name } of instances) if (!withEip.has(name)) throw new Error(`aws_instance.${name} has no EIP, but the lab gives every instance one`);

  const lambdaSubnets = [
    ...new Set(
      Object.entries(resources(json, 'aws_lambda_function')).flatMap(([name, fn]) =>
        ((fn.vpc_config?.subnet_ids ?? []) as unknown[]).map((id) => mustReference(id, 'aws_subnet', 'id', `aws_lambda_function.${name}.vpc_config.subnet_ids`)),
      ),
    ),
  ];
  const subnetNames = [...new Set([...lambdaSubnets, ...instances.map((i) => i.subnet)])];
  const subnets: LabSubnet[] = subnetNames.map((name) => ({ name, cidr: network.subnets[name].cidr, routes: routesOf(json, name) }));
  const lambdas = lambdaSubnets.map((subnet) => {
    const toInternet = subnets.find((s) => s.name === subnet)!.routes.find((r) => r.destination === '0.0.0.0/0')?.target;
    if (!toInternet || toInternet === 'internet-gateway') throw new Error(`Lambda subnet ${subnet} has no default route to a NAT instance`);
    return { host: `lambda-${subnet}`, subnet, instance: toInternet.instance };
  });
  return {
    spec: {
      vpcCidr: network.vpc,
      subnets,
      hosts: lambdas.map(({ host, subnet }) => ({ name: host, subnet })),
      instances: instances.map(({ name, subnet }) => ({ name, subnet })),
    },
    lambdas,
    userData: new Map(instances.map((i) => [i.name, i.userData])),
  };
}

/** The aws_route entries of the route table associated with a subnet. */
function routesOf(json: TfJson, subnet: string): LabSubnet['routes'] {
  const association = Object.values(resources(json, 'aws_route_table_association')).find((a) => referenced(a.subnet_id, 'aws_subnet', 'id') === subnet);
  if (!association) throw new Error(`aws_subnet.${subnet} has no route table association`);
  const table = mustReference(association.route_table_id, 'aws_route_table', 'id', `the route table association of ${subnet}`);
  return Object.entries(resources(json, 'aws_route'))
    .filter(([, route]) => referenced(route.route_table_id, 'aws_route_table', 'id') === table)
    .map(([name, route]) => {
      const instance = referenced(route.network_interface_id, 'aws_instance', 'primary_network_interface_id');
      const gateway = referenced(route.gateway_id, 'aws_internet_gateway', 'id');
      if (!instance && !gateway) throw new Error(`aws_route.${name} has a target the lab does not model: ${JSON.stringify(route)}`);
      const target: RouteTarget = instance ? { instance } : 'internet-gateway';
      return { destination: route.destination_cidr_block, target };
    });
}

/** Terraform's interpolation in user data, resolved to the planned CIDRs; anything else is refused. */
function resolveUserData(text: string, network: ReturnType<typeof plannedNetwork>, where: string): string {
  if (/(^|[^%])%\{/.test(text)) throw new Error(`${where}.user_data has a Terraform template directive (%{), which the lab cannot evaluate`);
  return text.replace(/\$\$\{|%%\{|\$\{([^}]*)\}/g, (whole, expression: string | undefined) => {
    if (whole === '$${') return '${';
    if (whole === '%%{') return '%{';
    const subnet = /^aws_subnet\.(\w+)\.cidr_block$/.exec(expression!)?.[1];
    if (subnet && network.subnets[subnet]) return network.subnets[subnet].cidr;
    if (expression === 'aws_vpc.network_vpc.cidr_block') return network.vpc;
    throw new Error(`${where}.user_data interpolates ${whole}, which the lab cannot resolve`);
  });
}

/**
 * Adds a server inside the VPC, in a subnet of its own that the plan leaves free, reached from every
 * Lambda subnet through that subnet's NAT instance in both directions (routes for a subnet's CIDR to
 * an appliance, which AWS allows): the one way VPC-internal traffic can cross a NAT instance.
 */
export function withVpcServer(lab: PlannedLab, host = 'vpc-server'): PlannedLab {
  const vpc = parseCidr(lab.spec.vpcCidr)!;
  const taken = lab.spec.subnets.map((s) => parseCidr(s.cidr)!);
  const newbits = 24 - vpc.mask;
  const free = Array.from({ length: 2 ** newbits }, (_, i) => cidrSubnet(vpc.cidr, newbits, 2 ** newbits - 1 - i)!).find(
    (cidr) => !taken.some((t) => overlaps(t, parseCidr(cidr)!)),
  );
  if (!free) throw new Error(`no free /24 left in ${vpc.cidr} for the VPC server`);
  const subnets = lab.spec.subnets.map((subnet) => {
    const lambda = lab.lambdas.find((l) => l.subnet === subnet.name);
    return lambda ? { ...subnet, routes: [...subnet.routes, { destination: free, target: { instance: lambda.instance } }] } : subnet;
  });
  subnets.push({ name: host, cidr: free, routes: lab.lambdas.map((l) => ({ destination: subnets.find((s) => s.name === l.subnet)!.cidr, target: { instance: l.instance } })) });
  return { ...lab, spec: { ...lab.spec, subnets, hosts: [...lab.spec.hosts, { name: host, subnet: host, server: true }] } };
}
