/**
 * The `snapshot` command's work: which VPC and region (flags, else the project's config), the
 * Describe calls (generator/snapshot/aws.ts, loaded only here), and the file, written whole or not at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { CONFIG_FILE } from '../config/schema';
import { SNAPSHOT_FILE, type VpcSnapshot } from './format';

export interface SnapshotOptions {
  vpcId?: string;
  region?: string;
  /** Project directory: its config names the VPC and region when the flags do not; the file goes there. */
  dir: string;
  /** Where to write instead of DIR/vpc-snapshot.json. */
  out?: string;
}

/** Thrown when AWS cannot be read (credentials, permissions, network): exit 1, nothing written. */
export class SnapshotFailedError extends Error {
  readonly code = 'VLG_SNAPSHOT_FAILED';
  readonly exitCode = 1;
}

export async function runSnapshot(options: SnapshotOptions, take: (vpcId: string, region?: string) => Promise<VpcSnapshot>): Promise<{ file: string; snapshot: VpcSnapshot }> {
  const config = readProjectConfig(options.dir);
  const vpcId = options.vpcId ?? config?.network?.existing?.vpcId;
  if (!vpcId) {
    throw new ConfigError([{ field: '--vpc-id', message: `required: the VPC to record (or run it in a project whose ${CONFIG_FILE} has network.existing.vpcId)` }], 'snapshot');
  }
  const region = options.region ?? config?.region;
  let snapshot: VpcSnapshot;
  try {
    snapshot = await take(vpcId, region);
  } catch (err) {
    throw new SnapshotFailedError(explain(err as Error & { name?: string }, vpcId));
  }
  const file = path.resolve(options.out ?? path.join(options.dir, SNAPSHOT_FILE));
  const partial = `${file}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(partial, `${JSON.stringify(snapshot, null, 2)}\n`);
  fs.renameSync(partial, file);
  return { file, snapshot };
}

function readProjectConfig(dir: string): { region?: string; network?: { existing?: { vpcId?: string } } } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, CONFIG_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/** What went wrong, in words that say what to do. */
function explain(err: Error & { name?: string }, vpcId: string): string {
  const name = err.name ?? '';
  if (/Credentials|CredentialsProviderError/.test(name) || /credentials/i.test(err.message)) {
    return `snapshot: no AWS credentials (${err.message}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then run it again`;
  }
  if (/UnauthorizedOperation|AccessDenied/.test(name)) {
    return `snapshot: AWS refused a read (${err.message}); the caller needs the read-only ec2:Describe* actions listed in docs/existing-vpc.md`;
  }
  if (/Region/i.test(err.message) && /missing/i.test(err.message)) return 'snapshot: no region; pass --region or set AWS_REGION';
  if (err.message.startsWith('VLG_NO_SUCH_VPC')) return `snapshot: ${vpcId} does not exist in that region (or this account cannot see it); check --vpc-id and --region`;
  return `snapshot: reading ${vpcId} failed: ${name ? `${name}: ` : ''}${err.message}`;
}
