/**
 * The routing half of the model: VPCs, subnets, route tables (explicit, default and the implicit main
 * table), routes from inline `route` blocks and aws_route alike, gateways, NAT gateways and instances,
 * ENIs, EIPs, VPC endpoints, peering connections and network ACLs.
 */
import { ANYWHERE, cidrContains, prefixLength } from './cidr';
import { bool, literal, num, objects, type Body, type TfDoc } from './doc';
import { isWholeExpression, refsIn } from './refs';
import type { Resolver } from './resolver';

export interface Vpc {
  id: string;
  cidrs: string[];
}

export interface Subnet {
  id: string;
  vpc?: string;
  /** Literal AZ name or id, or the expression that picks it (distinct expressions, distinct AZs). */
  az?: string;
  cidr?: string;
  mapPublicIp: boolean;
}

export type TargetKind = 'igw' | 'nat' | 'eni' | 'instance' | 'peering' | 'tgw' | 'vgw' | 'vpce' | 'egress-only' | 'local' | 'other';

export interface Route {
  /** aws_route address, or "<table> route[i]" for an inline block. */
  address: string;
  table: string;
  destination: string;
  target: { kind: TargetKind; id: string };
  /** The argument names a resource of another kind (`nat_gateway_id = aws_internet_gateway.x.id`). */
  misfit?: { key: string; type: string; expected: string };
}

/** The route argument each target type belongs in. */
const TARGET_KEY: Record<string, { key: string; kind: TargetKind }> = {
  aws_internet_gateway: { key: 'gateway_id', kind: 'igw' },
  aws_vpn_gateway: { key: 'gateway_id', kind: 'vgw' },
  aws_nat_gateway: { key: 'nat_gateway_id', kind: 'nat' },
  aws_network_interface: { key: 'network_interface_id', kind: 'eni' },
  aws_vpc_peering_connection: { key: 'vpc_peering_connection_id', kind: 'peering' },
  aws_ec2_transit_gateway: { key: 'transit_gateway_id', kind: 'tgw' },
  aws_vpc_endpoint: { key: 'vpc_endpoint_id', kind: 'vpce' },
  aws_egress_only_internet_gateway: { key: 'egress_only_gateway_id', kind: 'egress-only' },
};

export interface RouteTable {
  id: string;
  vpc?: string;
  routes: Route[];
  /** Gateway endpoints (S3, DynamoDB) whose prefix-list routes this table carries. */
  gatewayEndpoints: string[];
}

export interface NatGateway {
  id: string;
  subnet?: string;
  eip?: string;
  private: boolean;
}

export interface Instance {
  id: string;
  subnet?: string;
  sgs: string[];
  sourceDestCheck: boolean;
  associatePublicIp?: boolean;
  httpTokens?: string;
  /** Literal user data (base64 decoded), undefined when absent or computed. */
  userData?: string;
  userDataComputed: boolean;
  ami: unknown;
  /** ENI attached at device 0 through a `network_interface` block, if any. */
  primaryEni?: string;
  instanceProfile?: string;
}

export interface Eni {
  id: string;
  subnet?: string;
  sgs: string[];
  sourceDestCheck: boolean;
  instance?: string;
  deviceIndex?: number;
}

export interface Endpoint {
  id: string;
  vpc?: string;
  /** "lambda", "ecr.dkr", or "privatelink" for an endpoint service. */
  service: string;
  /** The aws_vpc_endpoint_service it consumes, when in this configuration. */
  endpointService?: string;
  type: 'Interface' | 'Gateway' | 'GatewayLoadBalancer';
  privateDns: boolean;
  subnets: string[];
  sgs: string[];
  routeTables: string[];
}

export interface Peering {
  id: string;
  vpc?: string;
  peerVpc?: string;
  crossAccountOrRegion: boolean;
  accepted: boolean;
}

export interface NaclRule {
  address: string;
  egress: boolean;
  ruleNo: number;
  allow: boolean;
  protocol: string;
  cidr?: string;
  from: number;
  to: number;
}

export interface Nacl {
  id: string;
  subnets: string[];
  rules: NaclRule[];
}

const DEFAULT_VPC_CIDR = '172.31.0.0/16';

const ROUTE_TARGETS: [string, TargetKind][] = [
  ['nat_gateway_id', 'nat'],
  ['network_interface_id', 'eni'],
  ['instance_id', 'instance'],
  ['vpc_peering_connection_id', 'peering'],
  ['transit_gateway_id', 'tgw'],
  ['vpc_endpoint_id', 'vpce'],
  ['egress_only_gateway_id', 'egress-only'],
  ['carrier_gateway_id', 'other'],
  ['local_gateway_id', 'other'],
  ['core_network_arn', 'other'],
  ['gateway_id', 'igw'],
];

export class Network {
  readonly vpcs = new Map<string, Vpc>();
  readonly subnets = new Map<string, Subnet>();
  readonly routeTables = new Map<string, RouteTable>();
  readonly igws = new Map<string, { id: string; vpc?: string }>();
  readonly nats = new Map<string, NatGateway>();
  readonly instances = new Map<string, Instance>();
  readonly enis = new Map<string, Eni>();
  readonly eips = new Map<string, { id: string; instance?: string; eni?: string }>();
  readonly endpoints = new Map<string, Endpoint>();
  readonly peerings = new Map<string, Peering>();
  readonly nacls = new Map<string, Nacl>();
  /** subnet id → route table association (address and table). */
  private readonly associations = new Map<string, { address: string; table: string }>();
  private readonly naclOfSubnet = new Map<string, string>();
  private readonly defaultVpcRoutes: { vpc: string; igw: string }[] = [];
  /** Routes and associations whose table, subnet or number is not known statically. */
  readonly unresolvedRoutes: string[] = [];

  constructor(
    private readonly doc: TfDoc,
    private readonly r: Resolver,
  ) {
    this.readVpcs();
    this.readSubnets();
    this.readRouteTables();
    this.readGateways();
    this.readInstances();
    this.readEndpoints();
    this.readPeerings();
    this.readNacls();
  }

  // ---- reading ------------------------------------------------------------------------------

  private readVpcs(): void {
    for (const v of this.doc.all('aws_vpc')) {
      const cidr = literal(this.doc.scalar(v.body.cidr_block));
      this.vpcs.set(v.address, { id: v.address, cidrs: cidr ? [cidr] : [] });
    }
    // The default VPC: 172.31.0.0/16 with an internet gateway its main route table uses.
    for (const v of this.doc.all('aws_default_vpc')) this.vpcs.set(v.address, { id: v.address, cidrs: [DEFAULT_VPC_CIDR] });
    for (const a of this.doc.all('aws_vpc_ipv4_cidr_block_association')) {
      const vpc = this.vpcs.get(this.r.id(a.body.vpc_id) ?? '');
      const cidr = literal(this.doc.scalar(a.body.cidr_block));
      if (vpc && cidr) vpc.cidrs.push(cidr);
    }
  }

  private readSubnets(): void {
    for (const s of this.doc.all('aws_subnet')) {
      const az = this.doc.resolve(s.body.availability_zone ?? s.body.availability_zone_id);
      this.subnets.set(s.address, {
        id: s.address,
        vpc: this.r.id(s.body.vpc_id),
        az: typeof az === 'string' ? az : undefined,
        cidr: literal(this.doc.scalar(s.body.cidr_block)),
        mapPublicIp: bool(this.doc.resolve(s.body.map_public_ip_on_launch)) ?? false,
      });
    }
    // A default subnet is public: the default VPC's main table routes 0.0.0.0/0 to its internet gateway.
    const defaultVpc = this.doc.all('aws_default_vpc')[0]?.address ?? 'default VPC';
    for (const s of this.doc.all('aws_default_subnet')) {
      const az = this.doc.resolve(s.body.availability_zone ?? s.body.availability_zone_id);
      this.subnets.set(s.address, { id: s.address, vpc: defaultVpc, az: typeof az === 'string' ? az : undefined, mapPublicIp: true });
    }
    if (this.doc.all('aws_default_subnet').length > 0) {
      if (!this.vpcs.has(defaultVpc)) this.vpcs.set(defaultVpc, { id: defaultVpc, cidrs: [DEFAULT_VPC_CIDR] });
      const igw = `${defaultVpc}#igw`;
      this.igws.set(igw, { id: igw, vpc: defaultVpc });
      this.defaultVpcRoutes.push({ vpc: defaultVpc, igw });
    }
  }

  private readRouteTables(): void {
    const table = (id: string, vpc?: string): RouteTable => {
      let t = this.routeTables.get(id);
      if (!t) {
        t = { id, vpc, routes: [], gatewayEndpoints: [] };
        this.routeTables.set(id, t);
      }
      if (vpc && !t.vpc) t.vpc = vpc;
      return t;
    };
    for (const v of this.vpcs.keys()) table(this.r.mainRouteTableOf(v), v);
    for (const { vpc, igw } of this.defaultVpcRoutes) {
      const main = table(this.r.mainRouteTableOf(vpc), vpc);
      main.routes.push({ address: `${main.id} (default VPC route)`, table: main.id, destination: ANYWHERE, target: { kind: 'igw', id: igw } });
    }
    for (const rt of this.doc.all('aws_route_table')) {
      const t = table(rt.address, this.r.id(rt.body.vpc_id));
      objects(rt.body.route).forEach((b, i) => this.addRoute(t, `${rt.address} route[${i}]`, b, 'cidr_block'));
    }
    for (const rt of this.doc.all('aws_default_route_table')) {
      const vpcRef = refsIn(rt.body.default_route_table_id)[0];
      const t = table(rt.address, vpcRef?.type === 'aws_vpc' ? vpcRef.address : undefined);
      objects(rt.body.route).forEach((b, i) => this.addRoute(t, `${rt.address} route[${i}]`, b, 'cidr_block'));
    }
    const unknown = (v: unknown) => {
      const id = this.r.id(v);
      return id === undefined || id.includes('${');
    };
    for (const route of this.doc.all('aws_route')) {
      const id = this.r.id(route.body.route_table_id);
      if (unknown(route.body.route_table_id) || route.body.count !== undefined || route.body.for_each !== undefined) this.unresolvedRoutes.push(route.address);
      else if (id) this.addRoute(table(id), route.address, route.body, 'destination_cidr_block');
    }
    for (const rt of [...this.doc.all('aws_route_table'), ...this.doc.all('aws_default_route_table')]) {
      if (objects(rt.body.route).some((b) => typeof b['//dynamic'] === 'string') || rt.body.count !== undefined || rt.body.for_each !== undefined) this.unresolvedRoutes.push(rt.address);
    }
    for (const a of this.doc.all('aws_route_table_association')) {
      const subnet = this.r.id(a.body.subnet_id);
      const rt = this.r.id(a.body.route_table_id);
      if (unknown(a.body.subnet_id) || unknown(a.body.route_table_id) || a.body.count !== undefined || a.body.for_each !== undefined) this.unresolvedRoutes.push(a.address);
      else if (subnet && rt) this.associations.set(subnet, { address: a.address, table: rt });
    }
  }

  private addRoute(table: RouteTable, address: string, b: Body, cidrKey: string): void {
    const destination =
      literal(this.doc.scalar(b[cidrKey])) ??
      literal(this.doc.scalar(b.destination_ipv6_cidr_block ?? b.ipv6_cidr_block)) ??
      (b.destination_prefix_list_id !== undefined ? `prefix-list ${this.r.id(b.destination_prefix_list_id)}` : undefined) ??
      // A computed destination (a peer VPC's CIDR from a data source): keep the expression.
      (typeof b[cidrKey] === 'string' ? (b[cidrKey] as string) : '?');
    for (const [key, kind] of ROUTE_TARGETS) {
      if (b[key] === undefined || b[key] === null || b[key] === '') continue;
      const id = this.r.id(b[key])!;
      const ref = refsIn(this.doc.resolve(b[key]))[0];
      const fit = ref && TARGET_KEY[ref.type];
      // What the route points at decides the hop; the argument it is written in may not fit it.
      const misfit = fit && fit.key !== key && !(key === 'network_interface_id' && ref.type === 'aws_instance') ? { key, type: ref.type, expected: fit.key } : undefined;
      table.routes.push({ address, table: table.id, destination, target: { kind: misfit ? fit.kind : classify(kind, id, ref?.type), id }, misfit });
      return;
    }
  }

  private readGateways(): void {
    for (const g of this.doc.all('aws_internet_gateway')) this.igws.set(g.address, { id: g.address, vpc: this.r.id(g.body.vpc_id) });
    for (const a of this.doc.all('aws_internet_gateway_attachment')) {
      const igw = this.igws.get(this.r.id(a.body.internet_gateway_id) ?? '');
      if (igw) igw.vpc = this.r.id(a.body.vpc_id);
    }
    for (const n of this.doc.all('aws_nat_gateway')) {
      this.nats.set(n.address, {
        id: n.address,
        subnet: this.r.id(n.body.subnet_id),
        eip: this.r.id(n.body.allocation_id),
        private: literal(n.body.connectivity_type) === 'private',
      });
    }
    for (const e of this.doc.all('aws_eip')) {
      this.eips.set(e.address, { id: e.address, instance: this.r.id(e.body.instance), eni: this.r.id(e.body.network_interface) });
    }
    for (const a of this.doc.all('aws_eip_association')) {
      const id = this.r.id(a.body.allocation_id) ?? a.address;
      const eip = this.eips.get(id) ?? { id };
      eip.instance = this.r.id(a.body.instance_id) ?? eip.instance;
      eip.eni = this.r.id(a.body.network_interface_id) ?? eip.eni;
      this.eips.set(id, eip);
    }
  }

  private readInstances(): void {
    for (const n of this.doc.all('aws_network_interface')) {
      const attachment = objects(n.body.attachment)[0];
      this.enis.set(n.address, {
        id: n.address,
        subnet: this.r.id(n.body.subnet_id),
        sgs: this.r.ids(n.body.security_groups),
        sourceDestCheck: bool(this.doc.resolve(n.body.source_dest_check)) ?? true,
        instance: attachment ? this.r.id(attachment.instance) : undefined,
        deviceIndex: attachment ? num(attachment.device_index) : undefined,
      });
    }
    for (const a of this.doc.all('aws_network_interface_attachment')) {
      const eni = this.enis.get(this.r.id(a.body.network_interface_id) ?? '');
      if (eni) [eni.instance, eni.deviceIndex] = [this.r.id(a.body.instance_id), num(a.body.device_index)];
    }
    for (const a of this.doc.all('aws_network_interface_sg_attachment')) {
      const eni = this.enis.get(this.r.id(a.body.network_interface_id) ?? '');
      const sg = this.r.id(a.body.security_group_id);
      if (eni && sg) eni.sgs.push(sg);
    }
    for (const i of this.doc.all('aws_instance')) {
      const b = i.body;
      const template = this.doc.get(refsIn(objects(b.launch_template)[0]?.id)[0]?.address ?? '');
      const metadata = objects(b.metadata_options)[0] ?? objects(template?.body.metadata_options)[0];
      const primary = objects(b.network_interface).find((ni) => num(ni.device_index) === 0);
      const primaryEni = primary ? this.r.id(primary.network_interface_id) : undefined;
      const rawUserData = this.doc.resolve(b.user_data ?? b.user_data_base64);
      // A script with interpolations (the Lambda subnets' CIDRs) still shows its commands; a whole
      // expression (templatefile(), file()) does not.
      const script = b.user_data !== undefined && typeof rawUserData === 'string' && !isWholeExpression(rawUserData) ? rawUserData : undefined;
      const userData = literal(rawUserData) ?? script;
      const vpcSgs = this.r.ids(b.vpc_security_group_ids);
      const subnet = this.r.id(b.subnet_id) ?? this.enis.get(primaryEni ?? '')?.subnet;
      const vpc = this.subnets.get(subnet ?? '')?.vpc;
      this.instances.set(i.address, {
        id: i.address,
        subnet,
        sgs: vpcSgs.length > 0 ? vpcSgs : primaryEni ? (this.enis.get(primaryEni)?.sgs ?? []) : vpc ? [this.r.defaultSgOf(vpc)] : [],
        sourceDestCheck: bool(this.doc.resolve(b.source_dest_check)) ?? true,
        associatePublicIp: bool(this.doc.resolve(b.associate_public_ip_address)),
        httpTokens: literal(metadata?.http_tokens),
        userData: userData !== undefined && b.user_data === undefined ? decodeBase64(userData) : userData,
        userDataComputed: rawUserData !== undefined && userData === undefined,
        ami: b.ami,
        primaryEni,
        instanceProfile: this.r.id(b.iam_instance_profile),
      });
      if (primaryEni && this.enis.has(primaryEni)) Object.assign(this.enis.get(primaryEni)!, { instance: i.address, deviceIndex: 0 });
    }
  }

  private readEndpoints(): void {
    for (const e of this.doc.all('aws_vpc_endpoint')) {
      const b = e.body;
      const type = (literal(b.vpc_endpoint_type) ?? 'Gateway') as Endpoint['type'];
      const vpc = this.r.id(b.vpc_id);
      const svcRef = refsIn(b.service_name)[0];
      const subnets = [...this.r.ids(b.subnet_ids), ...objects(b.subnet_configuration).map((c) => this.r.id(c.subnet_id)!).filter(Boolean)];
      this.endpoints.set(e.address, {
        id: e.address,
        vpc,
        service: serviceOf(this.doc, b.service_name),
        endpointService: svcRef?.type === 'aws_vpc_endpoint_service' ? svcRef.address : undefined,
        type,
        privateDns: bool(this.doc.resolve(b.private_dns_enabled)) ?? false,
        subnets: [...new Set(subnets)],
        sgs: this.r.ids(b.security_group_ids),
        routeTables: this.r.ids(b.route_table_ids),
      });
    }
    const endpoint = (v: unknown) => this.endpoints.get(this.r.id(v) ?? '');
    for (const a of this.doc.all('aws_vpc_endpoint_subnet_association')) endpoint(a.body.vpc_endpoint_id)?.subnets.push(this.r.id(a.body.subnet_id)!);
    for (const a of this.doc.all('aws_vpc_endpoint_security_group_association')) {
      endpoint(a.body.vpc_endpoint_id)?.sgs.push(this.r.id(a.body.security_group_id)!);
    }
    for (const a of this.doc.all('aws_vpc_endpoint_route_table_association')) {
      endpoint(a.body.vpc_endpoint_id)?.routeTables.push(this.r.id(a.body.route_table_id)!);
    }
    for (const a of this.doc.all('aws_vpc_endpoint_private_dns')) {
      const e = endpoint(a.body.vpc_endpoint_id);
      if (e && bool(a.body.private_dns_enabled)) e.privateDns = true;
    }
    for (const e of this.endpoints.values()) {
      // Without security groups, AWS puts an interface endpoint on the VPC's default group.
      if (e.type === 'Interface' && e.sgs.length === 0 && e.vpc) e.sgs.push(this.r.defaultSgOf(e.vpc));
      for (const rt of e.routeTables) this.routeTables.get(rt)?.gatewayEndpoints.push(e.id);
    }
  }

  private readPeerings(): void {
    for (const p of this.doc.all('aws_vpc_peering_connection')) {
      const b = p.body;
      const set = (v: unknown) => {
        const r = this.doc.resolve(v);
        return r !== undefined && r !== null && r !== '';
      };
      const cross = set(b.peer_owner_id) || set(b.peer_region);
      this.peerings.set(p.address, {
        id: p.address,
        vpc: this.r.id(b.vpc_id),
        peerVpc: this.r.id(b.peer_vpc_id),
        crossAccountOrRegion: cross,
        accepted: !cross && this.doc.condition(b.auto_accept) === true,
      });
    }
    for (const a of this.doc.all('aws_vpc_peering_connection_accepter')) {
      const p = this.peerings.get(this.r.id(a.body.vpc_peering_connection_id) ?? '');
      if (p && this.doc.condition(a.body.auto_accept)) p.accepted = true;
    }
  }

  private readNacls(): void {
    const ruleOf = (address: string, b: Body, egress: boolean): NaclRule => ({
      address,
      egress,
      ruleNo: num(b.rule_no ?? b.rule_number) ?? 0,
      allow: String(literal(b.action ?? b.rule_action)).toLowerCase() === 'allow',
      protocol: protocolName(b.protocol),
      cidr: literal(this.doc.scalar(b.cidr_block)),
      from: num(b.from_port) ?? 0,
      to: num(b.to_port) ?? 65535,
    });
    for (const type of ['aws_network_acl', 'aws_default_network_acl']) {
      for (const acl of this.doc.all(type)) {
        const rules = [
          ...objects(acl.body.ingress).map((b, i) => ruleOf(`${acl.address} ingress[${i}]`, b, false)),
          ...objects(acl.body.egress).map((b, i) => ruleOf(`${acl.address} egress[${i}]`, b, true)),
        ];
        const subnets = this.r.ids(acl.body.subnet_ids);
        this.nacls.set(acl.address, { id: acl.address, subnets, rules });
        for (const s of subnets) this.naclOfSubnet.set(s, acl.address);
      }
    }
    for (const rule of this.doc.all('aws_network_acl_rule')) {
      const acl = this.nacls.get(this.r.id(rule.body.network_acl_id) ?? '');
      acl?.rules.push(ruleOf(rule.address, rule.body, bool(this.doc.resolve(rule.body.egress)) ?? false));
    }
    for (const a of this.doc.all('aws_network_acl_association')) {
      const subnet = this.r.id(a.body.subnet_id);
      const acl = this.r.id(a.body.network_acl_id);
      if (subnet && acl) this.naclOfSubnet.set(subnet, acl);
    }
    for (const acl of this.nacls.values()) acl.rules.sort((a, b) => a.ruleNo - b.ruleNo);
  }

  // ---- queries ------------------------------------------------------------------------------

  /** The table a subnet uses: its explicit association, else its VPC's main route table. */
  routeTableOf(subnet: string): { table: RouteTable; via: string } | undefined {
    const assoc = this.associations.get(subnet);
    if (assoc) {
      const table = this.routeTables.get(assoc.table) ?? { id: assoc.table, routes: [], gatewayEndpoints: [] };
      return { table, via: assoc.address };
    }
    const vpc = this.subnets.get(subnet)?.vpc;
    if (!vpc || !this.vpcs.has(vpc)) return undefined;
    const main = this.r.mainRouteTableOf(vpc);
    return { table: this.routeTables.get(main) ?? { id: main, vpc, routes: [], gatewayEndpoints: [] }, via: 'main route table' };
  }

  /** The route a packet to `cidr` takes from this table: longest prefix, with the VPC's local route. */
  routeFor(table: RouteTable, cidr: string): Route | undefined {
    const vpc = this.vpcs.get(table.vpc ?? '');
    const candidates: Route[] = [...table.routes.filter((r) => cidrContains(r.destination, cidr))];
    for (const v of vpc?.cidrs ?? []) {
      if (cidrContains(v, cidr)) candidates.push({ address: `${table.id} local`, table: table.id, destination: v, target: { kind: 'local', id: 'local' } });
    }
    return candidates.sort((a, b) => prefixLength(b.destination) - prefixLength(a.destination))[0];
  }

  /** The 0.0.0.0/0 route of a table. */
  defaultRoute(table: RouteTable): Route | undefined {
    return table.routes.find((r) => r.destination === ANYWHERE);
  }

  /** The IGW route that makes a subnet public (0.0.0.0/0 → internet gateway), if any. */
  publicRoute(subnet: string): Route | undefined {
    const rt = this.routeTableOf(subnet);
    const route = rt && this.defaultRoute(rt.table);
    return route?.target.kind === 'igw' ? route : undefined;
  }

  igwOf(vpc: string | undefined): { id: string; vpc?: string } | undefined {
    return [...this.igws.values()].find((g) => g.vpc === vpc);
  }

  naclOf(subnet: string): Nacl | undefined {
    return this.nacls.get(this.naclOfSubnet.get(subnet) ?? '');
  }

  /**
   * Whether a network ACL lets `cidr` through in one direction on (protocol, port). Stateless: the
   * caller asks for the return traffic separately. Absent ACL (AWS's default one) allows all.
   */
  naclAllows(nacl: Nacl | undefined, egress: boolean, cidr: string, protocol: string, port: number): { ok: boolean; rule?: NaclRule } {
    if (!nacl) return { ok: true };
    for (const rule of nacl.rules.filter((r) => r.egress === egress)) {
      const proto = rule.protocol === 'all' || rule.protocol === protocol;
      const ports = rule.protocol === 'all' || rule.protocol === 'icmp' || (port >= rule.from && port <= rule.to);
      if (proto && ports && rule.cidr && cidrContains(rule.cidr, cidr)) return { ok: rule.allow, rule };
    }
    return { ok: false };
  }
}

function classify(kind: TargetKind, id: string, refType: string | undefined): TargetKind {
  if (kind === 'igw') {
    if (refType === 'aws_vpn_gateway' || id.startsWith('vgw-')) return 'vgw';
    if (id === 'local') return 'local';
    return refType === 'aws_internet_gateway' || id.startsWith('igw-') ? 'igw' : 'other';
  }
  if (kind === 'eni' && refType === 'aws_instance') return 'instance';
  return kind;
}

/** "com.amazonaws.eu-west-1.ecr.dkr" → "ecr.dkr"; an endpoint service's name → "privatelink". */
export function serviceOf(doc: TfDoc, value: unknown): string {
  const v = doc.resolve(value);
  if (typeof v !== 'string') return '?';
  const ref = refsIn(v)[0];
  if (ref?.type === 'aws_vpc_endpoint_service') {
    // The data source looks up an AWS service by short name; the resource is our own PrivateLink service.
    return ref.data ? (literal(doc.get(ref.address)?.body.service) ?? '?') : 'privatelink';
  }
  const m = /^(?:cn\.)?com\.amazonaws\.(\$\{[^}]*\}|[a-z0-9-]+)\.(.+)$/.exec(v);
  if (!m) return '?';
  if (m[1] === 'vpce' || m[2].startsWith('vpce-svc')) return 'privatelink';
  return m[2];
}

export function protocolName(value: unknown): string {
  const p = String(literal(value) ?? '-1').toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  if (p === '6') return 'tcp';
  if (p === '17') return 'udp';
  if (p === '1') return 'icmp';
  return p;
}

function decodeBase64(text: string): string {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return text;
  return Buffer.from(text, 'base64').toString('utf8');
}
