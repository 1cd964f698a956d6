/**
 * What to verify once a stack is deployed, read from its synthesized Terraform (resources, wiring and
 * outputs) rather than from the pattern, so a stack that combines capabilities gets every check it
 * needs: each function invoked through its alias (and what its own call goes through), each public
 * HTTP API, each SNS topic a function subscribes to, the Session Manager host with the probes its
 * security group lets it run, and the NAT's public IPs to compare with what a function sees.
 * One plan feeds the generated READMEs' "Verify it" section and `vpc-lambda-gen verify`.
 * Pure: no file system, no AWS.
 */
import { cidrContains } from '../check/cidr';
import { literal, objects } from '../check/doc';
import type { LambdaFn } from '../check/lambda';
import { refsIn, type Ref } from '../check/refs';
import { hostStep } from './host-probes';
import { StackReader, StackView } from './stack-view';

/**
 * A value a command needs: already in the Terraform (a function name), known only after deploy and
 * read from an output (`terraform output -raw <output>`; `key` for one entry of a map output, `list`
 * for a list), or
 * neither (no output holds it: `missing` names the attribute).
 */
export type Value = { literal: string } | { output: string; key?: string; list?: boolean } | { missing: string };

/** Invoke a function's alias and read its answer. */
export interface InvokeStep {
  kind: 'invoke';
  title: string;
  /** The aws_lambda_function. */
  address: string;
  functionName: Value;
  qualifier: string;
  payload: Record<string, unknown>;
  /** What the function's own call goes through, first hop to last, and the URL it calls when one is named. */
  calls?: { via: string[]; url?: Value };
  /** The output listing the NAT's public IPs, when the function's internet traffic leaves through NAT. */
  egressIps?: Value;
  /** Why the step cannot run unattended; the runner reports it as SKIP with this text. */
  needs?: string;
}

/** GET a public URL (an HTTP API's). */
export interface HttpStep {
  kind: 'http';
  title: string;
  address: string;
  url: Value;
  /** Path below the URL, from the API's routes ("/" for a catch-all or $default route). */
  path: string;
}

/** Publish to an SNS topic, then read the subscribed functions' logs for the result. */
export interface PublishStep {
  kind: 'publish';
  title: string;
  address: string;
  topic: Value;
  /** The topic's customer managed KMS key, which a publisher must be allowed to use. */
  kmsKey?: string;
  subscribers: { functionName: Value; logGroup: Value }[];
}

/** A command to run in a Session Manager shell on the debug host; `<name>` placeholders come from `values`. */
export interface Probe {
  what: string;
  command: string;
  expect: string;
  values: Record<string, Value>;
}

/** The Session Manager host: has its agent registered, and what to probe from it. */
export interface HostStep {
  kind: 'ssm-host';
  title: string;
  address: string;
  instance: Value;
  probes: Probe[];
}

/** Something this stack cannot check by itself (an internal service nothing in it calls). */
export interface NoteStep {
  kind: 'note';
  title: string;
  address: string;
  text: string;
}

export type VerifyStep = InvokeStep | HttpStep | PublishStep | HostStep | NoteStep;

export interface VerifyPlan {
  /** The aws provider's region, when the Terraform sets it literally. */
  region?: string;
  steps: VerifyStep[];
}

/** The alias every generated function is invoked through; others are used when a stack has no `live`. */
const PREFERRED_ALIAS = 'live';

export function verifyPlan(json: Record<string, unknown>): VerifyPlan {
  const view = new StackView(json);
  return { region: view.m.region, steps: new Planner(view).steps() };
}

/** Functions, public APIs, topics and what nothing calls; the host's step is ./host-probes.ts. */
class Planner extends StackReader {
  steps(): VerifyStep[] {
    const invokes = [...this.m.lambdas.functions.values()].map((fn) => this.invoke(fn));
    // Functions that call nothing first: when a target fails on its own, its caller's failure follows.
    const ordered = [...invokes.filter((s) => !s.calls), ...invokes.filter((s) => s.calls)];
    // Before the notes: the host's probes may reach what no function calls.
    const host = hostStep(this.view);
    return [...ordered, ...this.httpApis(), ...this.topics(), ...(host ? [host] : []), ...this.unreached()];
  }

  // ---- functions ----------------------------------------------------------------------------

  private qualifier(fn: LambdaFn): string {
    const names = this.m.lambdas.aliasesOf(fn.id).map((a) => a.name).filter((n): n is string => n !== undefined);
    return names.includes(PREFERRED_ALIAS) ? PREFERRED_ALIAS : (names[0] ?? '$LATEST');
  }

  private invoke(fn: LambdaFn): InvokeStep {
    const qualifier = this.qualifier(fn);
    const step: InvokeStep = {
      kind: 'invoke',
      title: `${this.view.label(fn)}, through its ${qualifier} alias`,
      address: fn.id,
      functionName: this.view.functionName(fn),
      qualifier,
      payload: {},
    };
    const calls = this.callsOf(fn);
    if (calls) {
      step.calls = calls;
      step.title = [`${this.view.label(fn)} (${qualifier})`, ...calls.via].join(' → ');
    }
    if (this.view.leavesThroughNat(fn.subnets)) {
      const ips = this.view.natIps();
      if (ips) step.egressIps = ips;
    }
    const peer = this.unnamedPeer(fn);
    if (peer && !calls) {
      step.needs = `nothing in its environment names an address in the peer VPC (${peer}): give it one (the sample reads PEER_API_URL, set by pattern.peerApiUrl or --peer-url) or invoke it yourself with the payload \`{"url": "https://<host in ${peer}>/…"}\``;
    }
    return step;
  }

  /** The first thing the function's environment says it calls, as a chain of hops. */
  private callsOf(fn: LambdaFn): InvokeStep['calls'] | undefined {
    for (const value of Object.values(fn.env)) {
      for (const ref of this.m.doc.callRefs(value)) {
        if (ref.address === fn.id) continue;
        const via = this.chain(ref, value);
        // A function name is no URL; anything else the environment holds is what the caller sends to.
        if (via) return { via, url: typeof value === 'string' && !ref.type.startsWith('aws_lambda_') ? this.urlValue(value) : undefined };
      }
      const peer = typeof value === 'string' ? this.peerUrl(value) : undefined;
      if (peer) return { via: [`peering connection ${peer.pcx}`, `the API at ${peer.url}`], url: { literal: peer.url } };
    }
    return undefined;
  }

  /** A URL as a value: the output that holds the same string, else the string when it is literal. */
  private urlValue(text: string): Value {
    return this.outputs.exact(text) ?? (text.includes('${') ? { missing: text } : { literal: text });
  }

  /** The hops behind a reference in a caller's environment, ending at the function that answers. */
  private chain(ref: Ref, value: unknown): string[] | undefined {
    const s = this.m.services;
    const apiOf = (address: string) => this.m.r.id(this.m.doc.get(address)?.body.rest_api_id ?? this.m.doc.get(address)?.body.api_id);
    switch (ref.type) {
      case 'aws_lb':
        return this.lbChain(ref.address);
      case 'aws_lb_listener':
        return this.lbChain(s.listeners.get(ref.address)?.lb ?? '');
      case 'aws_api_gateway_rest_api':
      case 'aws_apigatewayv2_api':
        return this.apiChain(ref.address);
      case 'aws_api_gateway_stage':
      case 'aws_api_gateway_deployment':
      case 'aws_apigatewayv2_stage':
        return this.apiChain(apiOf(ref.address) ?? '');
      case 'aws_vpc_endpoint':
        return this.endpointChain(ref.address);
      case 'aws_lambda_function':
      case 'aws_lambda_alias': {
        const target = this.m.lambdas.target(typeof value === 'string' ? value : `\${${ref.address}${ref.path}}`);
        const fn = target && this.m.lambdas.functions.get(target.fn);
        if (!fn) return undefined;
        const endpoint = [...this.m.network.endpoints.values()].find((e) => e.service === 'lambda' && e.type === 'Interface');
        return [endpoint ? `Lambda API through the lambda interface endpoint ${endpoint.id}` : 'Lambda API', this.view.label(fn)];
      }
      default:
        return undefined;
    }
  }

  private lbChain(address: string, depth = 0): string[] | undefined {
    const lb = this.m.services.loadBalancers.get(address);
    if (!lb || depth > 3) return undefined;
    this.view.reached.add(lb.id);
    const kind = lb.type === 'network' ? 'NLB' : lb.type === 'application' ? 'ALB' : 'load balancer';
    const hops = [`${lb.internal ? 'internal ' : ''}${kind} ${lb.id}`];
    for (const target of this.forwardedTo(lb.id)) {
      const next = refsIn(this.m.doc.resolve(target))[0];
      if (next?.type === 'aws_lb') return [...hops, ...(this.lbChain(next.address, depth + 1) ?? [])];
      const fn = this.view.targetFunction(target);
      if (fn) return [...hops, this.view.label(fn)];
    }
    return hops;
  }

  /** The targets (target_id) of the groups a load balancer's listeners forward to. */
  private forwardedTo(lb: string): unknown[] {
    const tgs = [...this.m.services.listeners.values()].filter((l) => l.lb === lb).flatMap((l) => l.forwards.map((f) => f.tg));
    return this.m.services.attachments.filter((a) => a.tg !== undefined && tgs.includes(a.tg)).map((a) => a.target);
  }

  private apiChain(address: string): string[] | undefined {
    const rest = this.m.services.restApis.get(address);
    const http = this.m.services.httpApis.get(address);
    if (!rest && !http) return undefined;
    this.view.reached.add(address);
    const hops = [rest ? `${rest.private ? 'private REST API' : 'REST API'} ${address}` : `HTTP API ${address}`];
    if (rest?.private) {
      const endpoint = rest.vpcEndpoints[0];
      if (endpoint) hops.unshift(`execute-api interface endpoint ${endpoint}`);
    }
    const integrations = rest ? this.m.services.restIntegrations : this.m.services.httpIntegrations;
    const fn = integrations.filter((i) => i.api === address).map((i) => this.view.targetFunction(i.uri)).find(Boolean);
    return fn ? [...hops, this.view.label(fn)] : hops;
  }

  private endpointChain(address: string): string[] | undefined {
    const endpoint = this.m.network.endpoints.get(address);
    if (!endpoint) return undefined;
    const service = endpoint.endpointService && this.m.services.endpointServices.get(endpoint.endpointService);
    if (!service) return [`${endpoint.service} interface endpoint ${endpoint.id}`];
    this.view.reached.add(service.id);
    return [`consumer endpoint ${endpoint.id}`, `endpoint service ${service.id}`, ...service.nlbs.flatMap((nlb) => this.lbChain(nlb) ?? [])];
  }

  /** The peering connection whose route covers the host of a literal http(s) URL. */
  private peerUrl(text: string): { pcx: string; url: string } | undefined {
    const host = /^https?:\/\/(\d+\.\d+\.\d+\.\d+)(?::\d+)?(?:\/|$)/.exec(text)?.[1];
    if (!host) return undefined;
    const route = this.view.peeringRoutes().find((r) => cidrContains(r.destination, `${host}/32`));
    return route && { pcx: route.target.id, url: text };
  }

  /** The peer CIDR a function routes to when its environment names no address there. */
  private unnamedPeer(fn: LambdaFn): string | undefined {
    const tables = fn.subnets.map((s) => this.m.network.routeTableOf(s)?.table.id);
    const route = this.view.peeringRoutes().find((r) => tables.includes(r.table));
    return route?.destination;
  }

  // ---- public HTTP APIs ---------------------------------------------------------------------

  private httpApis(): HttpStep[] {
    const steps: HttpStep[] = [];
    for (const api of this.m.services.httpApis.values()) {
      if (api.protocol !== undefined && api.protocol !== 'HTTP') continue;
      const stage = this.m.services.httpStages.find((st) => st.api === api.id);
      const stageName = stage ? literal(this.m.doc.get(stage.id)?.body.name) : undefined;
      const endpointUrl = this.outputs.exact(`\${${api.id}.api_endpoint}`);
      const stageUrl = stage ? this.outputs.exact(`\${${stage.id}.invoke_url}`) : undefined;
      // api_endpoint has no stage in it; a named stage's invoke_url has.
      const prefix = endpointUrl && stageName && stageName !== '$default' ? `/${stageName}` : '';
      const fn = this.m.services.httpIntegrations.filter((i) => i.api === api.id).map((i) => this.view.targetFunction(i.uri)).find(Boolean);
      steps.push({
        kind: 'http',
        title: [`HTTP API ${api.id} (public)`, ...(fn ? [this.view.label(fn)] : [])].join(' → '),
        address: api.id,
        url: endpointUrl ?? stageUrl ?? { missing: `${api.id}.api_endpoint` },
        path: `${prefix}${this.getPath(api.id)}`,
      });
    }
    return steps;
  }

  /** A path a GET reaches: "/" behind $default or a catch-all, else the first GET/ANY route without parameters. */
  private getPath(api: string): string {
    const keys = this.m.services.httpRoutes
      .filter((r) => r.api === api)
      .map((r) => literal(this.m.doc.get(r.id)?.body.route_key))
      .filter((k): k is string => k !== undefined);
    if (keys.some((k) => k === '$default' || /^(ANY|GET) \/\{proxy\+\}$/.test(k))) return '/';
    const plain = keys.map((k) => /^(?:ANY|GET) (\/[^{}]*)$/.exec(k)?.[1]).find(Boolean);
    return plain ?? '/';
  }

  // ---- SNS topics ---------------------------------------------------------------------------

  private topics(): PublishStep[] {
    const byTopic = new Map<string, LambdaFn[]>();
    for (const sub of this.m.services.subscriptions) {
      if (sub.protocol !== 'lambda' || !sub.topic) continue;
      const fn = this.view.targetFunction(sub.endpoint);
      if (fn) byTopic.set(sub.topic, [...(byTopic.get(sub.topic) ?? []), fn]);
    }
    return [...byTopic.entries()].map(([topic, fns]) => {
      const key = refsIn(this.m.doc.resolve(this.m.doc.get(topic)?.body.kms_master_key_id))[0];
      return {
        kind: 'publish' as const,
        title: `SNS topic ${topic} → ${fns.map((fn) => this.view.label(fn)).join(', ')}`,
        address: topic,
        topic: this.outputs.attribute(topic, 'arn'),
        kmsKey: key?.type === 'aws_kms_key' ? key.address : undefined,
        subscribers: fns.map((fn) => ({ functionName: this.view.functionName(fn), logGroup: this.logGroup(fn) })),
      };
    });
  }

  private logGroup(fn: LambdaFn): Value {
    const configured = objects(fn.body.logging_config)[0]?.log_group;
    const group = configured === undefined ? undefined : this.m.doc.scalar(configured);
    if (typeof group === 'string' && !group.includes('${')) return { literal: group };
    const name = this.view.functionName(fn);
    return 'literal' in name ? { literal: `/aws/lambda/${name.literal}` } : { missing: `${fn.id} log group` };
  }

  /** A load balancer and those it forwards to (an NLB in front of an ALB). */
  private lbsFrom(address: string, depth = 0): string[] {
    const next = this.forwardedTo(address)
      .map((target) => refsIn(this.m.doc.resolve(target))[0])
      .filter((r) => r?.type === 'aws_lb');
    return [address, ...(depth < 3 ? next.flatMap((r) => this.lbsFrom(r.address, depth + 1)) : [])];
  }

  // ---- what nothing here calls ---------------------------------------------------------------

  private unreached(): NoteStep[] {
    const notes: NoteStep[] = [];
    // Load balancers behind an endpoint service are that service's business (its note, or its consumer).
    const behindServices = new Set([...this.m.services.endpointServices.values()].flatMap((s) => s.nlbs.flatMap((nlb) => this.lbsFrom(nlb))));
    for (const lb of this.m.services.loadBalancers.values()) {
      if (!lb.internal || this.view.reached.has(lb.id) || behindServices.has(lb.id)) continue;
      notes.push({ kind: 'note', title: `internal load balancer ${lb.id}`, address: lb.id, text: 'it answers only inside the VPC and nothing in this stack calls it: call it from a function in the VPC, or from the SSM debug host (`ssmHost`)' });
    }
    for (const api of this.m.services.restApis.values()) {
      if (!api.private || this.view.reached.has(api.id)) continue;
      notes.push({ kind: 'note', title: `private REST API ${api.id}`, address: api.id, text: 'it answers only through its execute-api endpoint and nothing in this stack calls it: call it from a function in the VPC, or from the SSM debug host (`ssmHost`)' });
    }
    for (const service of this.m.services.endpointServices.values()) {
      if (this.view.reached.has(service.id)) continue;
      const name = this.outputs.attribute(service.id, 'service_name');
      const where = 'output' in name ? `\`terraform output -raw ${name.output}\`` : 'its service name';
      notes.push({ kind: 'note', title: `endpoint service ${service.id}`, address: service.id, text: `consumers in other VPCs create an interface endpoint to ${where} (accept the connection request when acceptance is on), then call it through that endpoint` });
    }
    return notes;
  }
}
