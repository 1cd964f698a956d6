/**
 * What every VPC function needs whatever the pattern: ENI permissions, subnets in two or more AZs,
 * private (never public) subnets, and, when it promises internet egress, a working path per subnet.
 */
import type { Model } from '../model';
import type { LambdaFn } from '../lambda';
import { Findings, Trace } from '../result';
import { MANAGED_POLICY_ACTIONS } from '../iam';
import { internetPorts, internetReasons } from '../needs';
import { internetFlows, traceInternet, type Flow } from './paths';

export const VPC_ACCESS_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

/**
 * A route target in the wrong argument: a typed argument (nat_gateway_id, network_interface_id...)
 * given another kind of resource is rejected by EC2 at apply; gateway_id given a NAT gateway is
 * accepted but shows a change on every plan.
 */
function checkRouteTargets(m: Model, f: Findings): void {
  for (const table of m.network.routeTables.values()) {
    for (const route of table.routes) {
      if (!route.misfit) continue;
      const { key, type, expected } = route.misfit;
      const message = `${route.address} puts ${route.target.id} (${type}) in ${key}`;
      const fix = `write it as ${expected} = ${route.target.id}.id`;
      if (key === 'gateway_id') f.warn(route.address, 'route-target', `${message}: EC2 accepts it, but Terraform shows a change on every plan`, [route.address, route.target.id], fix);
      else f.fail(route.address, 'route-target', `${message}: EC2 rejects a ${type} there, so the apply fails and the route never exists`, [route.address, route.target.id], fix);
    }
  }
}

export function checkFunctionNetwork(m: Model, f: Findings): void {
  checkRouteTargets(m, f);
  for (const fn of m.functionsUnplaced()) {
    f.warn(
      fn.name,
      'placement',
      `its vpc_config is not known statically (${fn.placementUnknown}): which subnets and security groups it runs in cannot be resolved, so none of its paths is checked`,
      [fn.id],
      'give the variables values (tfvars), or check the plan instead: terraform show -json of a saved plan resolves every id',
    );
    checkRole(m, f, fn);
    // Which subnet is unknown, but a list of one is one AZ whatever it holds.
    if (fn.subnetCount === 1) {
      f.fail(
        fn.name,
        'multi-az',
        `vpc_config.subnet_ids lists one subnet (${fn.subnetsUnknown ?? fn.subnets.join(', ')}): the function runs in one AZ, and an outage of that AZ stops it`,
        [fn.id],
        'list private subnets in two or more AZs in vpc_config.subnet_ids',
      );
    }
  }
  for (const fn of m.functionsInVpc()) {
    checkRole(m, f, fn);
    checkAzs(m, f, fn);
    checkPrivateSubnets(m, f, fn);
    checkInternetEgress(m, f, fn);
  }
}

function checkRole(m: Model, f: Findings, fn: LambdaFn): void {
  const role = m.iam.roleFor(fn.role);
  if (!role) {
    f.warn(fn.name, 'vpc-role', `the role ${String(fn.role)} is not in this configuration; cannot verify its ENI permissions`, [fn.id], `make sure it has ${VPC_ACCESS_POLICY}`);
    return;
  }
  for (const missing of role.missing) {
    f.fail(
      fn.name,
      'vpc-role',
      `${missing.source} attaches ${missing.arn}, which does not exist: that managed policy lives at ${missing.expected}, so the attachment fails`,
      [fn.id, role.id, missing.source],
      `set policy_arn = "${missing.expected}" on ${missing.source}`,
    );
  }
  const grant = m.iam.allows(role, 'ec2:CreateNetworkInterface');
  if (grant) {
    f.pass(fn.name, 'vpc-role', `${role.id} may manage the function's ENIs (${grant.source})`, [fn.id, role.id]);
    return;
  }
  const unknown = [...role.unreadable, ...role.managed.filter((p) => !(p in MANAGED_POLICY_ACTIONS))];
  if (unknown.length > 0) {
    f.warn(fn.name, 'vpc-role', `${role.id} has no readable grant of ec2:CreateNetworkInterface (unread: ${unknown.join(', ')})`, [fn.id, role.id], `attach ${VPC_ACCESS_POLICY}`);
    return;
  }
  f.fail(
    fn.name,
    'vpc-role',
    `${role.id} lacks the ENI permissions (ec2:CreateNetworkInterface...): Lambda cannot place the function in the VPC`,
    [fn.id, role.id],
    `attach ${VPC_ACCESS_POLICY} to ${role.id} with an aws_iam_role_policy_attachment`,
  );
}

function checkAzs(m: Model, f: Findings, fn: LambdaFn): void {
  const known = fn.subnets.filter((s) => m.network.subnets.has(s));
  if (known.length < fn.subnets.length) {
    f.warn(fn.name, 'multi-az', `subnets ${fn.subnets.filter((s) => !known.includes(s)).join(', ')} are not in this configuration; cannot verify their AZs`, [fn.id, ...fn.subnets]);
    return;
  }
  const repeated = known.filter((s) => ['count', 'for_each'].some((k) => m.doc.get(s)?.body[k] !== undefined));
  if (repeated.length > 0) {
    f.warn(fn.name, 'multi-az', `${repeated.join(', ')} use count/for_each; cannot tell statically how many AZs the function spans`, [fn.id, ...known], 'make sure the subnets cover at least two AZs');
    return;
  }
  const azs = [...new Set(known.map((s) => m.azOf(s)))];
  if (azs.length >= 2) {
    const crossing = internetReasons(m, fn).length > 0 ? natAzDependencies(m, known) : [];
    if (crossing.length > 0) {
      f.warn(
        fn.name,
        'multi-az',
        `subnets span ${azs.length} AZs, but ${crossing.map((c) => `egress from ${m.azLabel(c.subnet)} goes through ${c.nat} in ${m.azLabel(c.natSubnet)}`).join('; ')}: an outage of that AZ stops the internet traffic of the others`,
        [fn.id, ...known, ...crossing.map((c) => c.nat)],
        'one NAT per AZ, each private route table to the NAT of its own AZ',
      );
      return;
    }
    f.pass(fn.name, 'multi-az', `subnets span ${azs.length} AZs (${known.map((s) => m.azLabel(s)).join(', ')})`, [fn.id, ...known]);
    return;
  }
  f.fail(
    fn.name,
    'multi-az',
    `every subnet of the function is in one AZ (${m.azLabel(known[0] ?? '') || 'none'}): an AZ outage stops it`,
    [fn.id, ...known],
    'add a private subnet in a second AZ to vpc_config.subnet_ids',
  );
}

function checkPrivateSubnets(m: Model, f: Findings, fn: LambdaFn): void {
  const publics = fn.subnets.map((s) => ({ s, route: m.network.publicRoute(s) })).filter((x) => x.route);
  if (publics.length === 0) {
    f.pass(fn.name, 'private-subnets', `no subnet of the function routes 0.0.0.0/0 to an internet gateway`, [fn.id, ...fn.subnets]);
    return;
  }
  // A public subnet breaks only what leaves the VPC; a function that needs nothing outside still works.
  const outside = internetReasons(m, fn);
  for (const { s, route } of publics) {
    if (outside.length === 0) {
      f.warn(
        fn.name,
        'private-subnets',
        `${s} is public (${route!.address}: 0.0.0.0/0 → ${route!.target.id}): fine for what it reaches inside the VPC, but a Lambda ENI never gets a public IP, so it can never reach the internet from there`,
        [fn.id, s, route!.address],
        'move the function to private subnets (0.0.0.0/0 to a NAT) before it needs the internet',
      );
      continue;
    }
    f.fail(
      fn.name,
      'private-subnets',
      `${s} is public (${route!.address}: 0.0.0.0/0 → ${route!.target.id}); a Lambda ENI never gets a public IP, so nothing leaves through it`,
      [fn.id, s, route!.address],
      'move the function to private subnets whose 0.0.0.0/0 goes to a NAT gateway or NAT instance',
    );
  }
}

/** The promise: evidence that the function calls the internet (a public URL, vlg:needs); an open egress rule alone is none. */
function checkInternetEgress(m: Model, f: Findings, fn: LambdaFn): void {
  const reasons = internetReasons(m, fn);
  if (reasons.length === 0) return;
  const { flows, rules } = internetFlows(m, fn.sgs);
  if (flows.length === 0) {
    const unknown = m.sgs.unknownRules(fn.sgs);
    const message = `${reasons.join('; ')}, but the function's security group allows nothing out to 0.0.0.0/0`;
    const fix = `add an egress rule for TCP ${internetPorts(m, fn).join(', ')} to 0.0.0.0/0 on ${fn.sgs[0] ?? 'its security group'}`;
    if (unknown.length > 0) f.warn(fn.name, 'internet-egress', `${message} that can be read (${unknown.join(', ')} cannot)`, [fn.id, ...fn.sgs], fix);
    else f.fail(fn.name, 'internet-egress', message, [fn.id, ...fn.sgs], fix);
    return;
  }
  for (const subnet of fn.subnets) {
    const t = new Trace().hop(fn.id, ...rules);
    traceInternet(m, t, subnet, { sgs: fn.sgs, cidrs: m.cidrsOf([subnet]) }, flows);
    t.report(f, fn.name, 'internet-egress', `${m.azLabel(subnet)}`);
  }
}

/** Whether every subnet of the function has a working internet path for HTTPS (used by other rules). */
export function hasInternetPath(m: Model, fn: LambdaFn, flows: Flow[]): boolean {
  return fn.subnets.length > 0 && fn.subnets.every((s) => traceInternet(m, new Trace(), s, { sgs: fn.sgs, cidrs: m.cidrsOf([s]) }, flows));
}

/** Subnets whose 0.0.0.0/0 goes to a NAT (gateway or instance) in another AZ. */
function natAzDependencies(m: Model, subnets: string[]): { subnet: string; nat: string; natSubnet: string }[] {
  const out: { subnet: string; nat: string; natSubnet: string }[] = [];
  for (const subnet of subnets) {
    const rt = m.network.routeTableOf(subnet);
    const route = rt && m.network.defaultRoute(rt.table);
    if (!route) continue;
    const target = route.target;
    const natSubnet =
      target.kind === 'nat'
        ? m.network.nats.get(target.id)?.subnet
        : target.kind === 'eni'
          ? m.network.enis.get(target.id)?.subnet
          : target.kind === 'instance'
            ? m.network.instances.get(target.id)?.subnet
            : undefined;
    if (natSubnet && m.network.subnets.has(natSubnet) && m.azOf(natSubnet) !== m.azOf(subnet)) out.push({ subnet, nat: target.id, natSubnet });
  }
  return out;
}
