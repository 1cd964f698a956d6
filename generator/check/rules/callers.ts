/**
 * Calls a function makes, read from what its environment references: a load balancer, an API, a VPC
 * endpoint or another function. Each reference promises a path from the caller: security groups
 * on the listener port, the execute-api endpoint of a private API, NAT for public APIs, IAM for
 * lambda:InvokeFunction. (The PrivateLink chain behind an endpoint service: privatelink.ts.)
 */
import { ANYWHERE } from '../cidr';
import { wildcardMatch } from '../iam';
import type { InvokeTarget, LambdaFn } from '../lambda';
import type { Model } from '../model';
import type { Endpoint } from '../network';
import type { Ref } from '../refs';
import { Findings, Trace } from '../result';
import type { LoadBalancer } from '../services';
import { callerToEndpoint, endpointPath } from './aws-services';
import { hasInternetPath } from './function-network';
import { HTTPS, naclBetween } from './paths';

export function checkCallers(m: Model, f: Findings): void {
  for (const fn of m.lambdas.functions.values()) {
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(fn.env)) {
      for (const ref of m.doc.callRefs(value)) {
        const id = `${ref.address}`;
        if (seen.has(id) || ref.address === fn.id) continue;
        seen.add(id);
        callOne(m, f, fn, key, value, ref);
      }
    }
  }
}

function callOne(m: Model, f: Findings, fn: LambdaFn, key: string, value: unknown, ref: Ref): void {
  const s = m.services;
  const apiOf = (address: string) => m.r.id(m.doc.get(address)?.body.rest_api_id ?? m.doc.get(address)?.body.api_id);
  switch (ref.type) {
    case 'aws_lb':
      return callLb(m, f, fn, key, s.loadBalancers.get(ref.address));
    case 'aws_lb_listener':
      return callLb(m, f, fn, key, s.loadBalancers.get(s.listeners.get(ref.address)?.lb ?? ''));
    case 'aws_api_gateway_rest_api':
      return callRestApi(m, f, fn, key, ref.address);
    case 'aws_api_gateway_stage':
    case 'aws_api_gateway_deployment':
      return callRestApi(m, f, fn, key, apiOf(ref.address));
    case 'aws_apigatewayv2_api':
      return callPublicApi(m, f, fn, key, ref.address);
    case 'aws_apigatewayv2_stage':
      return callPublicApi(m, f, fn, key, apiOf(ref.address));
    case 'aws_vpc_endpoint':
      return callEndpoint(m, f, fn, key, m.network.endpoints.get(ref.address));
    case 'aws_lambda_function':
    case 'aws_lambda_alias': {
      const target = m.lambdas.target(typeof value === 'string' ? value : `\${${ref.address}${ref.path}}`);
      if (target) return callLambda(m, f, fn, key, { ...target, qualifier: target.qualifier ?? qualifierFromEnv(m, fn, target.fn) });
      return;
    }
    default:
      return;
  }
}

function callLb(m: Model, f: Findings, caller: LambdaFn, key: string, lb: LoadBalancer | undefined): void {
  if (!lb) return;
  const t = new Trace().hop(caller.id, lb.id);
  const listeners = [...m.services.listeners.values()].filter((l) => l.lb === lb.id);
  const what = `environment ${key} → ${lb.id}`;
  if (!caller.inVpc) {
    if (lb.internal) t.fail(`${caller.name} is not in a VPC, so it cannot reach the internal ${lb.id}`, `give ${caller.id} a vpc_config in ${m.lbVpc(lb)}`);
    t.report(f, caller.name, 'call-lb', what);
    return;
  }
  const callerVpc = m.vpcOf(caller);
  const lbVpc = m.lbVpc(lb);
  if (lbVpc && callerVpc && lbVpc !== callerVpc) {
    t.unknown(`${lb.id} is in ${lbVpc}, the caller in ${callerVpc}`, 'check the route between the VPCs (peering) as well');
  } else if (!lb.internal && !hasInternetPath(m, caller, [HTTPS])) {
    t.fail(`${lb.id} is internet-facing and the caller's subnets have no NAT route to reach it`, `set internal = true on ${lb.id}`);
  } else if (listeners.length === 0) {
    t.fail(`${lb.id} has no listener`, `add an aws_lb_listener to ${lb.id}`);
  }
  const lbSide = { sgs: m.lbSgs(lb), cidrs: m.cidrsOf(lb.subnets) };
  for (const l of t.ok ? listeners : []) {
    const port = l.port ?? 443;
    const egress = m.sgs.egressTo(m.fnSide(caller), lbSide, 'tcp', port);
    if (!egress) {
      t.fail(`the caller's security group ${caller.sgs.join(', ')} sends no TCP ${port} to ${lb.id} (group ${lbSide.sgs.join(', ') || 'none'})`, `add an egress rule TCP ${port} to ${lbSide.sgs[0] ?? 'the load balancer subnets'} on ${caller.sgs[0]}`, ...caller.sgs);
      break;
    }
    t.hop(egress.address);
    if (lbSide.sgs.length === 0) continue;
    const ingress = m.sgs.ingressFrom(lbSide, m.fnSide(caller), 'tcp', port);
    if (!ingress) {
      const onDefault = lbSide.sgs.some((sg) => m.isDefaultSg(sg)) ? ` (${lb.id} sits on the VPC's default security group)` : '';
      t.fail(`${lb.id}'s security group ${lbSide.sgs.join(', ')} does not admit TCP ${port} from the caller's group ${caller.sgs.join(', ')}${onDefault}`, `add an ingress rule TCP ${port} from ${caller.sgs[0]} to ${lbSide.sgs[0]}`, ...lbSide.sgs);
      break;
    }
    t.hop(ingress.address, l.id);
    if (!naclBetween(m, t, caller.subnets, lb.subnets, { protocol: 'tcp', port })) break;
  }
  t.report(f, caller.name, 'call-lb', what);
}

function executeApiEndpoint(m: Model, vpc: string | undefined): Endpoint | undefined {
  return [...m.network.endpoints.values()].find((e) => e.vpc === vpc && e.service === 'execute-api' && e.type === 'Interface');
}

function callRestApi(m: Model, f: Findings, caller: LambdaFn, key: string, apiId: string | undefined): void {
  const api = m.services.restApis.get(apiId ?? '');
  if (!api) return;
  if (!api.private) return callPublicApi(m, f, caller, key, api.id);
  const t = new Trace().hop(caller.id);
  const what = `environment ${key} → private ${api.id}`;
  const vpc = m.vpcOf(caller);
  const ep = caller.inVpc ? executeApiEndpoint(m, vpc) : undefined;
  if (!ep) {
    t.fail(`${api.id} is PRIVATE: the caller needs an execute-api interface endpoint in its VPC, and ${vpc ?? 'it has no VPC'} has none`, `add an execute-api interface endpoint (private_dns_enabled = true) in ${vpc ?? 'the caller VPC'} with a security group admitting TCP 443 from ${caller.sgs[0] ?? 'the caller'}`);
  } else if (endpointPath(m, t, caller, ep, 443)) {
    const policy = api.policy && m.iam.policyText(api.policy.value);
    const named = [...api.vpcEndpoints, ...(policy?.refs ?? []).filter((r) => r.startsWith('aws_vpc_endpoint.'))];
    if (named.length > 0 && !named.includes(ep.id)) {
      t.fail(`${api.id} admits only ${[...new Set(named)].join(', ')}, not the caller's endpoint ${ep.id}`, `allow ${ep.id} in the API's resource policy (aws:SourceVpce) and endpoint_configuration`);
    } else {
      t.hop(api.id);
    }
  }
  t.report(f, caller.name, 'call-api', what);
}

/** Regional and HTTP APIs are public: a VPC caller reaches them through NAT. */
function callPublicApi(m: Model, f: Findings, caller: LambdaFn, key: string, apiId: string | undefined): void {
  if (!apiId || !caller.inVpc) return;
  const t = new Trace().hop(caller.id, apiId);
  const what = `environment ${key} → public ${apiId}`;
  const ep = executeApiEndpoint(m, m.vpcOf(caller));
  if (ep?.privateDns) {
    t.fail(`${ep.id} has private DNS on, which sends every execute-api hostname in the VPC to the endpoint: public APIs are then unreachable from the caller`, `call ${apiId} through a custom domain name, or turn private DNS off on ${ep.id}`, ep.id);
  } else if (!hasInternetPath(m, caller, [HTTPS])) {
    t.fail(`${apiId} is a public API and the caller's subnets have no NAT route to the internet`, `route 0.0.0.0/0 from the caller's subnets to a NAT, or make the API private with an execute-api endpoint`);
  } else if (!m.sgs.egressTo(m.fnSide(caller), { sgs: [], cidrs: [ANYWHERE] }, 'tcp', 443)) {
    t.fail(`the caller's security group ${caller.sgs.join(', ')} allows no TCP 443 to 0.0.0.0/0`, `add an egress rule TCP 443 to 0.0.0.0/0 on ${caller.sgs[0]}`, ...caller.sgs);
  }
  t.report(f, caller.name, 'call-api', what);
}

function callEndpoint(m: Model, f: Findings, caller: LambdaFn, key: string, ep: Endpoint | undefined): void {
  if (!ep || !caller.inVpc) return;
  const t = new Trace().hop(caller.id);
  callerToEndpoint(m, t, caller, ep);
  t.report(f, caller.name, 'call-endpoint', `environment ${key} → ${ep.id}${ep.endpointService ? ` (${ep.endpointService})` : ''}`);
}

function callLambda(m: Model, f: Findings, caller: LambdaFn, key: string, target: InvokeTarget): void {
  const fn = m.lambdas.functions.get(target.fn)!;
  const t = new Trace().hop(caller.id);
  const what = `environment ${key} → ${target.qualifier ? `${fn.name}:${target.qualifier}` : fn.name}`;
  const role = m.iam.roleFor(caller.role);
  if (!role) {
    t.unknown(`the caller's role ${String(caller.role)} is not in this configuration; cannot verify lambda:InvokeFunction`, 'check it as well');
  } else {
    const grant = m.iam.allows(role, 'lambda:InvokeFunction', (raw) => invokeResourceMatches(m, raw, fn, target));
    if (grant) t.hop(role.id, grant.source, fn.id);
    else if (role.unreadable.length > 0) t.unknown(`${role.id} has policies that cannot be read (${role.unreadable.join(', ')})`, `make sure it allows lambda:InvokeFunction on ${fn.name}`, role.id);
    else {
      const arn = target.qualifier ? `\${${fn.id}.arn}:${target.qualifier}` : `\${${fn.id}.arn}`;
      t.fail(`${role.id} does not allow lambda:InvokeFunction on ${target.qualifier ? `${fn.name}:${target.qualifier}` : fn.name}: the call is denied`, `allow lambda:InvokeFunction on "${arn}" in a policy of ${role.id}`, role.id);
    }
  }
  t.report(f, caller.name, 'call-lambda', what);
}

/**
 * A function name passed with a separate qualifier variable (TARGET_QUALIFIER = "live") is invoked
 * qualified: the literal value of an environment key naming a qualifier or alias, when it is an alias
 * of the target.
 */
function qualifierFromEnv(m: Model, caller: LambdaFn, target: string): string | undefined {
  const aliases = m.lambdas.aliasesOf(target).map((a) => a.name);
  for (const [key, value] of Object.entries(caller.env)) {
    if (/QUALIFIER|ALIAS/i.test(key) && typeof value === 'string' && aliases.includes(value)) return value;
  }
  return undefined;
}

/** Whether a policy resource covers invoking `target` (qualified ARNs need the qualifier or ":*"). */
function invokeResourceMatches(m: Model, raw: string, fn: LambdaFn, target: InvokeTarget): boolean {
  const q = target.qualifier;
  const refs = m.doc.refs(raw);
  const fnRef = refs.find((r) => r.type === 'aws_lambda_function' && r.address === fn.id);
  if (fnRef) {
    const suffix = raw.slice(raw.indexOf('}') + 1);
    if (suffix === '*' || suffix === ':*') return suffix === '*' || q !== undefined;
    return q ? suffix === `:${q}` : suffix === '';
  }
  const aliasRef = refs.find((r) => r.type === 'aws_lambda_alias');
  if (aliasRef) {
    const alias = m.lambdas.aliases.get(aliasRef.address);
    return alias?.fn === fn.id && alias.name === q;
  }
  if (raw.includes('${')) return false;
  const after = raw.split(':function:')[1];
  return after !== undefined && wildcardMatch(after, q ? `${fn.name}:${q}` : fn.name);
}
