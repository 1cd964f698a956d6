/**
 * Where a stack's state lives, from the config's `backend`: the one place that fills in the defaults.
 * The stack builds its backend from these settings; `export` uses the same ones to write a backend
 * that its flags ask for into the Terraform the app wrote. No cdktf here.
 */
import type { BackendConfig } from './config/schema';

export interface S3BackendSettings {
  bucket: string;
  key: string;
  region: string;
  encrypt: true;
  dynamodbTable?: string;
  /** S3 native locking (Terraform >= 1.10); cdktf 0.21's S3Backend predates it. */
  useLockfile?: boolean;
}

export type BackendSettings = { type: 'local'; path: string } | ({ type: 's3' } & S3BackendSettings);

export function backendSettings(backend: BackendConfig, stackName: string, region: string): BackendSettings {
  // Relative to cdktf.out/stacks/<stack>: the state file sits in the project root, on any machine.
  if (backend.type === 'local') return { type: 'local', path: backend.path ?? `../../../terraform.${stackName}.tfstate` };
  return {
    type: 's3',
    bucket: backend.bucket,
    key: backend.key ?? `${stackName}/terraform.tfstate`,
    region: backend.region ?? region,
    encrypt: true,
    dynamodbTable: backend.dynamodbTable,
    useLockfile: backend.useLockfile || undefined,
  };
}

/** The `terraform.backend` block of Terraform JSON for these settings, as cdktf writes it. */
export function backendJson(settings: BackendSettings): Record<string, Record<string, unknown>> {
  if (settings.type === 'local') return { local: { path: settings.path } };
  const s3 = { bucket: settings.bucket, dynamodb_table: settings.dynamodbTable, encrypt: settings.encrypt, key: settings.key, region: settings.region, use_lockfile: settings.useLockfile };
  return { s3: Object.fromEntries(Object.entries(s3).filter(([, v]) => v !== undefined)) };
}

/** Where the state is, in one string: the local path (relative to the stack's folder) or the S3 URL. */
export function stateLocation(settings: BackendSettings): string {
  return settings.type === 'local' ? settings.path : `s3://${settings.bucket}/${settings.key}`;
}
