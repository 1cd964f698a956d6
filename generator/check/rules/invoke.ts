/**
 * Invocation paths into a function: SNS subscriptions, load balancer target groups of type lambda,
 * API Gateway REST and HTTP integrations. Each needs its wiring (listener, route, stage...) and an
 * aws_lambda_permission for the service principal, on the same alias the caller invokes, scoped to
 * the source. A permission without the path it admits is a broken promise too.
 */
import type { InvokeTarget, LambdaFn, Permission } from '../lambda';
import type { Model } from '../model';
import { Findings, Trace } from '../result';

const SNS = 'sns.amazonaws.com';
export const ELB = 'elasticloadbalancing.amazonaws.com';
const APIGW = 'apigateway.amazonaws.com';

export function checkInvocations(m: Model, f: Findings): void {
  checkSns(m, f);
  checkTargetGroups(m, f);
  checkRestApis(m, f);
  checkHttpApis(m, f);
  checkOrphanPermissions(m, f);
}

function label(fn: LambdaFn, target: InvokeTarget): string {
  return target.qualifier ? `${fn.name}:${target.qualifier}` : fn.name;
}

/** The permission letting `principal` invoke exactly `target` from `source`; records the break otherwise. */
export function permissionHop(
  m: Model,
  t: Trace,
  fn: LambdaFn,
  target: InvokeTarget,
  principal: string,
  source: string | undefined,
  sourceLabel: string,
  request?: { stages: string[]; method?: string },
): Permission | undefined {
  const forPrincipal = m.lambdas.permissions.filter(
    (p) => p.fn === target.fn && p.principal === principal && (p.action === undefined || /^lambda:(InvokeFunction|\*)$/.test(p.action)),
  );
  const sourceOk = (p: Permission) =>
    p.sourceArn === undefined || source === undefined || (m.doc.refs(p.sourceArn).some((r) => apiOf(m, m.r.refId(r)) === source) && scopeAdmits(m, p.sourceArn, request));
  const exact = forPrincipal.find((p) => (p.qualifier ?? '') === (target.qualifier ?? '') && sourceOk(p));
  const q = target.qualifier ? `qualifier = "${target.qualifier}"` : 'no qualifier';
  if (exact) {
    t.hop(exact.id);
    return exact;
  }
  const near = forPrincipal[0];
  if (near && !sourceOk(near)) {
    t.fail(
      `${near.id} lets ${principal} invoke ${fn.name} only from another source (${String(near.sourceArn)}), not ${sourceLabel}`,
      `set source_arn on ${near.id} to the ARN of ${sourceLabel}`,
      near.id,
    );
  } else if (near) {
    t.fail(
      `${near.id} is for ${near.qualifier ? `qualifier "${near.qualifier}"` : 'the unqualified function'}, but ${sourceLabel} invokes ${label(fn, target)}: invocations are denied`,
      `set ${q} on ${near.id}`,
      near.id,
    );
  } else {
    t.fail(
      `no aws_lambda_permission lets ${principal} invoke ${label(fn, target)}: every invocation from ${sourceLabel} is denied`,
      `add an aws_lambda_permission: action lambda:InvokeFunction, principal ${principal}, function_name ${fn.id}.function_name, ${q}, source_arn ${sourceLabel}`,
    );
  }
  return undefined;
}

/** A stage or deployment stands for its API: their execution_arn is the API's, narrowed. */
function apiOf(m: Model, id: string): string {
  const res = m.doc.get(id);
  if (!res || !/^aws_(api_gateway_(stage|deployment)|apigatewayv2_stage)$/.test(res.type)) return id;
  return m.r.id(res.body.rest_api_id ?? res.body.api_id) ?? id;
}

/**
 * The part of an execute-api source ARN after the API (`/<stage>/<METHOD>/<path>`): a literal stage or
 * method that the request does not use shuts it out; wildcards and unknown parts admit.
 */
function scopeAdmits(m: Model, sourceArn: unknown, request: { stages: string[]; method?: string } | undefined): boolean {
  const text = m.doc.resolve(sourceArn);
  if (!request || typeof text !== 'string') return true;
  const ref = m.doc.refs(text)[0];
  const res = ref && m.doc.get(ref.address);
  const after = text.slice(text.indexOf('}') + 1).split('/').slice(1);
  // A stage's own execution_arn already names the stage: the method comes next.
  const [stage, method] = res && /stage$/.test(res.type) ? [undefined, after[0]] : [after[0], after[1]];
  const literalPart = (p: string | undefined) => p !== undefined && p !== '' && p !== '*' && !p.includes('${');
  if (literalPart(stage) && request.stages.length > 0 && !request.stages.some((s) => wildcard(stage!, s))) return false;
  if (literalPart(method) && request.method && request.method !== 'ANY' && !wildcard(method!, request.method)) return false;
  return true;
}

function wildcard(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
}

function checkSns(m: Model, f: Findings): void {
  for (const sub of m.services.subscriptions) {
    if (sub.protocol !== 'lambda') continue;
    const target = m.lambdas.target(sub.endpoint);
    const fn = target && m.lambdas.functions.get(target.fn);
    if (!target || !fn) continue;
    const t = new Trace().hop(sub.topic, sub.id, fn.id);
    permissionHop(m, t, fn, target, SNS, sub.topic, sub.topic ?? 'the topic');
    t.report(f, fn.name, 'invoke-sns', `SNS ${sub.topic} → ${label(fn, target)}`);
  }
}

function checkTargetGroups(m: Model, f: Findings): void {
  const s = m.services;
  for (const att of s.attachments) {
    const tg = s.targetGroups.get(att.tg ?? '');
    if (!tg || tg.targetType !== 'lambda') continue;
    const target = m.lambdas.target(att.target);
    const fn = target && m.lambdas.functions.get(target.fn);
    if (!target || !fn) continue;
    const t = new Trace();
    const listener = [...s.listeners.values()].find((l) => l.forwards.some((fw) => fw.tg === tg.id));
    const lb = s.loadBalancers.get(listener?.lb ?? '');
    const what = `${lb?.id ?? 'load balancer'} → ${tg.id} → ${label(fn, target)}`;
    if (!listener) {
      t.fail(`no listener forwards to ${tg.id}: nothing reaches the function`, `add an aws_lb_listener (or listener rule) whose action forwards to ${tg.id}`, tg.id, att.id, fn.id);
      t.report(f, fn.name, 'invoke-alb', what);
      continue;
    }
    t.hop(lb?.id, listener.id, ...listener.forwards.filter((fw) => fw.tg === tg.id && fw.via !== listener.id).map((fw) => fw.via), tg.id, att.id, fn.id);
    if (lb) {
      const azs = new Set(lb.subnets.map((sn) => m.azOf(sn)));
      const vpc = m.lbVpc(lb);
      if (lb.type === 'application' && azs.size < 2) {
        t.fail(`${lb.id} has subnets in ${azs.size} AZ(s); an application load balancer needs two or more`, `give ${lb.id} subnets in at least two AZs`);
      } else if (!lb.internal && vpc && m.network.vpcs.has(vpc) && !m.network.igwOf(vpc)) {
        t.fail(`${lb.id} is internet-facing, but ${vpc} has no internet gateway`, `set internal = true on ${lb.id}`);
      }
    }
    const perm = permissionHop(m, t, fn, target, ELB, tg.id, tg.id);
    if (perm && !m.dependsOn(att.id, perm.id)) {
      t.fail(
        `${att.id} does not wait for ${perm.id}: registering the function fails until the permission exists`,
        `add depends_on = ["${perm.id}"] to ${att.id}`,
      );
    }
    t.report(f, fn.name, 'invoke-alb', what);
  }
}

function checkRestApis(m: Model, f: Findings): void {
  const s = m.services;
  for (const integ of s.restIntegrations) {
    const target = m.lambdas.target(integ.uri);
    const fn = target && m.lambdas.functions.get(target.fn);
    if (!target || !fn) continue;
    const api = s.restApis.get(integ.api ?? '');
    const t = new Trace().hop(api?.id, integ.id, fn.id);
    const what = `${api?.id ?? 'REST API'} → ${label(fn, target)}`;
    if (integ.type !== 'AWS_PROXY' && integ.type !== 'AWS') {
      t.fail(`${integ.id} has type ${integ.type ?? 'unset'}; a Lambda integration is AWS_PROXY`, `set type = "AWS_PROXY" on ${integ.id}`);
    } else if (integ.httpMethod !== 'POST') {
      t.fail(`${integ.id} uses integration_http_method ${integ.httpMethod ?? 'unset'}; API Gateway invokes Lambda only with POST`, `set integration_http_method = "POST" on ${integ.id}`);
    }
    const deployments = s.restDeployments.filter((d) => d.api === api?.id);
    const stages = s.restStages.filter((st) => st.api === api?.id);
    const stage = stages.find((st) => deployments.some((d) => d.id === st.deployment)) ?? stages[0];
    const deployment = deployments.find((d) => d.id === stage?.deployment) ?? deployments[0];
    if (!deployment) t.fail(`${api?.id} has no aws_api_gateway_deployment: nothing is served`, `add an aws_api_gateway_deployment for ${api?.id}`);
    else if (!stage) t.fail(`${api?.id} has no aws_api_gateway_stage: the deployment has no URL`, `add an aws_api_gateway_stage with deployment_id ${deployment.id}.id`);
    else if (stage.deployment && !deployments.some((d) => d.id === stage.deployment) && !stage.deployment.includes('${')) {
      t.fail(`${stage.id} serves ${stage.deployment}, not a deployment of ${api?.id}`, `set deployment_id = ${deployment.id}.id on ${stage.id}`, stage.id);
    }
    t.hop(deployment?.id, stage?.id);
    if (api?.private) {
      const policy = api.policy && m.iam.policyText(api.policy.value);
      if (!api.policy || !policy) {
        t.fail(`${api.id} is PRIVATE and has no resource policy: API Gateway denies every call`, `add an aws_api_gateway_rest_api_policy allowing execute-api:Invoke only with aws:SourceVpce = the execute-api endpoint's id`);
      } else if (!/execute-api:(Invoke|\*)/.test(policy.text) || !/aws:SourceVpce?\b/i.test(policy.text)) {
        t.fail(`${api.policy.source} does not allow execute-api:Invoke restricted by aws:SourceVpce`, `allow execute-api:Invoke with condition StringEquals aws:SourceVpce = the execute-api endpoint's id`, api.policy.source);
      } else {
        t.hop(api.policy.source);
      }
    }
    permissionHop(m, t, fn, target, APIGW, api?.id, `${api?.id ?? 'the API'}.execution_arn`, { stages: stages.map((st) => st.name).filter((n): n is string => Boolean(n)), method: integ.method });
    t.report(f, fn.name, 'invoke-rest-api', what);
    // A resource policy changed later reaches callers only through a new deployment.
    if (api?.private && api.policy && deployment && api.policy.source !== api.id) {
      const redeploys = deployment.redeployedBy?.includes(api.policy.source) || m.dependsOn(deployment.id, api.policy.source);
      if (!redeploys) {
        f.warn(fn.name, 'invoke-rest-api', `${deployment.id} neither depends on nor is triggered by ${api.policy.source}: the first deployment may be taken without the policy (every call denied), and later policy changes are not deployed`, [deployment.id, api.policy.source], `add triggers = { redeployment = sha1(jsonencode(${api.policy.source}.policy)) } (and lifecycle create_before_destroy) to ${deployment.id}`);
      }
    }
  }
}

function checkHttpApis(m: Model, f: Findings): void {
  const s = m.services;
  for (const integ of s.httpIntegrations) {
    const target = m.lambdas.target(integ.uri);
    const fn = target && m.lambdas.functions.get(target.fn);
    if (!target || !fn) continue;
    const api = s.httpApis.get(integ.api ?? '');
    const route = s.httpRoutes.find((r) => r.api === api?.id && m.doc.refs(r.target).some((ref) => ref.address === integ.id));
    const stage = s.httpStages.find((st) => st.api === api?.id);
    const t = new Trace().hop(api?.id, route?.id, integ.id, fn.id);
    const what = `${api?.id ?? 'HTTP API'} → ${label(fn, target)}`;
    if (integ.type !== 'AWS_PROXY') t.fail(`${integ.id} has integration_type ${integ.type ?? 'unset'}; a Lambda integration is AWS_PROXY`, `set integration_type = "AWS_PROXY" on ${integ.id}`);
    if (!route) t.fail(`no aws_apigatewayv2_route targets ${integ.id}: no request reaches it`, `add a route with target = "integrations/\${${integ.id}.id}"`);
    if (!stage) t.fail(`${api?.id} has no stage`, `add an aws_apigatewayv2_stage with auto_deploy = true for ${api?.id}`);
    else if (!stage.autoDeploy) t.fail(`${stage.id} is neither auto-deployed nor given a deployment: routes are never served`, `set auto_deploy = true on ${stage.id}`, stage.id);
    t.hop(stage?.id);
    const stageNames = s.httpStages.filter((st) => st.api === api?.id).map((st) => st.name).filter((n): n is string => Boolean(n));
    permissionHop(m, t, fn, target, APIGW, api?.id, `${api?.id ?? 'the API'}.execution_arn`, { stages: stageNames, method: route?.routeKey?.startsWith('$') ? 'ANY' : route?.routeKey?.split(' ')[0] });
    t.report(f, fn.name, 'invoke-http-api', what);
  }
}

/** A permission for a source in this configuration whose path does not exist. */
function checkOrphanPermissions(m: Model, f: Findings): void {
  const s = m.services;
  for (const p of m.lambdas.permissions) {
    const fn = m.lambdas.functions.get(p.fn ?? '');
    const source = m.doc.refs(p.sourceArn)[0];
    if (!fn || !source || !m.doc.get(source.address)) continue;
    const src = m.r.refId(source);
    const targets = (value: unknown) => m.lambdas.target(value)?.fn === fn.id;
    if (p.principal === SNS && source.type === 'aws_sns_topic') {
      if (!s.subscriptions.some((sub) => sub.topic === src && sub.protocol === 'lambda' && targets(sub.endpoint))) {
        f.fail(fn.name, 'invoke-sns', `${p.id} admits SNS topic ${src}, but no subscription of that topic delivers to ${fn.name}`, [p.id, src, fn.id], `add an aws_sns_topic_subscription: topic_arn ${src}.arn, protocol "lambda", endpoint = the function's alias ARN`);
      }
    } else if (p.principal === ELB && source.type === 'aws_lb_target_group') {
      if (!s.attachments.some((a) => a.tg === src && targets(a.target))) {
        f.fail(fn.name, 'invoke-alb', `${p.id} admits target group ${src}, but no aws_lb_target_group_attachment registers ${fn.name} in it`, [p.id, src, fn.id], `add an aws_lb_target_group_attachment: target_group_arn ${src}.arn, target_id = the function's alias ARN`);
      }
    } else if (p.principal === APIGW && (source.type === 'aws_api_gateway_rest_api' || source.type === 'aws_apigatewayv2_api')) {
      const integrations = source.type === 'aws_api_gateway_rest_api' ? s.restIntegrations : s.httpIntegrations;
      if (!integrations.some((i) => i.api === src && targets(i.uri))) {
        f.fail(fn.name, 'invoke-api', `${p.id} admits ${src}, but no integration of that API invokes ${fn.name}`, [p.id, src, fn.id], `add a Lambda proxy integration in ${src} whose URI is the function's alias invoke ARN`);
      }
    }
  }
}
