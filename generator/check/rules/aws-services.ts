/**
 * AWS service reach: for each AWS API a VPC function evidently calls, a path must exist: an interface
 * endpoint with private DNS and a security-group pair on 443, a gateway endpoint on its route tables
 * (S3, DynamoDB), or NAT. Without one, the SDK call times out: the classic IGW-less VPC failure.
 *
 * A function calls a service when its role's own statements allow that service's actions, when its
 * environment references a resource of that service, or when security-group rules pair it with
 * that service's interface endpoint.
 */
import { ANYWHERE } from '../cidr';
import type { Endpoint } from '../network';
import type { LambdaFn } from '../lambda';
import type { Model } from '../model';
import type { EndpointService } from '../services';
import { Findings, Trace } from '../result';
import { declaredNeeds, NEEDS_TAG } from '../needs';
import { hasInternetPath } from './function-network';
import { HTTPS, naclBetween } from './paths';

/** IAM action prefixes whose calls do not leave through the function's ENIs (or are not API calls). */
const NOT_FROM_THE_FUNCTION = new Set(['logs', 'xray', 'elasticfilesystem', 'kms', 'rds-db', 'iam']);
/** IAM prefix → VPC endpoint service name, where they differ. */
const ENDPOINT_NAME: Record<string, string> = { cloudwatch: 'monitoring', ecr: 'ecr.api', kinesis: 'kinesis-streams', ses: 'email' };
/** Resource types an environment variable may point at → the service the code then calls. */
const RESOURCE_SERVICE: Record<string, string> = {
  aws_sqs_queue: 'sqs',
  aws_sns_topic: 'sns',
  aws_ssm_parameter: 'ssm',
  aws_secretsmanager_secret: 'secretsmanager',
  aws_secretsmanager_secret_version: 'secretsmanager',
  aws_dynamodb_table: 'dynamodb',
  aws_s3_bucket: 's3',
  aws_lambda_function: 'lambda',
  aws_lambda_alias: 'lambda',
  aws_kinesis_stream: 'kinesis-streams',
  aws_sfn_state_machine: 'states',
  aws_cloudwatch_event_bus: 'events',
};

export function checkAwsServices(m: Model, f: Findings): void {
  for (const fn of m.functionsInVpc()) {
    const called = servicesCalled(m, fn);
    for (const [service, reasons] of called) checkService(m, f, fn, service, reasons);
    checkGatewayRoutes(m, f, fn, called);
  }
}

/** A gateway endpoint in the function's VPC promises that its S3/DynamoDB traffic stays off NAT: every Lambda route table carries it. */
function checkGatewayRoutes(m: Model, f: Findings, fn: LambdaFn, called: Map<string, string[]>): void {
  const vpc = m.vpcOf(fn);
  for (const ep of m.network.endpoints.values()) {
    if (ep.vpc !== vpc || ep.type !== 'Gateway') continue;
    const missing = fn.subnets.map((s) => ({ s, rt: m.network.routeTableOf(s)?.table.id })).filter((x) => x.rt && !ep.routeTables.includes(x.rt));
    // Traffic through a gateway endpoint goes to the service's public addresses (its prefix list), which
    // the function's group must send to; where the function evidently calls the service, aws-service says so.
    const egress = m.sgs.egressTo(m.fnSide(fn), { sgs: [], cidrs: [ANYWHERE], prefixLists: [ep.id, ...prefixListsOf(m, ep.service)] }, 'tcp', 443);
    if (missing.length === 0 && !egress && !called.has(ep.service)) {
      const unknown = m.sgs.unknownRules(fn.sgs);
      f.warn(
        fn.name,
        'gateway-endpoint',
        `${ep.id} is on every route table of the function, but its security group ${fn.sgs.join(', ')} sends no TCP 443 to ${ep.service} (the endpoint's prefix list or 0.0.0.0/0)${unknown.length > 0 ? ` that can be read (not known statically: ${unknown.join(', ')})` : ''}: any ${ep.service} call through it is dropped; whether the function makes one is not in these files`,
        [fn.id, ep.id, ...fn.sgs],
        `add an egress rule TCP 443 to ${ep.id}.prefix_list_id on ${fn.sgs[0]}, if the function calls ${ep.service}`,
      );
    } else if (missing.length === 0) {
      f.pass(fn.name, 'gateway-endpoint', `${ep.service} stays off NAT: ${ep.id} is on every route table of the function (${fn.subnets.map((s) => m.network.routeTableOf(s)?.table.id).join(', ')})`, [fn.id, ep.id]);
    } else {
      for (const { s, rt } of missing) {
        f.fail(fn.name, 'gateway-endpoint', `${ep.id} is not on ${rt} (subnet ${s}): ${ep.service} traffic from there goes through NAT (paid per GB) or nowhere`, [fn.id, s, rt!, ep.id], `add ${rt} to route_table_ids of ${ep.id}`);
      }
    }
  }
}

/** service → why we think the function calls it. */
export function servicesCalled(m: Model, fn: LambdaFn): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (service: string, why: string) => {
    const list = out.get(service) ?? [];
    if (!list.includes(why)) list.push(why);
    out.set(service, list);
  };
  const role = m.iam.roleFor(fn.role);
  for (const s of role?.statements ?? []) {
    if (!s.allow || s.managed) continue;
    for (const action of s.actions) {
      const [prefix, name] = action.split(':');
      if (!name || prefix === '*' || NOT_FROM_THE_FUNCTION.has(prefix)) continue;
      if (prefix === 'ec2' && /NetworkInterface|Subnet|PrivateIpAddresses/.test(name)) continue;
      add(ENDPOINT_NAME[prefix] ?? prefix, `role allows ${action}`);
    }
  }
  for (const [key, value] of Object.entries(fn.env)) {
    for (const ref of m.doc.refs(value)) {
      const service = RESOURCE_SERVICE[ref.type];
      if (service && ref.address !== fn.id) add(service, `environment ${key} references ${ref.address}`);
    }
  }
  const vpc = m.vpcOf(fn);
  for (const ep of m.network.endpoints.values()) {
    if (ep.vpc !== vpc || ep.type !== 'Interface' || ep.service === 'privatelink') continue;
    const paired =
      m.sgs.rulesOf(fn.sgs, false).some((r) => r.peer.kind === 'sg' && ep.sgs.includes(r.peer.id)) ||
      m.sgs.rulesOf(ep.sgs, true).some((r) => r.peer.kind === 'sg' && fn.sgs.includes(r.peer.id));
    if (paired) add(ep.service, `security groups pair it with ${ep.id}`);
  }
  for (const need of declaredNeeds(m, fn)) if (need !== 'internet') add(ENDPOINT_NAME[need] ?? need, `${NEEDS_TAG} says ${need}`);
  return out;
}

function checkService(m: Model, f: Findings, fn: LambdaFn, service: string, reasons: string[]): void {
  const vpc = m.vpcOf(fn);
  const what = `${service} (${reasons.join('; ')})`;
  const endpoints = [...m.network.endpoints.values()].filter((e) => e.vpc === vpc && e.service === service);
  const withDns = endpoints.find((e) => e.type === 'Interface' && e.privateDns);
  const t = new Trace().hop(fn.id);
  if (withDns) {
    // Private DNS sends the SDK's regular hostname to the endpoint: this is the path, NAT or not.
    endpointPath(m, t, fn, withDns, HTTPS.port);
    t.report(f, fn.name, 'aws-service', what);
    return;
  }
  const gateway = endpoints.find((e) => e.type === 'Gateway');
  if (gateway) {
    gatewayPath(m, t, fn, gateway);
    t.report(f, fn.name, 'aws-service', what);
    return;
  }
  const natOk = hasInternetPath(m, fn, [HTTPS]);
  const egress = m.sgs.egressTo(m.fnSide(fn), { sgs: [], cidrs: [ANYWHERE] }, 'tcp', 443);
  const noDns = endpoints.find((e) => e.type === 'Interface');
  if (natOk && egress) {
    t.hop(egress.address);
    f.pass(fn.name, 'aws-service', `${what}: through NAT${noDns ? ` (${noDns.id} has private DNS off, so it is not used)` : ''}`, [...t.hops]);
    return;
  }
  if (natOk) {
    const unknown = m.sgs.unknownRules(fn.sgs);
    (unknown.length > 0 ? f.warn.bind(f) : f.fail.bind(f))(
      fn.name,
      'aws-service',
      `${what}: the function's security group allows no TCP 443 out, to 0.0.0.0/0 or to a ${service} endpoint${unknown.length > 0 ? ` that can be read (not known statically: ${unknown.join(', ')})` : ''}`,
      [fn.id, ...fn.sgs],
      `add an egress rule TCP 443 to 0.0.0.0/0 (through NAT) on ${fn.sgs[0]}, or a ${service} interface endpoint`,
    );
    return;
  }
  if (noDns) {
    f.fail(
      fn.name,
      'aws-service',
      `${what}: ${noDns.id} has private DNS off, so the SDK resolves the public ${service} endpoint, and there is no NAT route: calls time out`,
      [fn.id, noDns.id],
      `set private_dns_enabled = true on ${noDns.id}`,
    );
    return;
  }
  f.fail(
    fn.name,
    'aws-service',
    `${what}: calls time out: ${vpc ?? 'the VPC'} has no ${service} VPC endpoint and the function's subnets have no NAT route`,
    [fn.id, ...fn.subnets],
    `add an interface endpoint com.amazonaws.${m.region ?? '<region>'}.${service} with private_dns_enabled = true and a security group admitting TCP 443 from the function (or route 0.0.0.0/0 to a NAT)`,
  );
}

/** Anything with security groups in subnets that calls an endpoint: a function, an instance. */
export type Client = Pick<LambdaFn, 'id' | 'sgs' | 'subnets'>;

/**
 * A function calling an interface endpoint it names, on each port the endpoint serves (an endpoint
 * service's listener ports, else 443): in the endpoint's VPC, the path itself; from another VPC, a
 * route there first.
 */
export function callerToEndpoint(m: Model, t: Trace, fn: LambdaFn, ep: Endpoint): boolean {
  const vpc = m.vpcOf(fn);
  if (vpc !== ep.vpc) return endpointInOtherVpc(m, t, fn, ep, vpc);
  const svc = ep.endpointService ? m.services.endpointServices.get(ep.endpointService) : undefined;
  const ports = svc ? servicePorts(m, svc) : [];
  for (const port of ports.length > 0 ? ports : [443]) if (!endpointPath(m, t, fn, ep, port)) return false;
  return true;
}

/** The ports consumers of an endpoint service use: those of the listeners of its load balancers. */
export function servicePorts(m: Model, svc: EndpointService): number[] {
  return [...m.services.listeners.values()].filter((l) => svc.nlbs.includes(l.lb ?? '') && l.port !== undefined).map((l) => l.port!);
}

/**
 * An interface endpoint answers on addresses of its own VPC's subnets: a client elsewhere needs a route
 * there (peering, transit gateway). With none from the client's subnets, the call cannot arrive; with
 * one, what lies beyond it is for another check.
 */
function endpointInOtherVpc(m: Model, t: Trace, fn: Client, ep: Endpoint, vpc: string | undefined): false {
  t.hop(ep.id);
  const cidrs = m.cidrsOf(ep.subnets);
  const tables = fn.subnets.map((s) => ({ subnet: s, rt: m.network.routeTableOf(s) }));
  const unrouted = cidrs.length > 0 && tables.every((x) => x.rt) ? tables.find((x) => cidrs.some((c) => !m.network.routeFor(x.rt!.table, c))) : undefined;
  if (unrouted) {
    return t.fail(
      `${ep.id} is in ${ep.vpc}, ${fn.id} in ${vpc}, and ${unrouted.rt!.table.id} (subnet ${unrouted.subnet}) has no route to the endpoint's subnets (${cidrs.join(', ')}): an interface endpoint is reached from its own VPC`,
      `run ${fn.id} in subnets of ${ep.vpc}, or give ${vpc} an interface endpoint of its own (service_name as on ${ep.id})`,
      ep.id,
    );
  }
  return t.unknown(`${ep.id} is in ${ep.vpc}, the caller in ${vpc}`, 'check the path between the VPCs as well', ep.id);
}

/** Client → interface endpoint: subnets, security-group pair on `port`, private DNS. */
export function endpointPath(m: Model, t: Trace, fn: Client, ep: Endpoint, port: number): boolean {
  t.hop(ep.id);
  if (ep.subnets.length === 0) return t.fail(`${ep.id} has no subnets`, `set subnet_ids on ${ep.id} (the function's private subnets)`);
  if (!m.sgs.known(ep.sgs)) return t.unknown(`the security groups of ${ep.id} are not in this configuration`, 'check them as well');
  if (!m.sgs.known(fn.sgs)) return t.unknown(`the security groups of ${fn.id} are not in this configuration`, 'check them as well');
  const epSide = { sgs: ep.sgs, cidrs: m.cidrsOf(ep.subnets) };
  const onDefault = ep.sgs.filter((s) => m.isDefaultSg(s));
  const note = onDefault.length > 0 ? ` (${ep.id} sits on the VPC's default security group ${onDefault[0]})` : '';
  const side = { sgs: fn.sgs, cidrs: m.cidrsOf(fn.subnets) };
  const egress = m.sgs.egressTo(side, epSide, 'tcp', port);
  if (!egress) {
    return t.failUnlessUnknown(
      m.sgs.unknownRules(fn.sgs),
      `the function's security group ${fn.sgs.join(', ')} sends no TCP ${port} to ${ep.id} (group ${ep.sgs.join(', ')})${note}`,
      `add an egress rule TCP ${port} to ${ep.sgs[0]} on ${fn.sgs[0]}`,
      ...fn.sgs,
    );
  }
  const ingress = m.sgs.ingressFrom(epSide, side, 'tcp', port);
  if (!ingress) {
    return t.failUnlessUnknown(
      m.sgs.unknownRules(ep.sgs),
      `${ep.id}'s security group ${ep.sgs.join(', ')} does not admit TCP ${port} from the function's group ${fn.sgs.join(', ')}${note}`,
      onDefault.length > 0
        ? `give ${ep.id} its own security group (security_group_ids) admitting TCP ${port} from ${fn.sgs[0]}`
        : `add an ingress rule TCP ${port} from ${fn.sgs[0]} to ${ep.sgs[0]}`,
      ...ep.sgs,
    );
  }
  t.hop(egress.address, ingress.address);
  if (!naclBetween(m, t, fn.subnets, ep.subnets, { protocol: 'tcp', port })) return false;
  if (ep.service !== 'privatelink' && !ep.privateDns) {
    return t.fail(`${ep.id} has private DNS off: the SDK's default hostname does not reach it`, `set private_dns_enabled = true on ${ep.id}`);
  }
  return true;
}

function gatewayPath(m: Model, t: Trace, fn: LambdaFn, ep: Endpoint): boolean {
  for (const subnet of fn.subnets) {
    const rt = m.network.routeTableOf(subnet);
    if (!rt) return t.unknown(`the route table of ${subnet} is not in this configuration`, 'check it as well');
    if (!ep.routeTables.includes(rt.table.id)) {
      return t.fail(
        `gateway endpoint ${ep.id} is not on ${rt.table.id} (subnet ${subnet}): ${ep.service} traffic from there goes through NAT or nowhere`,
        `add ${rt.table.id} to route_table_ids of ${ep.id}`,
        rt.table.id,
        ep.id,
      );
    }
    t.hop(rt.table.id);
  }
  t.hop(ep.id);
  const egress = m.sgs.egressTo(m.fnSide(fn), { sgs: [], cidrs: [ANYWHERE], prefixLists: [ep.id, ...prefixListsOf(m, ep.service)] }, 'tcp', 443);
  if (!egress) {
    return t.failUnlessUnknown(
      m.sgs.unknownRules(fn.sgs),
      `the function's security group ${fn.sgs.join(', ')} allows no TCP 443 to ${ep.service} (its prefix list or 0.0.0.0/0)`,
      `add an egress rule TCP 443 to ${ep.id}.prefix_list_id on ${fn.sgs[0]}`,
      ...fn.sgs,
    );
  }
  t.hop(egress.address);
  return true;
}

/** Prefix-list data sources that name a gateway service ("com.amazonaws.<region>.s3"): rules may point at them instead of the endpoint. */
function prefixListsOf(m: Model, service: string): string[] {
  return [...m.doc.all('data.aws_prefix_list'), ...m.doc.all('data.aws_ec2_managed_prefix_list')]
    .filter((d) => {
      const name = m.doc.resolve(d.body.name);
      return typeof name === 'string' && new RegExp(`\\.${service.replace('.', '\\.')}$`).test(name);
    })
    .map((d) => d.address);
}
