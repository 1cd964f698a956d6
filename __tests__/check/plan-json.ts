/**
 * Plan JSON of a synthesized stack, made offline by real terraform: the three commands docs/check.md
 * gives (plan -out, show -json), on a copy with fake credentials and the provider's skip_* flags in an
 * override file, and data sources that would call AWS replaced by literals.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fakeData } from '../../generator/check/plan';
import { childEnv, findTerraformToolchain, renderCliConfig } from '../../generator/terraform';

/** Data sources Terraform reads locally; every other one is replaced by a literal in the test copy. */
const LOCAL_DATA = new Set(['aws_iam_policy_document']);

/** A copy of a synthesized stack that plans without AWS: credentials and skips in an override file, data sources as literals. */
export function offlineCopy(stackDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-plan-json-'));
  fs.cpSync(stackDir, dir, { recursive: true });
  const file = path.join(dir, 'cdk.tf.json');
  let text = fs.readFileSync(file, 'utf8');
  const json = JSON.parse(text);
  const region = json.provider?.aws?.[0]?.region ?? 'us-east-1';
  for (const [type, byName] of Object.entries<Record<string, unknown>>(json.data ?? {})) {
    if (LOCAL_DATA.has(type)) continue;
    for (const name of Object.keys(byName)) {
      for (const [attr, value] of Object.entries(fakeData(`data.${type}.${name}`, region))) {
        text = text.split(`\${data.${type}.${name}.${attr}}`).join(String(value));
      }
    }
  }
  const copy = JSON.parse(text);
  for (const type of Object.keys(copy.data ?? {})) if (!LOCAL_DATA.has(type)) delete copy.data[type];
  fs.writeFileSync(file, JSON.stringify(copy, null, 2));
  fs.writeFileSync(
    path.join(dir, 'offline_override.tf.json'),
    JSON.stringify({
      provider: {
        aws: {
          access_key: 'AKIAOFFLINEPLAN00000',
          secret_key: 'offline-plan-fake-secret-key',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
          max_retries: 1,
        },
      },
    }),
  );
  return dir;
}

/** The three commands the docs give: plan -out, show -json; check follows. */
export function planJson(dir: string): string {
  const { toolchain } = findTerraformToolchain();
  const cliConfig = path.join(dir, '.offline.tfrc');
  fs.writeFileSync(cliConfig, renderCliConfig(toolchain!.mirrorDir));
  const run = (args: string[]) => {
    const r = spawnSync(toolchain!.terraformBin, args, { cwd: dir, env: childEnv(cliConfig), encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${r.stderr}\n${r.stdout.slice(-4000)}`);
    return r.stdout;
  };
  run(['init', '-input=false', '-no-color']);
  run(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color', '-out', 'plan.bin']);
  const file = path.join(dir, 'plan.json');
  fs.writeFileSync(file, run(['show', '-json', 'plan.bin']));
  return file;
}

