/**
 * Security groups with every rule attached, whichever way it was written: inline ingress/egress blocks,
 * aws_security_group_rule, or aws_vpc_security_group_ingress_rule/egress_rule. Terraform strips AWS's
 * allow-all egress from groups it creates and every rule from a default group it manages; a VPC's
 * unmanaged default group keeps AWS's rules (all from itself in, everything out).
 */
import { ANYWHERE, cidrContains } from './cidr';
import { literal, num, objects, type Body, type TfDoc } from './doc';
import { protocolName } from './network';
import type { Resolver } from './resolver';

export type Peer =
  | { kind: 'sg'; id: string }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'self' }
  | { kind: 'prefix-list'; id: string }
  | { kind: 'unknown'; raw: string };

export interface SgRule {
  /** The rule resource, or "<group> ingress[i]" for an inline block. */
  address: string;
  sg: string;
  ingress: boolean;
  protocol: string;
  from: number;
  to: number;
  peer: Peer;
}

export interface SecurityGroup {
  id: string;
  vpc?: string;
  isDefault: boolean;
  rules: SgRule[];
  /** Rules that cannot be read statically (a dynamic block over an unknown collection, an unknown peer). */
  unknown: string[];
}

/** One end of a connection: its groups and the CIDRs of the subnets its addresses come from. */
export interface Side {
  sgs: string[];
  cidrs: string[];
  prefixLists?: string[];
}

export class SecurityGroups {
  readonly groups = new Map<string, SecurityGroup>();

  constructor(
    private readonly doc: TfDoc,
    private readonly r: Resolver,
    vpcs: Iterable<string>,
  ) {
    for (const vpc of vpcs) {
      const id = r.defaultSgOf(vpc);
      if (!id.endsWith('#default-sg')) continue;
      const group: SecurityGroup = { id, vpc, isDefault: true, rules: [], unknown: [] };
      const address = `${id} (AWS default rules)`;
      group.rules.push({ address, sg: id, ingress: true, protocol: 'all', from: 0, to: 65535, peer: { kind: 'self' } });
      group.rules.push({ address, sg: id, ingress: false, protocol: 'all', from: 0, to: 65535, peer: { kind: 'cidr', cidr: ANYWHERE } });
      this.groups.set(id, group);
    }
    for (const type of ['aws_security_group', 'aws_default_security_group']) {
      for (const sg of doc.all(type)) {
        const group: SecurityGroup = { id: sg.address, vpc: r.id(sg.body.vpc_id), isDefault: type === 'aws_default_security_group', rules: [], unknown: [] };
        for (const ingress of [true, false]) {
          objects(sg.body[ingress ? 'ingress' : 'egress']).forEach((b, i) =>
            this.addLegacy(group, `${sg.address} ${ingress ? 'ingress' : 'egress'}[${i}]`, ingress, b),
          );
        }
        this.groups.set(sg.address, group);
      }
    }
    for (const rule of doc.all('aws_security_group_rule')) {
      const group = this.groups.get(r.id(rule.body.security_group_id) ?? '');
      if (group) this.addLegacy(group, rule.address, literal(rule.body.type) === 'ingress', rule.body);
    }
    for (const [type, ingress] of [
      ['aws_vpc_security_group_ingress_rule', true],
      ['aws_vpc_security_group_egress_rule', false],
    ] as const) {
      for (const rule of doc.all(type)) {
        const group = this.groups.get(r.id(rule.body.security_group_id) ?? '');
        if (!group) continue;
        const b = rule.body;
        const protocol = protocolName(b.ip_protocol);
        const [from, to] = ports(protocol, b.from_port, b.to_port);
        const base = { address: rule.address, sg: group.id, ingress, protocol, from, to };
        const cidr = literal(doc.scalar(b.cidr_ipv4)) ?? literal(doc.scalar(b.cidr_ipv6));
        let peer: Peer;
        if (b.referenced_security_group_id !== undefined) {
          const ref = r.id(b.referenced_security_group_id)!;
          peer = ref === group.id ? { kind: 'self' } : { kind: 'sg', id: ref };
        } else if (cidr) peer = { kind: 'cidr', cidr };
        else if (b.prefix_list_id !== undefined) peer = { kind: 'prefix-list', id: r.id(b.prefix_list_id)! };
        else peer = { kind: 'unknown', raw: JSON.stringify(b.cidr_ipv4 ?? b.cidr_ipv6 ?? null) };
        if (peer.kind === 'unknown') group.unknown.push(`${rule.address} (peer ${peer.raw})`);
        group.rules.push({ ...base, peer });
      }
    }
  }

  /** Inline blocks and aws_security_group_rule: one rule per peer they list. */
  private addLegacy(group: SecurityGroup, address: string, ingress: boolean, b: Body): void {
    if (typeof b['//dynamic'] === 'string') {
      group.unknown.push(`${address}: a dynamic block (${b['//dynamic']})`);
      return;
    }
    const protocol = protocolName(b.protocol);
    const [from, to] = ports(protocol, b.from_port, b.to_port);
    const base = { address, sg: group.id, ingress, protocol, from, to };
    const peers: Peer[] = [];
    for (const key of ['cidr_blocks', 'ipv6_cidr_blocks']) {
      for (const c of [b[key]].flat()) {
        if (c === undefined || c === null) continue;
        const resolved = this.doc.resolve(c);
        for (const v of [resolved].flat()) {
          const cidr = literal(this.doc.scalar(v));
          peers.push(cidr ? { kind: 'cidr', cidr } : { kind: 'unknown', raw: String(v) });
        }
      }
    }
    for (const id of this.r.ids(b.prefix_list_ids)) peers.push({ kind: 'prefix-list', id });
    for (const id of [...this.r.ids(b.security_groups), ...this.r.ids(b.source_security_group_id)]) {
      peers.push(id === group.id ? { kind: 'self' } : { kind: 'sg', id });
    }
    if (b.self === true || b.self === 'true') peers.push({ kind: 'self' });
    for (const peer of peers) {
      if (peer.kind === 'unknown') group.unknown.push(`${address} (peer ${peer.raw})`);
      group.rules.push({ ...base, peer });
    }
  }

  get(id: string): SecurityGroup | undefined {
    return this.groups.get(id);
  }

  /** The egress rule of `from` that lets it send to `to` on (protocol, port), if any. */
  egressTo(from: Side, to: Side, protocol: string, port: number): SgRule | undefined {
    return match(this.rulesOf(from.sgs, false), to, protocol, port);
  }

  /** The ingress rule of `to` that admits `from` on (protocol, port), if any. */
  ingressFrom(to: Side, from: Side, protocol: string, port: number): SgRule | undefined {
    return match(this.rulesOf(to.sgs, true), from, protocol, port);
  }

  rulesOf(sgs: string[], ingress: boolean): SgRule[] {
    return sgs.flatMap((id) => this.groups.get(id)?.rules.filter((r) => r.ingress === ingress) ?? []);
  }

  /** What cannot be read of these groups (rules not known statically, groups outside this configuration). */
  unknownRules(sgs: string[]): string[] {
    return sgs.flatMap((id) => {
      const g = this.groups.get(id);
      return g ? g.unknown : [`${id} (not in this configuration)`];
    });
  }

  /** Whether every group is in this configuration (otherwise paths through it cannot be verified). */
  known(sgs: string[]): boolean {
    return sgs.length > 0 && sgs.every((id) => this.groups.has(id));
  }
}

function ports(protocol: string, fromPort: unknown, toPort: unknown): [number, number] {
  if (protocol === 'all') return [0, 65535];
  const from = num(fromPort);
  const to = num(toPort);
  if (from === undefined || from < 0) return [0, 65535];
  return [from, to === undefined || to < 0 ? from : to];
}

export function portMatch(rule: SgRule, protocol: string, port: number): boolean {
  if (rule.protocol !== 'all' && rule.protocol !== protocol) return false;
  return port >= rule.from && port <= rule.to;
}

/**
 * A rule naming the other side's group (or itself, for self), its prefix list, or, failing that,
 * CIDR rules that together cover every CIDR of the other side (one per subnet is fine).
 */
function match(rules: SgRule[], other: Side, protocol: string, port: number): SgRule | undefined {
  const open = rules.filter((r) => portMatch(r, protocol, port));
  const byGroup = open.find(
    (r) =>
      (r.peer.kind === 'sg' && other.sgs.includes(r.peer.id)) ||
      (r.peer.kind === 'self' && other.sgs.includes(r.sg)) ||
      (r.peer.kind === 'prefix-list' && (other.prefixLists ?? []).includes(r.peer.id)),
  );
  if (byGroup) return byGroup;
  // 0.0.0.0/0 covers the other side wherever its addresses are, even when its CIDRs are not known.
  const anywhere = open.find((r) => r.peer.kind === 'cidr' && r.peer.cidr === ANYWHERE);
  if (anywhere) return anywhere;
  const covering = (cidr: string) => open.find((r) => r.peer.kind === 'cidr' && cidrContains(r.peer.cidr, cidr));
  if (other.cidrs.length === 0 || !other.cidrs.every(covering)) return undefined;
  return covering(other.cidrs[0]);
}

/** "TCP 443", "all traffic". */
export function portLabel(protocol: string, port?: number): string {
  return protocol === 'all' ? 'all traffic' : `${protocol.toUpperCase()} ${port ?? ''}`.trim();
}
