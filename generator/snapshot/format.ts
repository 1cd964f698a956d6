/**
 * The snapshot file (vpc-snapshot.json beside vpc-lambda-gen.json): a VPC as the EC2 API describes it,
 * each list in the shape the AWS SDK returns it (PascalCase fields), plus where and when it was taken.
 * It is the contract between `snapshot` (which writes it) and `check`/`synth` (which read it). No SDK here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonFile } from '../safety/read';
import { ConfigError } from '../config/errors';
import type { VpcFacts } from '../config/existing';
import { CONFIG_FILE } from '../config/schema';

export const SNAPSHOT_FILE = 'vpc-snapshot.json';
export const SNAPSHOT_VERSION = 1;

type Item = Record<string, any>;

/** The Describe* lists a snapshot holds, each filtered to the VPC (instances: only those acting as NAT). */
export const SNAPSHOT_LISTS = [
  'Vpcs',
  'Subnets',
  'RouteTables',
  'SecurityGroups',
  'NetworkAcls',
  'VpcEndpoints',
  'NatGateways',
  'InternetGateways',
  'VpcPeeringConnections',
  'Instances',
] as const;

export type SnapshotList = (typeof SNAPSHOT_LISTS)[number];

export type VpcSnapshot = {
  snapshotVersion: typeof SNAPSHOT_VERSION;
  vpcId: string;
  region: string;
  /** ISO time the Describe calls finished. */
  takenAt: string;
} & Record<SnapshotList, Item[]>;

/** Reads and checks a snapshot file; a file that is not one is bad input naming it (exit 2). */
/** A VPC's snapshot is a few MB at most; anything far larger is not one. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

export function readSnapshot(file: string): VpcSnapshot {
  const bad = (message: string) => new ConfigError([{ field: 'snapshot', value: file, message }], 'snapshot');
  let parsed: unknown;
  try {
    parsed = readJsonFile(file, { field: 'snapshot', source: 'snapshot', maxBytes: MAX_SNAPSHOT_BYTES, what: 'JSON' });
  } catch (err) {
    if ((err as { code?: string }).code === 'VLG_CONFIG_INVALID') throw err;
    throw bad(`cannot be read (${(err as Error).message}); take it again with "vpc-lambda-gen snapshot --vpc-id <vpc-id>"`);
  }
  const s = parsed as Partial<VpcSnapshot> | null;
  if (!s || typeof s !== 'object' || s.snapshotVersion !== SNAPSHOT_VERSION || typeof s.vpcId !== 'string') {
    throw bad(`is not a vpc-lambda-gen snapshot (version ${SNAPSHOT_VERSION}); take it with "vpc-lambda-gen snapshot --vpc-id <vpc-id>"`);
  }
  const missing = SNAPSHOT_LISTS.filter((list) => !Array.isArray(s[list]));
  if (missing.length > 0) throw bad(`lacks ${missing.join(', ')}; take it again with "vpc-lambda-gen snapshot --vpc-id ${s.vpcId}"`);
  return s as VpcSnapshot;
}

/** "vpc-snapshot.json (vpc-…, taken …)": how messages name a snapshot. */
export function describeSnapshot(snapshot: VpcSnapshot, file: string): string {
  return `${path.basename(file)} (taken ${snapshot.takenAt})`;
}

/** What config validation checks an existing VPC's ids against. */
export function factsOf(snapshot: VpcSnapshot, file: string): VpcFacts {
  const vpc = snapshot.Vpcs.find((v) => v.VpcId === snapshot.vpcId);
  const cidrs = [vpc?.CidrBlock, ...((vpc?.CidrBlockAssociationSet ?? []) as Item[]).map((a) => a.CidrBlock)].filter((c): c is string => typeof c === 'string');
  return {
    source: describeSnapshot(snapshot, file),
    vpcId: snapshot.vpcId,
    vpcCidrs: [...new Set(cidrs)],
    subnets: Object.fromEntries(snapshot.Subnets.map((s) => [s.SubnetId, { cidr: s.CidrBlock, az: s.AvailabilityZone, vpcId: s.VpcId }])),
  };
}

/**
 * The project snapshot for a path `check` or `synth` is given: SNAPSHOT_FILE beside the nearest
 * vpc-lambda-gen.json at or above it (a project, its cdktf.out or a stack directory inside).
 */
export function findProjectSnapshot(target: string): string | undefined {
  let dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.statSync(dir).isFile()) dir = path.dirname(dir);
  for (;;) {
    if (fs.existsSync(path.join(dir, CONFIG_FILE))) {
      const file = path.join(dir, SNAPSHOT_FILE);
      return fs.existsSync(file) ? file : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A snapshot as `check` uses it: the content and the file it came from. */
export interface LoadedSnapshot {
  snapshot: VpcSnapshot;
  /** Where it was read from (relative to the working directory), for messages. */
  file: string;
}

/** The snapshot to check `target` against: `file` when given, else the project's, else none. */
export function snapshotFor(target: string, file?: string): LoadedSnapshot | undefined {
  const chosen = file ?? findProjectSnapshot(target);
  if (!chosen) return undefined;
  if (file && !fs.existsSync(file)) {
    throw new ConfigError([{ field: '--snapshot', value: file, message: 'does not exist; take one with "vpc-lambda-gen snapshot --vpc-id <vpc-id>"' }], 'check');
  }
  return { snapshot: readSnapshot(chosen), file: path.relative(process.cwd(), chosen) || chosen };
}
