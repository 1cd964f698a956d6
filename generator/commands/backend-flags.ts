/**
 * Terraform backend flags, shared by `new` (saved in the config) and `export` (this export only):
 * local state by default, or S3 with native lock-file locking (Terraform >= 1.10) and, for older
 * Terraform, a DynamoDB lock table.
 */
import type { Argv } from 'yargs';
import { ConfigError } from '../config/errors';
import type { BackendConfig, RawConfig } from '../config/schema';

export const BACKEND_TYPES = ['local', 's3'] as const;

export interface BackendArgs {
  backend?: (typeof BACKEND_TYPES)[number];
  backendBucket?: string;
  backendKey?: string;
  backendRegion?: string;
  backendLockfile?: boolean;
  backendDynamodbTable?: string;
}

const S3_FLAGS = ['backend-bucket', 'backend-key', 'backend-region', 'backend-lockfile', 'backend-dynamodb-table'];

export function withBackendFlags<T>(yargs: Argv<T>, what: string): Argv<T & BackendArgs> {
  return yargs
    .option('backend', { type: 'string', choices: BACKEND_TYPES, describe: `Terraform state: local file or S3 (${what}) [default: the config's, else local]` })
    .option('backend-bucket', { type: 'string', describe: 'S3 bucket for the state (implies --backend s3)' })
    .option('backend-key', { type: 'string', describe: 'S3 key of the state [default: <stack>/terraform.tfstate]' })
    .option('backend-region', { type: 'string', describe: "Region of the bucket [default: the stack's]" })
    .option('backend-lockfile', { type: 'boolean', describe: 'S3 native state locking, Terraform >= 1.10 (--no-backend-lockfile to turn off) [default: true]' })
    .option('backend-dynamodb-table', { type: 'string', describe: 'DynamoDB table for state locking, for Terraform < 1.10' })
    .group(['backend', ...S3_FLAGS], 'Terraform backend:') as Argv<T & BackendArgs>;
}

/**
 * The backend the flags ask for, on top of the config's (`current`); undefined when no flag is given.
 * S3 settings without an S3 backend are a mistake, not silently dropped.
 */
export function backendFromFlags(args: BackendArgs, current?: RawConfig['backend'] | BackendConfig): RawConfig['backend'] | undefined {
  const s3Given = args.backendBucket !== undefined || args.backendKey !== undefined || args.backendRegion !== undefined || args.backendLockfile !== undefined || args.backendDynamodbTable !== undefined;
  if (args.backend === undefined && !s3Given) return undefined;
  const type = args.backend ?? 's3';
  if (type === 'local') {
    if (s3Given) {
      throw new ConfigError([{ field: '--backend', value: 'local', message: `--${S3_FLAGS.join(', --')} apply to --backend s3 only; drop them or use --backend s3` }], 'flags');
    }
    return { type: 'local' };
  }
  const base = current?.type === 's3' ? current : undefined;
  const bucket = args.backendBucket ?? base?.bucket;
  if (!bucket) throw new ConfigError([{ field: '--backend-bucket', message: 'required with --backend s3: name the S3 bucket that holds the state' }], 'flags');
  const backend = {
    type: 's3' as const,
    bucket,
    key: args.backendKey ?? base?.key,
    region: args.backendRegion ?? base?.region,
    useLockfile: args.backendLockfile ?? base?.useLockfile ?? true,
    dynamodbTable: args.backendDynamodbTable ?? base?.dynamodbTable,
  };
  // Absent, not undefined, so the saved config has no empty keys.
  return Object.fromEntries(Object.entries(backend).filter(([, v]) => v !== undefined)) as RawConfig['backend'];
}
