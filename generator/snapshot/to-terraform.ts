/**
 * `check` on a stack in a VPC it does not own: the snapshot becomes Terraform-shaped resources (the
 * real ids as their names and literal attributes), and the configuration's literal ids and lookups of
 * that VPC (`data.aws_subnet` by id, variable defaults) become references to them. The checker then
 * traces every hop through what exists as through what the Terraform creates. Applied to the loaded
 * documents just before the model is built; the checker itself is unchanged.
 */
import { snapshotCommand } from '../config/existing';
import type { CheckResult as Finding } from '../check';
import type { LoadedSnapshot, VpcSnapshot } from './format';

type Json = Record<string, any>;
type Parsed = { file: string; json: Record<string, unknown> };

export interface OutsideWorld {
  /** The documents to build the model from: rewritten, plus the snapshot's own when there is one. */
  parsed: Parsed[];
  /** Adjusts the findings to what lies outside the Terraform, and adds what only this module sees. */
  review(results: Finding[]): Finding[];
}

/** The hook `check` calls on its loaded documents. Without a snapshot it only reviews the findings. */
export function withSnapshot(parsed: Parsed[], loaded?: LoadedSnapshot): OutsideWorld {
  const outside = outsideIds(parsed);
  if (!loaded) {
    return { parsed, review: (results) => [...results.map((r) => unverifiable(r, outside)), ...outsideNote(outside)] };
  }
  const { doc, addresses } = snapshotToTerraform(loaded.snapshot, outside.ids);
  const rewritten = parsed.map((p) => ({ ...p, json: rewriteIds(p.json, addresses, dataSourceTargets(parsed, addresses)) }));
  const snapshotAddresses = new Set(addresses.values());
  return {
    parsed: [...rewritten, { file: loaded.file, json: doc }],
    review: (results) => [
      ...routeConflicts(rewritten, loaded, addresses),
      ...endpointConflicts(rewritten, loaded),
      ...results.map((r) => outsideTheTerraform(r, snapshotAddresses, loaded)),
      {
        status: 'pass',
        subject: 'network',
        check: 'snapshot',
        message: `what this Terraform does not create is read from ${loaded.file} (${loaded.snapshot.vpcId} in ${loaded.snapshot.region}, taken ${loaded.snapshot.takenAt}): ${loaded.snapshot.Subnets.length} subnets, ${loaded.snapshot.RouteTables.length} route tables, ${loaded.snapshot.NatGateways.length} NAT gateways, ${loaded.snapshot.VpcEndpoints.length} endpoints`,
        resources: [],
      },
    ],
  };
}

// ---- the snapshot as Terraform ------------------------------------------------------------------

/** Snapshot → one Terraform JSON document, and each AWS id's address in it. */
export function snapshotToTerraform(snapshot: VpcSnapshot, namedByConfig: string[] = []): { doc: Json; addresses: Map<string, string> } {
  const resource: Record<string, Record<string, Json>> = {};
  const addresses = new Map<string, string>();
  const add = (type: string, id: string, body: Json) => {
    (resource[type] ??= {})[id] = body;
    addresses.set(id, `${type}.${id}`);
  };
  // Ids first, so every body below can refer to what the snapshot holds.
  const live = (state: unknown) => state === undefined || ['available', 'pending', 'active', 'attached', 'pending-acceptance'].includes(String(state));
  const vpcs = snapshot.Vpcs;
  const igws = snapshot.InternetGateways.filter((g) => (g.Attachments ?? []).some((a: Json) => a.VpcId === snapshot.vpcId && live(a.State)));
  const nats = snapshot.NatGateways.filter((n) => live(n.State));
  const endpoints = snapshot.VpcEndpoints.filter((e) => live(e.State));
  const peerings = snapshot.VpcPeeringConnections.filter((p) => live(p.Status?.Code));
  const groups = referencedGroups(snapshot, endpoints, namedByConfig);
  for (const v of vpcs) addresses.set(v.VpcId, `aws_vpc.${v.VpcId}`);
  for (const s of snapshot.Subnets) addresses.set(s.SubnetId, `aws_subnet.${s.SubnetId}`);
  for (const t of snapshot.RouteTables) addresses.set(t.RouteTableId, `aws_route_table.${t.RouteTableId}`);
  for (const g of igws) addresses.set(g.InternetGatewayId, `aws_internet_gateway.${g.InternetGatewayId}`);
  for (const n of nats) addresses.set(n.NatGatewayId, `aws_nat_gateway.${n.NatGatewayId}`);
  for (const e of endpoints) addresses.set(e.VpcEndpointId, `aws_vpc_endpoint.${e.VpcEndpointId}`);
  for (const p of peerings) addresses.set(p.VpcPeeringConnectionId, `aws_vpc_peering_connection.${p.VpcPeeringConnectionId}`);
  for (const i of snapshot.Instances) addresses.set(i.InstanceId, `aws_instance.${i.InstanceId}`);
  for (const g of groups) addresses.set(g.GroupId, `${g.GroupName === 'default' ? 'aws_default_security_group' : 'aws_security_group'}.${g.GroupId}`);
  const ref = (id: string | undefined, attr = 'id') => (id && addresses.has(id) ? `\${${addresses.get(id)}.${attr}}` : id);
  const refs = (ids: (string | undefined)[]) => ids.filter((id): id is string => Boolean(id)).map((id) => ref(id));

  for (const v of vpcs) {
    add('aws_vpc', v.VpcId, { cidr_block: v.CidrBlock });
    for (const a of v.CidrBlockAssociationSet ?? []) {
      if (a.CidrBlock !== v.CidrBlock && live(a.CidrBlockState?.State === 'associated' ? 'available' : a.CidrBlockState?.State)) {
        add('aws_vpc_ipv4_cidr_block_association', a.AssociationId, { vpc_id: ref(v.VpcId), cidr_block: a.CidrBlock });
      }
    }
  }
  for (const s of snapshot.Subnets) {
    add('aws_subnet', s.SubnetId, { vpc_id: ref(s.VpcId), cidr_block: s.CidrBlock, availability_zone: s.AvailabilityZone, map_public_ip_on_launch: s.MapPublicIpOnLaunch === true });
  }
  for (const g of igws) add('aws_internet_gateway', g.InternetGatewayId, { vpc_id: ref(snapshot.vpcId) });
  for (const n of nats) {
    const address = (n.NatGatewayAddresses ?? []).find((a: Json) => a.IsPrimary !== false) ?? {};
    add('aws_nat_gateway', n.NatGatewayId, { subnet_id: ref(n.SubnetId), allocation_id: address.AllocationId, connectivity_type: n.ConnectivityType ?? 'public' });
  }
  for (const t of snapshot.RouteTables) {
    add('aws_route_table', t.RouteTableId, { vpc_id: ref(t.VpcId), route: (t.Routes ?? []).map((r: Json) => routeBlock(r, ref, addresses)).filter(Boolean) });
    for (const a of t.Associations ?? []) {
      if (a.Main) add('aws_main_route_table_association', a.RouteTableAssociationId, { vpc_id: ref(t.VpcId), route_table_id: ref(t.RouteTableId) });
      else if (a.SubnetId) add('aws_route_table_association', a.RouteTableAssociationId, { subnet_id: ref(a.SubnetId), route_table_id: ref(t.RouteTableId) });
    }
  }
  for (const g of groups) {
    const rules = (perms: Json[] | undefined) => (perms ?? []).map((p) => ruleBlock(p, ref));
    add(g.GroupName === 'default' ? 'aws_default_security_group' : 'aws_security_group', g.GroupId, {
      vpc_id: ref(g.VpcId),
      name: g.GroupName,
      ingress: rules(g.IpPermissions),
      egress: rules(g.IpPermissionsEgress),
    });
  }
  for (const acl of snapshot.NetworkAcls) {
    const entries = (egress: boolean) =>
      (acl.Entries ?? [])
        .filter((e: Json) => e.Egress === egress && e.CidrBlock)
        .map((e: Json) => ({ rule_no: e.RuleNumber, action: e.RuleAction, protocol: e.Protocol, cidr_block: e.CidrBlock, from_port: e.PortRange?.From ?? 0, to_port: e.PortRange?.To ?? 0 }));
    add('aws_network_acl', acl.NetworkAclId, { vpc_id: ref(acl.VpcId), subnet_ids: refs((acl.Associations ?? []).map((a: Json) => a.SubnetId)), ingress: entries(false), egress: entries(true) });
  }
  for (const e of endpoints) {
    add('aws_vpc_endpoint', e.VpcEndpointId, {
      vpc_id: ref(e.VpcId),
      service_name: e.ServiceName,
      vpc_endpoint_type: e.VpcEndpointType,
      private_dns_enabled: e.PrivateDnsEnabled === true,
      subnet_ids: refs(e.SubnetIds ?? []),
      security_group_ids: refs((e.Groups ?? []).map((g: Json) => g.GroupId)),
      route_table_ids: refs(e.RouteTableIds ?? []),
    });
  }
  for (const p of peerings) {
    add('aws_vpc_peering_connection', p.VpcPeeringConnectionId, {
      vpc_id: ref(p.RequesterVpcInfo?.VpcId),
      peer_vpc_id: ref(p.AccepterVpcInfo?.VpcId),
      // Accepted already: the checker reads this as a connection that carries traffic.
      auto_accept: p.Status?.Code === 'active',
    });
  }
  for (const i of snapshot.Instances) {
    add('aws_instance', i.InstanceId, {
      ami: i.ImageId,
      subnet_id: ref(i.SubnetId),
      vpc_security_group_ids: refs((i.SecurityGroups ?? []).map((g: Json) => g.GroupId)),
      source_dest_check: i.SourceDestCheck !== false,
      associate_public_ip_address: Boolean(i.PublicIpAddress),
      metadata_options: { http_tokens: i.MetadataOptions?.HttpTokens },
      // Not in the snapshot (DescribeInstanceAttribute): whether it sets up NAT cannot be read.
      user_data_base64: '${snapshot_did_not_record_user_data}',
    });
  }
  return { doc: { resource }, addresses };
}

/** An inline route of aws_route_table; local routes are implied, blackholes carry nothing, gateway-endpoint routes come from the endpoints. */
function routeBlock(r: Json, ref: (id?: string, attr?: string) => string | undefined, addresses: Map<string, string>): Json | undefined {
  if (r.GatewayId === 'local' || r.State === 'blackhole' || String(r.GatewayId ?? '').startsWith('vpce-')) return undefined;
  const destination = r.DestinationCidrBlock ? { cidr_block: r.DestinationCidrBlock } : r.DestinationPrefixListId ? { destination_prefix_list_id: r.DestinationPrefixListId } : undefined;
  if (!destination) return undefined;
  if (r.NatGatewayId) return { ...destination, nat_gateway_id: ref(r.NatGatewayId) };
  if (r.InstanceId && addresses.has(r.InstanceId)) return { ...destination, network_interface_id: ref(r.InstanceId, 'primary_network_interface_id') };
  if (r.NetworkInterfaceId) return { ...destination, network_interface_id: r.NetworkInterfaceId };
  if (r.VpcPeeringConnectionId) return { ...destination, vpc_peering_connection_id: ref(r.VpcPeeringConnectionId) };
  if (r.TransitGatewayId) return { ...destination, transit_gateway_id: r.TransitGatewayId };
  if (r.GatewayId) return { ...destination, gateway_id: ref(r.GatewayId) };
  return undefined;
}

/** An inline ingress/egress block of aws_security_group from an IpPermission. */
function ruleBlock(p: Json, ref: (id?: string) => string | undefined): Json {
  return {
    protocol: p.IpProtocol,
    from_port: p.FromPort ?? 0,
    to_port: p.ToPort ?? 0,
    cidr_blocks: (p.IpRanges ?? []).map((r: Json) => r.CidrIp),
    ipv6_cidr_blocks: (p.Ipv6Ranges ?? []).map((r: Json) => r.CidrIpv6),
    prefix_list_ids: (p.PrefixListIds ?? []).map((r: Json) => r.PrefixListId),
    security_groups: (p.UserIdGroupPairs ?? []).map((g: Json) => ref(g.GroupId)),
  };
}

/**
 * The groups on the path of something the snapshot holds (endpoints, NAT instances) and those their
 * rules name, and those the configuration names by id; other groups of the VPC are none of this
 * stack's business.
 */
function referencedGroups(snapshot: VpcSnapshot, endpoints: Json[], namedByConfig: string[]): Json[] {
  const wanted = new Set<string>([
    ...namedByConfig,
    ...endpoints.flatMap((e) => (e.Groups ?? []).map((g: Json) => g.GroupId)),
    ...snapshot.Instances.flatMap((i) => (i.SecurityGroups ?? []).map((g: Json) => g.GroupId)),
  ]);
  const named = snapshot.SecurityGroups.filter((g) => wanted.has(g.GroupId));
  for (const g of named) for (const p of [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])]) for (const pair of p.UserIdGroupPairs ?? []) wanted.add(pair.GroupId);
  return snapshot.SecurityGroups.filter((g) => wanted.has(g.GroupId) || g.GroupName === 'default');
}

// ---- the configuration, pointed at the snapshot -------------------------------------------------

/** Variable defaults by name, across the documents. */
function variableDefaults(parsed: Parsed[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const { json } of parsed) for (const [name, v] of Object.entries((json.variable ?? {}) as Json)) if (v && 'default' in v) out.set(name, v.default);
  return out;
}

/** A literal behind `x`, `${var.x}`, `${element(var.x, n)}` or `${var.x[n]}` (what generated stacks write). */
function literalOf(value: unknown, defaults: Map<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  const whole = /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/.exec(value);
  if (whole) return defaults.get(whole[1]);
  const element = /^\$\{\s*(?:element\(\s*var\.([A-Za-z_][\w-]*)\s*,\s*(\d+)\s*\)|var\.([A-Za-z_][\w-]*)\[(\d+)\])\s*\}$/.exec(value);
  if (element) {
    const list = defaults.get(element[1] ?? element[3]);
    return Array.isArray(list) ? list[Number(element[2] ?? element[4])] : undefined;
  }
  return value.includes('${') ? undefined : value;
}

const LOOKUPS = ['aws_vpc', 'aws_subnet', 'aws_route_table', 'aws_security_group', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_vpc_endpoint'];

/** Lookups of what the snapshot holds (`data.aws_subnet.x` with id = a snapshot subnet) → that resource. */
function dataSourceTargets(parsed: Parsed[], addresses: Map<string, string>): Map<string, string> {
  const defaults = variableDefaults(parsed);
  const out = new Map<string, string>();
  for (const { json } of parsed) {
    for (const type of LOOKUPS) {
      for (const [name, body] of Object.entries(((json.data ?? {}) as Json)[type] ?? {})) {
        const id = literalOf((body as Json).id, defaults);
        if (typeof id === 'string' && addresses.has(id)) out.set(`data.${type}.${name}`, addresses.get(id)!);
      }
    }
  }
  return out;
}

/** Every literal snapshot id becomes a reference, and every lookup of one the resource it looked up. */
function rewriteIds(json: Record<string, unknown>, addresses: Map<string, string>, lookups: Map<string, string>): Record<string, unknown> {
  const lookup = lookups.size === 0 ? undefined : new RegExp(`(?<![\\w.])(${[...lookups.keys()].map((k) => k.replace(/\./g, '\\.')).join('|')})(?![\\w-])`, 'g');
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (addresses.has(v)) return `\${${addresses.get(v)}.id}`;
      return lookup && v.includes('${') ? v.replace(lookup, (m) => lookups.get(m)!) : v;
    }
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '//' ? x : visit(x)]));
    return v;
  };
  const out: Record<string, unknown> = { ...json };
  for (const section of ['resource', 'data', 'output', 'locals']) if (json[section] !== undefined) out[section] = visit(json[section]);
  if (json.variable) {
    out.variable = Object.fromEntries(Object.entries(json.variable as Json).map(([name, v]) => [name, v && 'default' in v ? { ...v, default: visit(v.default) } : v]));
  }
  return out;
}

// ---- reviewing the findings ---------------------------------------------------------------------

/** What lies outside the configuration: the VPC it looks up or names, and the subnets, route tables and groups. */
interface Outside {
  vpcId?: string;
  ids: string[];
}

function outsideIds(parsed: Parsed[]): Outside {
  const defaults = variableDefaults(parsed);
  const ids = new Set<string>();
  // Only where the stack builds: the VPC and subnets it places things in (a peer VPC is not its to snapshot).
  const placing = new Set(['vpc_id', 'subnet_id', 'subnet_ids', 'security_group_id', 'security_group_ids', 'route_table_id', 'route_table_ids']);
  const add = (v: unknown): void => {
    const lit = literalOf(v, defaults);
    if (Array.isArray(lit)) lit.forEach(add);
    else if (Array.isArray(v)) v.forEach(add);
    else if (typeof lit === 'string' && /^(vpc|subnet|rtb|sg)-[0-9a-f]{8,17}$/.test(lit)) ids.add(lit);
  };
  const visit = (v: unknown, key = ''): void => {
    if (placing.has(key)) add(v);
    else if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== '//') visit(x, k);
  };
  for (const { json } of parsed) {
    visit(json.resource);
    for (const type of LOOKUPS) for (const body of Object.values(((json.data ?? {}) as Json)[type] ?? {})) add((body as Json).id);
  }
  const all = [...ids].sort();
  const vpcId = all.find((id) => id.startsWith('vpc-'));
  // Without a VPC of its own outside, literal ids are someone else's (a peer's route tables, a database's group).
  return vpcId || all.some((id) => id.startsWith('subnet-')) ? { vpcId, ids: all } : { ids: [] };
}

/** Without a snapshot: say once what is not checked, and how to have it checked. */
function outsideNote(outside: Outside): Finding[] {
  if (outside.ids.length === 0) return [];
  return [
    {
      status: 'warn',
      subject: 'network',
      check: 'existing-vpc',
      message: `${outside.ids.join(', ')} exist outside this Terraform: the routes, NAT, network ACLs and security groups there are not checked`,
      resources: [],
      fix: `take a snapshot of the VPC: ${snapshotCommand(outside.vpcId ?? '<vpc-id>')} (in the project directory, or pass check --snapshot FILE)`,
    },
  ];
}

/** A path that leaves the configuration cannot be judged: a WARN that says how to see the rest. */
function unverifiable(r: Finding, outside: Outside): Finding {
  if (!/is not in this configuration|are not in this configuration/.test(r.message)) return r;
  const fix = outside.vpcId ? `take a snapshot of the VPC so check can follow it: ${snapshotCommand(outside.vpcId)}` : r.fix;
  return { ...r, status: r.status === 'pass' ? 'pass' : 'warn', fix };
}

/** A failure about nothing but what the VPC already holds is the VPC owner's to fix: a WARN, marked as such. */
function outsideTheTerraform(r: Finding, snapshotAddresses: Set<string>, loaded: LoadedSnapshot): Finding {
  if (r.status !== 'fail' || r.resources.length === 0 || !r.resources.every((a) => snapshotAddresses.has(a.split(' ')[0]))) return r;
  return { ...r, status: 'warn', message: `in the existing VPC (${loaded.file}), not created here: ${r.message}` };
}

/** A route this Terraform adds where the VPC already has one for the same destination: apply would fail. */
function routeConflicts(parsed: Parsed[], loaded: LoadedSnapshot, addresses: Map<string, string>): Finding[] {
  const out: Finding[] = [];
  const defaults = variableDefaults(parsed);
  for (const { json } of parsed) {
    for (const [name, route] of Object.entries((((json.resource ?? {}) as Json).aws_route ?? {}) as Record<string, Json>)) {
      // A variable's element (as synthesized), or already a reference or literal (as check v2 evaluates it).
      const tableId = literalOf(route.route_table_id, defaults) ?? route.route_table_id;
      const table = loaded.snapshot.RouteTables.find((t) => tableId === t.RouteTableId || tableId === `\${${addresses.get(t.RouteTableId)}.id}`);
      const existing = table?.Routes?.find((r: Json) => r.DestinationCidrBlock === route.destination_cidr_block && r.GatewayId !== 'local');
      if (!table || !existing) continue;
      const target = existing.NatGatewayId ?? existing.GatewayId ?? existing.NetworkInterfaceId ?? existing.InstanceId ?? existing.VpcPeeringConnectionId ?? existing.TransitGatewayId;
      out.push({
        status: 'fail',
        subject: 'network',
        check: 'route-conflict',
        message: `aws_route.${name} adds ${route.destination_cidr_block} to ${table.RouteTableId}, which already sends it to ${target} (${loaded.file}): terraform apply fails with RouteAlreadyExists`,
        resources: [`aws_route.${name}`, addresses.get(table.RouteTableId)!],
        fix: route.destination_cidr_block === '0.0.0.0/0' ? "leave out --public-subnet-id to use the VPC's own egress, or remove that route first" : `remove the existing route from ${table.RouteTableId}, or name other route tables`,
      });
    }
  }
  return out;
}

/** An interface endpoint with private DNS for a service the VPC already has one for: AWS refuses the second. */
function endpointConflicts(parsed: Parsed[], loaded: LoadedSnapshot): Finding[] {
  const existing = loaded.snapshot.VpcEndpoints.filter((e) => e.VpcEndpointType === 'Interface' && e.PrivateDnsEnabled && e.State !== 'deleted');
  const out: Finding[] = [];
  for (const { json } of parsed) {
    for (const [name, endpoint] of Object.entries((((json.resource ?? {}) as Json).aws_vpc_endpoint ?? {}) as Record<string, Json>)) {
      const twin = existing.find((e) => e.ServiceName === endpoint.service_name);
      if (!twin || endpoint.vpc_endpoint_type !== 'Interface' || endpoint.private_dns_enabled !== true) continue;
      out.push({
        status: 'fail',
        subject: 'network',
        check: 'endpoint-conflict',
        message: `aws_vpc_endpoint.${name} enables private DNS for ${endpoint.service_name}, which ${twin.VpcEndpointId} already serves in ${loaded.snapshot.vpcId} (${loaded.file}): AWS refuses a second one`,
        resources: [`aws_vpc_endpoint.${name}`, `aws_vpc_endpoint.${twin.VpcEndpointId}`],
        fix: `leave ${endpoint.service_name.split('.').pop()} out of the pattern's endpoints and let the functions use ${twin.VpcEndpointId} (its security group must admit 443 from them)`,
      });
    }
  }
  return out;
}
