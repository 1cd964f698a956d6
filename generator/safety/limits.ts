/**
 * Limits AWS enforces at deploy time, checked before anything is written, with the numbers in the
 * message: a config that passes here does not fail `terraform apply` on them. Sources: the Lambda
 * quotas and environment-variable pages, the tagging and S3 bucket-naming rules (docs/safety.md).
 */
import type { IssueSink } from '../config/schema';
import { formatBytes } from './read';

const MiB = 1024 * 1024;

export const LAMBDA_LIMITS = {
  /** A deployment package uploaded directly (not from S3), zipped. */
  zippedBytes: 50 * MiB,
  /** The package unzipped (layers included: we add none). */
  unzippedBytes: 250 * MiB,
  /** All environment variables of a function together. */
  environmentBytes: 4 * 1024,
} as const;

/** Keys Lambda sets itself and refuses in a function's configuration. */
export const RESERVED_ENVIRONMENT_KEYS: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'TZ',
];

/** Lambda environment keys: a letter, then letters, digits and underscores; two characters at least. */
export const ENVIRONMENT_KEY = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/** Tags AWS allows on one resource. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Tags every resource gets from the stack (provider default_tags), besides the user's. */
export const STACK_TAG_KEYS = ['ManagedBy', 'Stack', 'Pattern'] as const;
/** The tag each named resource sets itself. */
export const NAME_TAG_KEY = 'Name';
/** Tag keys and values: letters, digits, spaces and _ . : / = + - @ (keys 1–128, values 0–256 characters). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A function's environment: key format, reserved keys and the 4 KB total. */
export function checkEnvironment(environment: Record<string, string>, at: (string | number)[], issue: IssueSink): void {
  let bytes = 0;
  for (const [key, value] of Object.entries(environment)) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (RESERVED_ENVIRONMENT_KEYS.includes(key)) {
      issue([...at, key], `Lambda reserves ${key} and sets it itself; use another name (reserved: ${RESERVED_ENVIRONMENT_KEYS.join(', ')})`);
    } else if (!ENVIRONMENT_KEY.test(key)) {
      issue([...at, key], `the key "${key}" is not one Lambda accepts (a letter, then letters, digits and underscores; two characters at least); rename it`);
    }
  }
  if (bytes > LAMBDA_LIMITS.environmentBytes) {
    issue(at, `keys and values take ${formatBytes(bytes)} (${bytes} bytes); Lambda allows ${formatBytes(LAMBDA_LIMITS.environmentBytes)} in all: move large values to SSM Parameter Store and read them at run time`);
  }
}

/** The config's tags: AWS's characters and lengths, no `aws:` prefix, and at most 50 on each resource with ours. */
export function checkTags(tags: Record<string, string>, issue: IssueSink): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      issue(['tags', key], 'use 1–128 letters, digits, spaces and _ . : / = + - @ in a tag key');
    } else if (/^aws:/i.test(key)) {
      issue(['tags', key], 'AWS reserves tag keys starting with "aws:"; use another prefix');
    }
    if (value.length > 256 || !TAG_TEXT.test(value)) issue(['tags', key], 'use up to 256 letters, digits, spaces and _ . : / = + - @ in a tag value');
  }
  const onEachResource = new Set([...Object.keys(tags), ...STACK_TAG_KEYS, NAME_TAG_KEY]);
  if (onEachResource.size > MAX_TAGS_PER_RESOURCE) {
    const room = MAX_TAGS_PER_RESOURCE - STACK_TAG_KEYS.length - 1;
    issue(
      ['tags'],
      `${onEachResource.size} tags would land on each resource (yours, plus ${STACK_TAG_KEYS.join(', ')} and ${NAME_TAG_KEY}); AWS allows ${MAX_TAGS_PER_RESOURCE}: keep ${room} or fewer of your own`,
    );
  }
}

/** Why `name` is not a valid general purpose S3 bucket name, or undefined. */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; S3 bucket names have 3–63`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'S3 bucket names use only lowercase letters, digits, dots and hyphens';
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'S3 bucket names begin and end with a letter or digit';
  if (name.includes('..')) return 'S3 bucket names have no two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'S3 bucket names are not shaped like an IP address';
  const prefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find((p) => name.startsWith(p));
  if (prefix) return `S3 reserves names starting with "${prefix}"`;
  const suffix = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'].find((s) => name.endsWith(s));
  if (suffix) return `S3 reserves names ending with "${suffix}"`;
  return undefined;
}

/** DynamoDB table names: 3–255 letters, digits, _ . and -. */
const DYNAMODB_TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

/** The S3 backend's bucket, key and lock table, as AWS and Terraform take them. */
export function checkS3Backend(backend: { bucket: string; key?: string; dynamodbTable?: string }, issue: IssueSink): void {
  const bucket = s3BucketNameProblem(backend.bucket);
  if (bucket) issue(['backend', 'bucket'], `${bucket}; name an existing bucket`);
  if (backend.key !== undefined) {
    if (backend.key === '' || Buffer.byteLength(backend.key) > 1024) issue(['backend', 'key'], 'S3 object keys have 1–1024 bytes');
    else if (/[$%]\{/.test(backend.key) || backend.key.startsWith('/')) issue(['backend', 'key'], 'use a plain key such as "my-app/terraform.tfstate" (no leading "/", no "${" or "%{")');
  }
  if (backend.dynamodbTable !== undefined && !DYNAMODB_TABLE.test(backend.dynamodbTable)) {
    issue(['backend', 'dynamodbTable'], 'DynamoDB table names have 3–255 letters, digits, _ . and -');
  }
}
