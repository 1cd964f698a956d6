/**
 * Path tracing shared by the rules: from a subnet to the internet (route → NAT gateway or NAT instance
 * → public subnet → internet gateway), and through the network ACLs on the way.
 */
import { ANYWHERE } from '../cidr';
import { literal, objects } from '../doc';
import type { Model } from '../model';
import { refsIn } from '../refs';
import type { Trace } from '../result';
import { portLabel, type Side } from '../security-groups';

export interface Flow {
  protocol: string;
  port: number;
}

export const HTTPS: Flow = { protocol: 'tcp', port: 443 };
const EPHEMERAL = [1024, 32768, 65535];

/** Traces `subnet` → 0.0.0.0/0 for the flows `source` sends; the trace records hops or the first break. */
export function traceInternet(m: Model, t: Trace, subnet: string, source: Side, flows: Flow[]): boolean {
  const net = m.network;
  t.hop(subnet);
  if (!net.subnets.has(subnet)) return t.unknown(`subnet ${subnet} is not in this configuration`, 'check the Terraform that defines it as well');
  const rt = net.routeTableOf(subnet);
  if (!rt) return t.unknown(`the VPC of ${subnet} is not in this configuration`, 'check the Terraform that defines it as well');
  t.hop(rt.via === 'main route table' ? undefined : rt.via, rt.table.id);
  for (const flow of flows) if (!naclPath(m, t, subnet, ANYWHERE, flow, true)) return false;
  const route = net.defaultRoute(rt.table);
  if (!route) {
    return t.failUnlessUnknown(
      net.unresolvedRoutes,
      `${rt.table.id}${rt.via === 'main route table' ? ' (the main route table)' : ''} has no 0.0.0.0/0 route, so traffic to the internet and AWS APIs times out`,
      `add an aws_route 0.0.0.0/0 → a NAT gateway (or a NAT instance's network interface) in a public subnet to ${rt.table.id}`,
    );
  }
  t.hop(route.address);
  switch (route.target.kind) {
    case 'igw':
      return t.fail(
        `${subnet} is public (0.0.0.0/0 goes straight to the internet gateway ${route.target.id}) and a Lambda ENI never gets a public IP`,
        'run the function in private subnets whose 0.0.0.0/0 goes to a NAT in a public subnet',
      );
    case 'nat':
      return natGatewayHop(m, t, route.target.id);
    case 'eni':
    case 'instance':
      return natInstanceHop(m, t, route.target.kind, route.target.id, source, flows);
    default:
      return t.unknown(
        `0.0.0.0/0 leaves through ${route.target.kind} ${route.target.id}; the rest of the path is outside this configuration`,
        'verify the path beyond this hop',
      );
  }
}

function natGatewayHop(m: Model, t: Trace, id: string): boolean {
  const nat = m.network.nats.get(id);
  if (!nat) return t.unknown(`NAT gateway ${id} is not in this configuration`, 'check the Terraform that defines it as well');
  t.hop(nat.id);
  if (nat.private) {
    return t.fail(`${nat.id} is a private NAT gateway (connectivity_type = "private"): it has no path to the internet`, `use connectivity_type = "public" with an EIP on ${nat.id}`);
  }
  if (!nat.eip) return t.fail(`${nat.id} has no allocation_id: a public NAT gateway needs an Elastic IP`, `add an aws_eip (domain = "vpc") and set allocation_id on ${nat.id}`);
  if (m.network.eips.has(nat.eip)) t.hop(nat.eip);
  return publicSubnetHop(m, t, nat.subnet, `NAT gateway ${nat.id}`);
}

function natInstanceHop(m: Model, t: Trace, kind: 'eni' | 'instance', id: string, source: Side, flows: Flow[]): boolean {
  const net = m.network;
  let eni = kind === 'eni' ? net.enis.get(id) : undefined;
  const inst = kind === 'instance' ? net.instances.get(id) : net.instances.get(eni?.instance ?? '');
  if (!eni && inst?.primaryEni) eni = net.enis.get(inst.primaryEni);
  if (!eni && !inst) return t.unknown(`NAT target ${id} is not in this configuration`, 'check the Terraform that defines it as well');
  t.hop(eni?.id, inst?.id);
  const holder = eni?.id ?? inst!.id;
  const sourceDestCheck = eni ? eni.sourceDestCheck : inst!.sourceDestCheck;
  if (sourceDestCheck) {
    return t.fail(
      `source/destination check is on for ${holder}: the NAT instance drops every packet not addressed to itself, so forwarded traffic silently dies`,
      `set source_dest_check = false on ${holder}`,
    );
  }
  const subnet = eni?.subnet ?? inst?.subnet;
  const ip = publicIp(m, inst?.id, eni?.id);
  if (!ip.ok) {
    return t.fail(
      `NAT instance ${holder} has no public IP: no EIP and no associate_public_ip_address`,
      `add an aws_eip (domain = "vpc") with network_interface = ${eni?.id ?? `${inst!.id}.primary_network_interface_id`}`,
    );
  }
  t.hop(ip.eip);
  if (inst && !natSetUp(m, t, inst.id)) return false;
  const sgs = eni && eni.sgs.length > 0 ? eni.sgs : (inst?.sgs ?? []);
  if (!m.sgs.known(sgs)) return t.unknown(`the security groups of ${holder} (${sgs.join(', ') || 'none'}) are not in this configuration`, 'check them as well');
  const nat: Side = { sgs, cidrs: [] };
  for (const flow of flows) {
    const label = portLabel(flow.protocol, flow.port);
    const ingress = m.sgs.ingressFrom(nat, source, flow.protocol, flow.port);
    if (!ingress) {
      return t.fail(
        `the NAT instance's security group ${sgs.join(', ')} does not admit ${label} from the function (its security group or its subnets' CIDRs)`,
        `add an ingress rule for ${label} from the private subnet CIDRs to ${sgs[0]}`,
        ...sgs,
      );
    }
    const egress = m.sgs.egressTo(nat, { sgs: [], cidrs: [ANYWHERE] }, flow.protocol, flow.port);
    if (!egress) {
      return t.fail(`the NAT instance's security group ${sgs.join(', ')} does not allow ${label} out to 0.0.0.0/0`, `add an egress rule for ${label} to 0.0.0.0/0 on ${sgs[0]}`, ...sgs);
    }
    t.hop(ingress.address, egress.address);
  }
  return publicSubnetHop(m, t, subnet, `NAT instance ${holder}`);
}

/** Whether an instance (or its ENI) has a public address: an EIP, associate_public_ip_address, or its subnet's auto-assign. */
export function publicIp(m: Model, instance: string | undefined, eniId: string | undefined): { ok: boolean; eip?: string } {
  const net = m.network;
  const inst = net.instances.get(instance ?? '');
  const enis = [eniId, inst?.primaryEni].filter((e): e is string => Boolean(e));
  // An EIP's network_interface may be "${aws_instance.x.primary_network_interface_id}", which resolves to the instance.
  const eip = [...net.eips.values()].find((e) => (inst && (e.instance === inst.id || e.eni === inst.id)) || enis.includes(e.eni ?? ''));
  if (eip) return { ok: true, eip: eip.id };
  const subnet = net.enis.get(eniId ?? '')?.subnet ?? inst?.subnet;
  const auto = net.subnets.get(subnet ?? '')?.mapPublicIp === true && inst?.associatePublicIp !== false;
  return { ok: inst?.associatePublicIp === true || auto };
}

/** A NAT instance forwards only when set up to: a NAT AMI, or IP forwarding + masquerade in user data. */
function natSetUp(m: Model, t: Trace, instanceId: string): boolean {
  const inst = m.network.instances.get(instanceId)!;
  const amiRef = refsIn(inst.ami)[0];
  const ami = amiRef ? m.doc.get(amiRef.address) : undefined;
  const names = ami
    ? [
        literal(ami.body.name_regex),
        ...objects(ami.body.filter)
          .filter((f) => f.name === 'name')
          .flatMap((f) => (Array.isArray(f.values) ? f.values.map(String) : [])),
      ].filter((n): n is string => Boolean(n))
    : [];
  if (names.some((n) => /amzn-ami-vpc-nat/.test(n))) {
    return t.fail(`${ami!.address} selects amzn-ami-vpc-nat, a retired NAT AMI`, 'use a current Amazon Linux 2023 AMI with IP forwarding and masquerading in user data', ami!.address);
  }
  if (names.some((n) => /nat/i.test(n))) return true;
  if (inst.userData !== undefined) {
    if (/ip_forward/.test(inst.userData) && /masquerade/i.test(inst.userData)) return true;
    return t.fail(
      `the user data of ${inst.id} does not enable IP forwarding and masquerading, so the instance does not forward traffic`,
      'in user data: sysctl net.ipv4.ip_forward=1 (persisted) and an iptables/nftables MASQUERADE rule on the primary interface',
    );
  }
  if (inst.userDataComputed) {
    return t.unknown(`the user data of ${inst.id} is computed; cannot verify that it enables IP forwarding and masquerading`, 'make sure it does');
  }
  return t.fail(`nothing sets up NAT on ${inst.id}: no user data and no NAT AMI`, 'add user data enabling IP forwarding and a MASQUERADE rule');
}

/** `subnet` must route 0.0.0.0/0 to an internet gateway attached to its VPC. */
export function publicSubnetHop(m: Model, t: Trace, subnet: string | undefined, what: string): boolean {
  if (!subnet) return t.fail(`${what} has no subnet`, `place ${what} in a public subnet`);
  t.hop(subnet);
  const rt = m.network.routeTableOf(subnet);
  if (!rt) return t.unknown(`the VPC of ${subnet} is not in this configuration`, 'check the Terraform that defines it as well');
  const route = m.network.defaultRoute(rt.table);
  if (route?.target.kind !== 'igw') {
    return t.fail(
      `${what} sits in ${subnet}, which is not public: its route table ${rt.table.id} has no 0.0.0.0/0 → internet gateway`,
      `associate ${subnet} with a route table whose 0.0.0.0/0 goes to the VPC's internet gateway`,
      rt.table.id,
    );
  }
  t.hop(rt.via === 'main route table' ? undefined : rt.via, rt.table.id, route.address);
  const igw = m.network.igws.get(route.target.id);
  if (!igw) return t.unknown(`internet gateway ${route.target.id} is not in this configuration`, 'check the Terraform that defines it as well');
  const vpc = m.network.subnets.get(subnet)?.vpc;
  if (igw.vpc !== vpc) return t.fail(`internet gateway ${igw.id} is not attached to ${vpc}`, `set vpc_id = ${vpc}.id on ${igw.id}`, igw.id);
  t.hop(igw.id);
  return true;
}

/**
 * Network ACLs are stateless: a client subnet needs the flow out and the return traffic (ephemeral
 * ports) in; a server subnet the reverse. No ACL in the configuration means AWS's allow-all default.
 */
export function naclPath(m: Model, t: Trace, subnet: string, peer: string, flow: Flow, client: boolean): boolean {
  const nacl = m.network.naclOf(subnet);
  if (!nacl) return true;
  const label = portLabel(flow.protocol, flow.port);
  const forward = m.network.naclAllows(nacl, client, peer, flow.protocol, flow.port);
  if (!forward.ok) {
    return t.fail(
      `network ACL ${nacl.id} on ${subnet} denies ${label} ${client ? 'to' : 'from'} ${peer}`,
      `add an ${client ? 'egress' : 'ingress'} rule allowing ${label} ${client ? 'to' : 'from'} ${peer} to ${nacl.id}`,
      nacl.id,
    );
  }
  for (const port of EPHEMERAL) {
    if (!m.network.naclAllows(nacl, !client, peer, flow.protocol, port).ok) {
      return t.fail(
        `network ACL ${nacl.id} on ${subnet} denies the return traffic (${flow.protocol.toUpperCase()} 1024-65535 ${client ? 'from' : 'to'} ${peer})`,
        `add an ${client ? 'ingress' : 'egress'} rule allowing ${flow.protocol.toUpperCase()} 1024-65535 ${client ? 'from' : 'to'} ${peer} to ${nacl.id}`,
        nacl.id,
      );
    }
  }
  t.hop(nacl.id);
  return true;
}

/** Network ACLs between client and server subnets inside a VPC (traffic within one subnet skips them). */
export function naclBetween(m: Model, t: Trace, clients: string[], servers: string[], flow: Flow): boolean {
  for (const c of clients) {
    for (const s of servers) {
      const cc = m.network.subnets.get(c)?.cidr;
      const sc = m.network.subnets.get(s)?.cidr;
      if (c === s || !cc || !sc) continue;
      if (!naclPath(m, t, c, sc, flow, true) || !naclPath(m, t, s, cc, flow, false)) return false;
    }
  }
  return true;
}

/** Flows a group sends to 0.0.0.0/0 (its egress rules to anywhere); "all traffic" counts as HTTPS. */
export function internetFlows(m: Model, sgs: string[]): { flows: Flow[]; rules: string[] } {
  const rules = m.sgs.rulesOf(sgs, false).filter((r) => r.peer.kind === 'cidr' && r.peer.cidr === ANYWHERE);
  const flows = rules.map((r) => (r.protocol === 'all' ? HTTPS : { protocol: r.protocol, port: r.from }));
  const unique = flows.filter((f, i) => flows.findIndex((g) => g.protocol === f.protocol && g.port === f.port) === i);
  return { flows: unique, rules: rules.map((r) => r.address) };
}
