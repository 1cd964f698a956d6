/**
 * Peering reach: a function whose route tables or security group point at a peering connection
 * promises to reach the peer VPC. The CIDRs must not overlap, every subnet of the function must
 * route the peer CIDR through the connection, the group must send to it, the connection must be
 * accepted, and, where the peer VPC is in this configuration, a route must lead back.
 */
import { ANYWHERE, cidrContains, cidrOverlaps, isCidr } from '../cidr';
import { literal } from '../doc';
import type { LambdaFn } from '../lambda';
import type { Model } from '../model';
import type { Peering } from '../network';
import { Findings, Trace } from '../result';
import { environmentUrls } from '../needs';
import { portMatch, type SgRule } from '../security-groups';

export function checkPeering(m: Model, f: Findings): void {
  for (const fn of m.functionsInVpc()) {
    const vpc = m.vpcOf(fn);
    for (const p of m.network.peerings.values()) {
      if (!vpc || (p.vpc !== vpc && p.peerVpc !== vpc)) continue;
      const peerVpc = p.vpc === vpc ? p.peerVpc : p.vpc;
      const peerCidrs = cidrsOfPeer(m, p, vpc, peerVpc);
      const routes = fn.subnets.map((s) => m.network.routeTableOf(s)?.table).filter((t) => t?.routes.some((r) => r.target.id === p.id));
      const sends = m.sgs.rulesOf(fn.sgs, false).some((r) => r.peer.kind === 'cidr' && r.peer.cidr !== ANYWHERE && peerCidrs.some((c) => cidrOverlaps(cidrOf(r), c)));
      if (routes.length === 0 && !sends) continue; // the peering serves other workloads
      checkOne(m, f, fn, p, vpc, peerVpc, peerCidrs);
    }
  }
}

/** The peer's CIDRs: its aws_vpc, a data source's literal cidr_block, or the routes that point at the connection. */
function cidrsOfPeer(m: Model, p: Peering, ownVpc: string, peerVpc: string | undefined): string[] {
  const inConfig = m.network.vpcs.get(peerVpc ?? '')?.cidrs;
  if (inConfig && inConfig.length > 0) return inConfig;
  const data = peerVpc?.startsWith('data.') ? literal(m.doc.scalar(m.doc.get(peerVpc)?.body.cidr_block)) : undefined;
  if (data) return [data];
  // Routes through the connection from this side's tables (the other side's point back at us).
  const fromRoutes = [...m.network.routeTables.values()].filter((t) => t.vpc === ownVpc).flatMap((t) => t.routes);
  return [...new Set(fromRoutes.filter((r) => r.target.id === p.id && isCidr(r.destination)).map((r) => r.destination))];
}

function checkOne(m: Model, f: Findings, fn: LambdaFn, p: Peering, vpc: string, peerVpc: string | undefined, peerCidrs: string[]): void {
  const t = new Trace().hop(fn.id);
  const own = m.network.vpcs.get(vpc)?.cidrs ?? [];
  const what = `${p.id} → ${peerVpc ?? 'peer VPC'} (${peerCidrs.join(', ') || 'CIDR unknown'})`;
  const overlap = own.flatMap((a) => peerCidrs.filter((b) => cidrOverlaps(a, b)).map((b) => `${a} and ${b}`));
  if (overlap.length > 0) {
    t.fail(`the VPC CIDRs overlap (${overlap.join('; ')}): peering refuses overlapping CIDRs and routes cannot tell the VPCs apart`, 'give one of the VPCs a CIDR that does not overlap the other', vpc, peerVpc);
  }
  if (peerCidrs.length === 0) t.unknown(`the peer CIDR is not known from this configuration`, 'route the peer CIDR through the connection on every Lambda route table');
  if (!p.accepted) {
    if (p.crossAccountOrRegion) t.unknown(`${p.id} goes to another account or region: it works only once accepted there`, 'accept it with aws_vpc_peering_connection_accepter in the peer account/region', p.id);
    else t.fail(`${p.id} is never accepted (no auto_accept = true, no aws_vpc_peering_connection_accepter)`, `set auto_accept = true on ${p.id}`, p.id);
  }
  for (const subnet of fn.subnets) {
    const rt = m.network.routeTableOf(subnet);
    if (!rt) continue;
    for (const cidr of peerCidrs) {
      const route = m.network.routeFor(rt.table, cidr);
      if (route?.target.id !== p.id) {
        t.fail(
          `${rt.table.id} (subnet ${subnet}) has no route to ${cidr} through ${p.id}${route ? ` (it goes to ${route.target.kind} ${route.target.id})` : ''}`,
          `add an aws_route ${cidr} → vpc_peering_connection_id ${p.id}.id to ${rt.table.id}`,
          rt.table.id,
        );
      } else t.hop(route.address);
    }
  }
  const egress = m.sgs.rulesOf(fn.sgs, false);
  const sends = peerCidrs.map((cidr) => egress.find((r) => cidrContains(cidrOf(r), cidr)));
  // The peer addresses the function calls (a URL in its environment), with the port each needs.
  const calls = environmentUrls(m, fn).filter((u) => peerCidrs.some((c) => isCidr(`${u.host}/32`) && cidrContains(c, `${u.host}/32`)));
  const closed = calls.filter((u) => !egress.some((r) => cidrContains(cidrOf(r), `${u.host}/32`) && portMatch(r, 'tcp', u.port)));
  if (peerCidrs.length > 0 && sends.some((r) => !r)) {
    t.fail(`the function's security group ${fn.sgs.join(', ')} sends nothing to ${peerCidrs.join(', ')}`, `add an egress rule for ${peerPortText(calls)} to ${peerCidrs[0]} on ${fn.sgs[0]} (to the peer CIDR only, never 0.0.0.0/0)`, ...fn.sgs);
  } else if (closed.length > 0) {
    const [u] = closed;
    t.fail(
      `environment ${u.key} calls ${u.url} (TCP ${u.port}) in the peer VPC, but the function's security group ${fn.sgs.join(', ')} does not send TCP ${u.port} there`,
      `add an egress rule for TCP ${u.port} to ${peerCidrs[0]} on ${fn.sgs[0]} (to the peer CIDR only, never 0.0.0.0/0)`,
      ...fn.sgs,
    );
  } else t.hop(...sends.map((r) => r?.address));
  t.hop(p.id);
  // The way back, where visible: the peer VPC's tables, or routes this configuration adds to the peer's tables.
  const covers = (destination: string) => m.cidrsOf(fn.subnets).every((c) => cidrContains(destination, c));
  const backRoutes = [...m.network.routeTables.values()].filter((tbl) => tbl.vpc !== vpc).flatMap((tbl) => tbl.routes.filter((r) => r.target.id === p.id));
  const peerVisible = peerVpc !== undefined && m.network.vpcs.has(peerVpc);
  const wrong = backRoutes.find((r) => !covers(r.destination));
  if (wrong) {
    t.fail(`${wrong.address} routes ${wrong.destination} back through ${p.id}, which does not cover the function's subnets: replies never return`, `route ${own[0] ?? "the Lambda VPC's CIDR"} back through ${p.id}`, wrong.address);
  } else if (peerVisible && backRoutes.length === 0) {
    t.fail(`no route table in ${peerVpc} routes the function's subnets back through ${p.id}: replies never return`, `add an aws_route ${own[0] ?? '<lambda VPC CIDR>'} → ${p.id} to the peer's route tables`, peerVpc);
  } else t.hop(...backRoutes.map((r) => r.address));
  t.report(f, fn.name, 'peering', what);
}

/** "TCP 80" for the ports the function's peer URLs need, else the port the peer API listens on. */
function peerPortText(calls: { port: number }[]): string {
  const ports = [...new Set(calls.map((c) => c.port))];
  return ports.length > 0 ? `TCP ${ports.join(', ')}` : "the peer API's TCP port";
}

function cidrOf(rule: SgRule): string | undefined {
  return rule.peer.kind === 'cidr' ? rule.peer.cidr : undefined;
}
