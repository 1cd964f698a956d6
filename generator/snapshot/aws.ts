/**
 * Takes a snapshot of a VPC with the AWS SDK for JavaScript v3: read-only Describe* calls, every page,
 * filtered to the VPC. Bundled with the other AWS commands (dist/aws.js) and loaded only when one runs, so no other
 * command pays for the SDK. Credentials and region come from the SDK's usual chain.
 */
import {
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcPeeringConnections,
  paginateDescribeVpcs,
  type Filter,
} from '@aws-sdk/client-ec2';
import { SNAPSHOT_VERSION, type SnapshotList, type VpcSnapshot } from './format';

/** The IAM actions a snapshot needs, all read-only (docs/existing-vpc.md lists them). */
export const SNAPSHOT_IAM_ACTIONS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeNatGateways',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeInstances',
] as const;

export interface TakeSnapshotOptions {
  vpcId: string;
  /** @default the SDK's (AWS_REGION, the profile's region) */
  region?: string;
  /** A client to use instead of a new one (tests pass a mocked one). */
  client?: EC2Client;
  /** The clock, for takenAt. @default now */
  now?: () => Date;
}

type Item = Record<string, any>;
type Page = Record<string, unknown>;

export async function takeSnapshot(options: TakeSnapshotOptions): Promise<VpcSnapshot> {
  const client = options.client ?? new EC2Client({ region: options.region });
  const region = options.region ?? (await client.config.region());
  const paging = { client, pageSize: 100 };
  const inVpc: Filter[] = [{ Name: 'vpc-id', Values: [options.vpcId] }];
  const all = async <P extends object>(pages: AsyncIterable<P>, key: keyof P & string): Promise<Item[]> => {
    const out: Item[] = [];
    for await (const page of pages) out.push(...(((page as Page)[key] as Item[] | undefined) ?? []));
    return out;
  };

  const [Vpcs, Subnets, RouteTables, SecurityGroups, NetworkAcls, VpcEndpoints, NatGateways, InternetGateways, requested, accepted, reservations] = await Promise.all([
    all(paginateDescribeVpcs(paging, { VpcIds: [options.vpcId] }), 'Vpcs'),
    all(paginateDescribeSubnets(paging, { Filters: inVpc }), 'Subnets'),
    all(paginateDescribeRouteTables(paging, { Filters: inVpc }), 'RouteTables'),
    all(paginateDescribeSecurityGroups(paging, { Filters: inVpc }), 'SecurityGroups'),
    all(paginateDescribeNetworkAcls(paging, { Filters: inVpc }), 'NetworkAcls'),
    all(paginateDescribeVpcEndpoints(paging, { Filters: inVpc }), 'VpcEndpoints'),
    all(paginateDescribeNatGateways(paging, { Filter: inVpc }), 'NatGateways'),
    all(paginateDescribeInternetGateways(paging, { Filters: [{ Name: 'attachment.vpc-id', Values: [options.vpcId] }] }), 'InternetGateways'),
    all(paginateDescribeVpcPeeringConnections(paging, { Filters: [{ Name: 'requester-vpc-info.vpc-id', Values: [options.vpcId] }] }), 'VpcPeeringConnections'),
    all(paginateDescribeVpcPeeringConnections(paging, { Filters: [{ Name: 'accepter-vpc-info.vpc-id', Values: [options.vpcId] }] }), 'VpcPeeringConnections'),
    all(paginateDescribeInstances(paging, { Filters: inVpc }), 'Reservations'),
  ]);
  if (Vpcs.length === 0) throw new Error(`VLG_NO_SUCH_VPC: ${options.vpcId} was not found in ${region}`);

  const lists: Record<SnapshotList, Item[]> = {
    Vpcs,
    Subnets,
    RouteTables,
    SecurityGroups,
    NetworkAcls,
    VpcEndpoints,
    NatGateways,
    InternetGateways,
    VpcPeeringConnections: unique([...requested, ...accepted], 'VpcPeeringConnectionId'),
    Instances: natInstances(reservations.flatMap((r) => (r.Instances as Item[] | undefined) ?? []), RouteTables),
  };
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    vpcId: options.vpcId,
    region,
    takenAt: (options.now ?? (() => new Date()))().toISOString(),
    ...sortedById(lists),
  };
}

/** Instances a route sends traffic to, or with source/destination check off: the ones acting as NAT. */
function natInstances(instances: Item[], routeTables: Item[]): Item[] {
  const targets = new Set(routeTables.flatMap((t) => ((t.Routes as Item[] | undefined) ?? []).flatMap((r) => [r.InstanceId, r.NetworkInterfaceId])).filter(Boolean));
  return instances.filter(
    (i) => i.SourceDestCheck === false || targets.has(i.InstanceId) || ((i.NetworkInterfaces as Item[] | undefined) ?? []).some((n) => targets.has(n.NetworkInterfaceId)),
  );
}

const ID_FIELDS: Record<SnapshotList, string> = {
  Vpcs: 'VpcId',
  Subnets: 'SubnetId',
  RouteTables: 'RouteTableId',
  SecurityGroups: 'GroupId',
  NetworkAcls: 'NetworkAclId',
  VpcEndpoints: 'VpcEndpointId',
  NatGateways: 'NatGatewayId',
  InternetGateways: 'InternetGatewayId',
  VpcPeeringConnections: 'VpcPeeringConnectionId',
  Instances: 'InstanceId',
};

/** Each list in id order, so two snapshots of an unchanged VPC differ only in takenAt. */
function sortedById(lists: Record<SnapshotList, Item[]>): Record<SnapshotList, Item[]> {
  return Object.fromEntries(
    (Object.keys(ID_FIELDS) as SnapshotList[]).map((list) => [list, [...lists[list]].sort((a, b) => String(a[ID_FIELDS[list]]).localeCompare(String(b[ID_FIELDS[list]])))]),
  ) as Record<SnapshotList, Item[]>;
}

function unique(items: Item[], key: string): Item[] {
  return items.filter((item, i) => items.findIndex((o) => o[key] === item[key]) === i);
}
