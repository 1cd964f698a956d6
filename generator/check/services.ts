/**
 * What sits on the invocation and data paths of a function: EFS (file systems, mount targets, access
 * points), load balancers (target groups, attachments, listeners and rules), PrivateLink endpoint
 * services, API Gateway REST (v1) and HTTP (v2) APIs, and SNS subscriptions.
 */
import { bool, items, literal, num, objects, type TfDoc } from './doc';
import type { Resolver } from './resolver';

export interface FileSystem {
  id: string;
  encrypted: boolean;
}

export interface MountTarget {
  id: string;
  fs?: string;
  subnet?: string;
  /** As written; empty means the VPC's default group (filled in by the model). */
  sgs: string[];
}

export interface AccessPoint {
  id: string;
  fs?: string;
  rootPath?: string;
  creationInfo: boolean;
  posixUser: boolean;
}

export interface LoadBalancer {
  id: string;
  type: 'application' | 'network' | 'gateway';
  internal: boolean;
  subnets: string[];
  sgs: string[];
}

export interface TargetGroup {
  id: string;
  targetType: string;
  protocol?: string;
  port?: number;
}

export interface TgAttachment {
  id: string;
  tg?: string;
  target: unknown;
}

export interface Listener {
  id: string;
  lb?: string;
  port?: number;
  protocol?: string;
  /** Target groups it forwards to, from the default action and its rules. */
  forwards: { tg: string; via: string }[];
}

export interface EndpointService {
  id: string;
  nlbs: string[];
  acceptanceRequired?: boolean;
  principals: string[];
}

export interface RestApi {
  id: string;
  private: boolean;
  vpcEndpoints: string[];
  /** Resource policy (the api's `policy` or an aws_api_gateway_rest_api_policy) and where it is. */
  policy?: { value: unknown; source: string };
}

export interface Integration {
  id: string;
  api?: string;
  type?: string;
  uri: unknown;
  httpMethod?: string;
  /** REST: the method the integration serves ("GET", "ANY"). */
  method?: string;
}

export interface Stage {
  id: string;
  api?: string;
  autoDeploy: boolean;
  name?: string;
  /** REST: the deployment it serves. */
  deployment?: string;
}

export interface Subscription {
  id: string;
  topic?: string;
  protocol?: string;
  endpoint: unknown;
}

export class Services {
  readonly fileSystems = new Map<string, FileSystem>();
  readonly mountTargets: MountTarget[] = [];
  readonly accessPoints = new Map<string, AccessPoint>();
  readonly loadBalancers = new Map<string, LoadBalancer>();
  readonly targetGroups = new Map<string, TargetGroup>();
  readonly attachments: TgAttachment[] = [];
  readonly listeners = new Map<string, Listener>();
  readonly endpointServices = new Map<string, EndpointService>();
  readonly restApis = new Map<string, RestApi>();
  readonly restIntegrations: Integration[] = [];
  /** REST deployments, with what their `triggers` name (a change to those redeploys). */
  readonly restDeployments: { id: string; api?: string; redeployedBy?: string[] }[] = [];
  readonly restStages: Stage[] = [];
  readonly httpApis = new Map<string, { id: string; protocol?: string }>();
  readonly httpIntegrations: Integration[] = [];
  readonly httpRoutes: { id: string; api?: string; target: unknown; routeKey?: string }[] = [];
  readonly httpStages: Stage[] = [];
  readonly subscriptions: Subscription[] = [];

  constructor(doc: TfDoc, r: Resolver) {
    for (const f of doc.all('aws_efs_file_system')) this.fileSystems.set(f.address, { id: f.address, encrypted: bool(doc.resolve(f.body.encrypted)) ?? false });
    for (const m of doc.all('aws_efs_mount_target')) {
      this.mountTargets.push({ id: m.address, fs: r.id(m.body.file_system_id), subnet: r.id(m.body.subnet_id), sgs: r.ids(m.body.security_groups) });
    }
    for (const a of doc.all('aws_efs_access_point')) {
      const root = objects(a.body.root_directory)[0];
      this.accessPoints.set(a.address, {
        id: a.address,
        fs: r.id(a.body.file_system_id),
        rootPath: literal(doc.resolve(root?.path)),
        creationInfo: objects(root?.creation_info).length > 0,
        posixUser: objects(a.body.posix_user).length > 0,
      });
    }

    for (const lb of doc.all('aws_lb')) {
      const b = lb.body;
      this.loadBalancers.set(lb.address, {
        id: lb.address,
        type: (literal(b.load_balancer_type) ?? 'application') as LoadBalancer['type'],
        internal: bool(doc.resolve(b.internal)) ?? false,
        subnets: [...r.ids(b.subnets), ...objects(b.subnet_mapping).map((m) => r.id(m.subnet_id)!).filter(Boolean)],
        sgs: r.ids(b.security_groups),
      });
    }
    for (const tg of doc.all('aws_lb_target_group')) {
      this.targetGroups.set(tg.address, {
        id: tg.address,
        targetType: literal(tg.body.target_type) ?? 'instance',
        protocol: literal(tg.body.protocol),
        port: num(doc.resolve(tg.body.port)),
      });
    }
    for (const a of doc.all('aws_lb_target_group_attachment')) {
      this.attachments.push({ id: a.address, tg: r.id(a.body.target_group_arn), target: a.body.target_id });
    }
    for (const l of doc.all('aws_lb_listener')) {
      this.listeners.set(l.address, {
        id: l.address,
        lb: r.id(l.body.load_balancer_arn),
        port: num(doc.resolve(l.body.port)),
        protocol: literal(l.body.protocol),
        forwards: forwardsOf(r, l.body.default_action, l.address),
      });
    }
    for (const rule of doc.all('aws_lb_listener_rule')) {
      this.listeners.get(r.id(rule.body.listener_arn) ?? '')?.forwards.push(...forwardsOf(r, rule.body.action, rule.address));
    }
    for (const s of doc.all('aws_vpc_endpoint_service')) {
      this.endpointServices.set(s.address, {
        id: s.address,
        nlbs: r.ids(s.body.network_load_balancer_arns),
        acceptanceRequired: bool(doc.resolve(s.body.acceptance_required)),
        principals: items(doc.resolve(s.body.allowed_principals)).map(String),
      });
    }
    for (const p of doc.all('aws_vpc_endpoint_service_allowed_principal')) {
      this.endpointServices.get(r.id(p.body.vpc_endpoint_service_id) ?? '')?.principals.push(String(p.body.principal_arn));
    }

    for (const api of doc.all('aws_api_gateway_rest_api')) {
      const cfg = objects(api.body.endpoint_configuration)[0];
      this.restApis.set(api.address, {
        id: api.address,
        private: items(cfg?.types).includes('PRIVATE'),
        vpcEndpoints: r.ids(cfg?.vpc_endpoint_ids),
        policy: api.body.policy !== undefined ? { value: api.body.policy, source: api.address } : undefined,
      });
    }
    for (const p of doc.all('aws_api_gateway_rest_api_policy')) {
      const api = this.restApis.get(r.id(p.body.rest_api_id) ?? '');
      if (api) api.policy = { value: p.body.policy, source: p.address };
    }
    for (const i of doc.all('aws_api_gateway_integration')) {
      this.restIntegrations.push({
        id: i.address,
        api: r.id(i.body.rest_api_id),
        type: literal(i.body.type),
        uri: i.body.uri,
        httpMethod: literal(i.body.integration_http_method),
        method: literal(doc.scalar(i.body.http_method)),
      });
    }
    for (const d of doc.all('aws_api_gateway_deployment')) {
      this.restDeployments.push({ id: d.address, api: r.id(d.body.rest_api_id), redeployedBy: d.body.triggers !== undefined ? doc.refs(d.body.triggers).map((x) => x.address) : undefined });
      // A deployment's (deprecated) stage_name creates that stage, serving the deployment.
      if (d.body.stage_name !== undefined && d.body.stage_name !== '') {
        this.restStages.push({ id: d.address, api: r.id(d.body.rest_api_id), autoDeploy: false, name: literal(doc.resolve(d.body.stage_name)), deployment: d.address });
      }
    }
    for (const s of doc.all('aws_api_gateway_stage')) {
      this.restStages.push({ id: s.address, api: r.id(s.body.rest_api_id), autoDeploy: false, name: literal(doc.resolve(s.body.stage_name)), deployment: r.id(s.body.deployment_id) });
    }

    for (const api of doc.all('aws_apigatewayv2_api')) this.httpApis.set(api.address, { id: api.address, protocol: literal(api.body.protocol_type) });
    for (const i of doc.all('aws_apigatewayv2_integration')) {
      this.httpIntegrations.push({
        id: i.address,
        api: r.id(i.body.api_id),
        type: literal(i.body.integration_type),
        uri: i.body.integration_uri,
        httpMethod: literal(i.body.integration_method),
      });
    }
    for (const route of doc.all('aws_apigatewayv2_route')) {
      this.httpRoutes.push({ id: route.address, api: r.id(route.body.api_id), target: route.body.target, routeKey: literal(doc.resolve(route.body.route_key)) });
    }
    for (const s of doc.all('aws_apigatewayv2_stage')) {
      this.httpStages.push({
        id: s.address,
        api: r.id(s.body.api_id),
        autoDeploy: bool(doc.resolve(s.body.auto_deploy)) === true || s.body.deployment_id !== undefined,
        name: literal(doc.resolve(s.body.name)),
      });
    }

    for (const s of doc.all('aws_sns_topic_subscription')) {
      this.subscriptions.push({ id: s.address, topic: r.id(s.body.topic_arn), protocol: literal(s.body.protocol), endpoint: s.body.endpoint });
    }
  }
}

function forwardsOf(r: Resolver, actions: unknown, via: string): { tg: string; via: string }[] {
  const out: { tg: string; via: string }[] = [];
  for (const action of objects(actions)) {
    if ((literal(action.type) ?? 'forward') !== 'forward') continue;
    const direct = r.id(action.target_group_arn);
    if (direct) out.push({ tg: direct, via });
    for (const fwd of objects(action.forward)) {
      for (const tg of objects(fwd.target_group)) {
        const id = r.id(tg.arn);
        if (id) out.push({ tg: id, via });
      }
    }
  }
  return out;
}
