/**
 * PrivateLink, end to end, for every endpoint service of the configuration: from each function that
 * calls an interface endpoint consuming it, in whichever VPC of the configuration that endpoint sits
 * (its security group's egress, the endpoint's ingress on the service's port, the network ACLs),
 * through the service (explicit acceptance, allowed principals) → internal NLB → listener → target
 * group of type alb (TCP, the ALB listener's port) → internal ALB admitting the NLB → its listener →
 * target group of type lambda → the target alias and the permission letting the ALB invoke it, to the
 * acceptance of that endpoint's connection.
 */
import { bool } from '../doc';
import type { LambdaFn } from '../lambda';
import type { Model } from '../model';
import type { Endpoint } from '../network';
import { Findings, Trace } from '../result';
import type { EndpointService } from '../services';
import { callerToEndpoint } from './aws-services';
import { ELB, permissionHop } from './invoke';

export function checkPrivateLink(m: Model, f: Findings): void {
  for (const svc of m.services.endpointServices.values()) {
    const consumers = [...m.network.endpoints.values()].filter((e) => e.endpointService === svc.id);
    const starts: { ep?: Endpoint; fn?: LambdaFn }[] = consumers.flatMap((ep) => {
      const callers = callersOf(m, ep);
      return callers.length > 0 ? callers.map((fn) => ({ ep, fn })) : [{ ep }];
    });
    for (const { ep, fn } of starts.length > 0 ? starts : [{}]) {
      const t = new Trace();
      if (fn && ep) consumerPath(m, t, fn, ep);
      if (!ep) {
        t.unknown(`no interface endpoint in this configuration consumes ${svc.id}, so nothing proves it can be reached`, `add an aws_vpc_endpoint (Interface) with service_name = ${svc.id}.service_name`, svc.id);
      } else {
        t.hop(ep.id);
        if (ep.type !== 'Interface') t.fail(`${ep.id} is a ${ep.type} endpoint; an endpoint service is reached through an Interface endpoint`, `set vpc_endpoint_type = "Interface" on ${ep.id}`, ep.id);
      }
      const target = serviceChain(m, t, svc);
      if (ep) acceptance(m, t, ep, svc);
      const what = [fn?.name, ep?.id ?? 'consumer', svc.id, target?.name].filter(Boolean).join(' → ');
      t.report(f, fn?.name ?? target?.name ?? svc.id, 'privatelink', what);
    }
  }
}

/** Functions whose environment names the endpoint (its DNS name in a URL, its id). */
function callersOf(m: Model, ep: Endpoint): LambdaFn[] {
  return [...m.lambdas.functions.values()].filter((fn) => Object.values(fn.env).some((v) => m.doc.callRefs(v).some((r) => r.address === ep.id)));
}

/** The calling function's side: in the endpoint's VPC, and the security groups and ACLs between them on the service's ports. */
function consumerPath(m: Model, t: Trace, fn: LambdaFn, ep: Endpoint): void {
  t.hop(fn.id);
  if (!fn.inVpc) {
    t.fail(`${fn.name} is not in a VPC, so it cannot reach the interface endpoint ${ep.id}`, `give ${fn.id} a vpc_config in ${ep.vpc ?? "the endpoint's VPC"}`, fn.id);
    return;
  }
  callerToEndpoint(m, t, fn, ep);
}

/** The provider side, service to function; returns the function behind it when the chain reaches one. */
function serviceChain(m: Model, t: Trace, svc: EndpointService): LambdaFn | undefined {
  const s = m.services;
  if (svc.acceptanceRequired === undefined) t.fail(`${svc.id} leaves acceptance_required unset`, `set acceptance_required explicitly on ${svc.id} (true to approve each connection)`, svc.id);
  if (svc.principals.length === 0) t.fail(`${svc.id} allows no principals: no consumer can connect`, `set allowed_principals on ${svc.id} (account or role ARNs)`, svc.id);
  t.hop(svc.id);
  let reached: LambdaFn | undefined;
  for (const nlbId of svc.nlbs) {
    const nlb = s.loadBalancers.get(nlbId);
    if (!nlb) {
      t.unknown(`${nlbId} is not in this configuration`, 'check it as well');
      continue;
    }
    t.hop(nlb.id);
    if (nlb.type !== 'network') t.fail(`${nlb.id} is not a network load balancer; endpoint services need one`, `use load_balancer_type = "network"`);
    if (!nlb.internal) t.fail(`${nlb.id} is internet-facing; the PrivateLink front must be internal`, `set internal = true on ${nlb.id}`);
    const listeners = [...s.listeners.values()].filter((l) => l.lb === nlb.id);
    if (listeners.length === 0) t.fail(`${nlb.id} has no listener`, `add a TCP listener forwarding to a target group of type alb`);
    for (const l of listeners) {
      for (const fw of l.forwards) {
        const tg = s.targetGroups.get(fw.tg);
        if (!tg || tg.targetType !== 'alb') continue;
        t.hop(l.id, tg.id);
        if (tg.protocol !== 'TCP') t.fail(`${tg.id} uses ${tg.protocol ?? 'no protocol'}; a target group of type alb must use TCP`, `set protocol = "TCP" on ${tg.id}`);
        const att = s.attachments.find((a) => a.tg === tg.id);
        const alb = s.loadBalancers.get(m.r.id(att?.target) ?? '');
        if (!att || !alb) {
          t.fail(`no aws_lb_target_group_attachment puts an ALB in ${tg.id}`, `attach the internal ALB (target_id = its ARN) to ${tg.id}`);
          continue;
        }
        t.hop(att.id, alb.id);
        if (!alb.internal) t.fail(`${alb.id} is internet-facing; behind PrivateLink it should be internal`, `set internal = true on ${alb.id}`);
        const albListener = [...s.listeners.values()].find((al) => al.lb === alb.id && al.port === tg.port);
        if (!albListener) {
          t.fail(`${tg.id} sends TCP ${tg.port} but ${alb.id} has no listener on that port`, `use the ALB listener's port on ${tg.id}`);
          continue;
        }
        t.hop(albListener.id);
        const albSide = { sgs: m.lbSgs(alb), cidrs: m.cidrsOf(alb.subnets) };
        const nlbSide = { sgs: nlb.sgs, cidrs: m.cidrsOf(nlb.subnets) };
        const ingress = m.sgs.ingressFrom(albSide, nlbSide, 'tcp', tg.port ?? 443);
        if (!ingress) {
          t.fail(`${alb.id}'s security group ${albSide.sgs.join(', ')} does not admit TCP ${tg.port} from ${nlb.id} (its group or subnets)`, `add an ingress rule TCP ${tg.port} from ${nlb.sgs[0] ?? "the NLB's subnet CIDRs"} to ${albSide.sgs[0]}`, ...albSide.sgs);
        } else t.hop(ingress.address);
        reached = functionBehind(m, t, albListener.forwards.map((x) => x.tg)) ?? reached;
      }
    }
  }
  return reached;
}

/** ALB listener → target group of type lambda → its attachment → the function's alias, and the permission for the ALB. */
function functionBehind(m: Model, t: Trace, targetGroups: string[]): LambdaFn | undefined {
  const s = m.services;
  for (const id of targetGroups) {
    const tg = s.targetGroups.get(id);
    const att = s.attachments.find((a) => a.tg === id);
    const target = tg?.targetType === 'lambda' && att ? m.lambdas.target(att.target) : undefined;
    const fn = target && m.lambdas.functions.get(target.fn);
    if (!tg || !att || !target || !fn) continue;
    t.hop(tg.id, att.id, fn.id);
    permissionHop(m, t, fn, target, ELB, tg.id, tg.id);
    return fn;
  }
  return undefined;
}

/** A service that requires acceptance leaves an endpoint pendingAcceptance until its owner accepts it. */
function acceptance(m: Model, t: Trace, ep: Endpoint, svc: EndpointService): void {
  if (svc.acceptanceRequired !== true) return;
  const accepter = m.doc
    .all('aws_vpc_endpoint_connection_accepter')
    .find((a) => m.r.id(a.body.vpc_endpoint_id) === ep.id && m.r.id(a.body.vpc_endpoint_service_id) === svc.id);
  if (accepter) {
    t.hop(accepter.address);
    return;
  }
  // auto_accept accepts only within the service owner's own account.
  if (bool(m.doc.resolve(m.doc.get(ep.id)?.body.auto_accept)) === true) return;
  t.unknown(
    `${svc.id} requires acceptance and nothing in this configuration accepts ${ep.id}: it stays pendingAcceptance, and calls through it fail, until the service owner accepts it`,
    `add an aws_vpc_endpoint_connection_accepter (vpc_endpoint_service_id = ${svc.id}.id, vpc_endpoint_id = ${ep.id}.id) on the service owner's provider, or accept it in the console (VPC → Endpoint services → Endpoint connections) or with aws ec2 accept-vpc-endpoint-connections`,
    ep.id,
  );
}
