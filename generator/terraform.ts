/**
 * Runs real Terraform (init + validate + offline plan) against a synthesized stack directory, without
 * network access or AWS credentials. Used by `check --plan` and by the tests (__tests__/helpers/terraform.ts
 * re-exports it with jest glue).
 *
 * The "plan" is done through `terraform test` with a generated `offline-plan.tftest.hcl`, because that
 * is the only built-in way to
 *  - replace the stack's provider block (fake credentials, no STS/IMDS calls), and
 *  - feed fake results to data sources (`override_data`), which would otherwise call AWS at plan time.
 *
 * Env knobs:
 *   VLG_TERRAFORM_BIN       terraform binary (default: `terraform` on PATH)
 *   VLG_TF_PROVIDER_MIRROR  filesystem mirror dir holding registry.terraform.io/hashicorp/aws/<ver>/
 *   VLG_KEEP_TF             keep the temp work dir even on success
 */
import { spawnSync } from 'node:child_process';
import { childProcessFault } from './safety/faults';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TerraformToolchain {
  terraformBin: string;
  mirrorDir: string;
  version: string;
}

export interface TerraformCheckResult {
  /** stdout of `terraform validate`. */
  validate: string;
  /** stdout of `terraform test -verbose` (contains the rendered plan). */
  plan: string;
  /** The temp copy of the stack; deleted on success unless VLG_KEEP_TF is set. */
  workDir: string;
}

export interface ValidateAndPlanOptions {
  /** Region for the test-file provider block (default us-east-1). */
  region?: string;
  /** Data source address (e.g. `data.aws_caller_identity.current`) -> attribute values. */
  overrideData?: Record<string, Record<string, unknown>>;
  /** Resource address -> attribute values the plan takes instead of calling AWS (see importTargets). */
  overrideResources?: Record<string, Record<string, unknown>>;
  /** Root module input variables for the plan run. */
  variables?: Record<string, unknown>;
  /**
   * Aliases of the stack's other aws provider configurations ("consumer" for `aws.consumer`): each is
   * replaced by the same fake-credential block, so one that assumes a role plans offline too.
   * @default those the stack's *.tf.json or *.tf files declare
   */
  providerAliases?: string[];
  /**
   * A folder holding stackDir that is copied with it, for a root module that calls modules beside it
   * (`source = "../../modules/x"`): export's envs/<env>/. @default stackDir alone
   */
  copyRoot?: string;
  /** Told one line per outcome ("ran <dir> validate+plan", "failed <dir> at <step>"). */
  onResult?: (line: string) => void;
}

const STEP_TIMEOUT_MS = 180_000;
const TEST_FILE = 'offline-plan.tftest.hcl';
// override_data in test files exists since Terraform 1.7.
const MIN_VERSION: [number, number] = [1, 7];

// ---------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------

let cachedDiscovery: { toolchain?: TerraformToolchain; reason?: string } | undefined;

/** Finds terraform and the provider mirror; returns undefined with a reason when absent. */
export function findTerraformToolchain(): { toolchain?: TerraformToolchain; reason?: string } {
  if (!cachedDiscovery) cachedDiscovery = discover();
  return cachedDiscovery;
}

function discover(): { toolchain?: TerraformToolchain; reason?: string } {
  const terraformBin = process.env.VLG_TERRAFORM_BIN || 'terraform';
  // The ambient TF_CLI_CONFIG_FILE may point to a missing file; terraform only warns
  // about that on stderr, so stdout stays parseable JSON.
  const r = spawnSync(terraformBin, ['version', '-json'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (r.error || r.status !== 0) {
    return { reason: `\`${terraformBin} version -json\` failed: ${r.error?.message ?? r.stderr.trim()}` };
  }
  let version: string;
  try {
    version = String(JSON.parse(r.stdout).terraform_version);
  } catch {
    return { reason: `could not parse \`${terraformBin} version -json\` output: ${r.stdout.slice(0, 200)}` };
  }
  const [maj, min] = version.split('.').map(Number);
  if (!(maj > MIN_VERSION[0] || (maj === MIN_VERSION[0] && min >= MIN_VERSION[1]))) {
    return { reason: `terraform ${version} is too old (need >= ${MIN_VERSION.join('.')} for override_data in tests)` };
  }

  const candidates = process.env.VLG_TF_PROVIDER_MIRROR
    ? [process.env.VLG_TF_PROVIDER_MIRROR]
    : [
        '/opt/tf-plugins',
        path.join(os.homedir(), '.terraform.d', 'plugins'),
        '/usr/share/terraform/plugins',
        '/usr/local/share/terraform/plugins',
      ];
  const mirrorDir = candidates.find(hasAwsProvider);
  if (!mirrorDir) {
    return {
      reason: `no provider mirror with registry.terraform.io/hashicorp/aws/<version>/ in: ${candidates.join(', ')}`,
    };
  }
  return { toolchain: { terraformBin, mirrorDir, version } };
}

function awsVersions(dir: string): string {
  try {
    return fs.readdirSync(path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws')).join(', ');
  } catch {
    return 'none';
  }
}

function hasAwsProvider(dir: string): boolean {
  const awsDir = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  try {
    return fs.readdirSync(awsDir, { withFileTypes: true }).some((e) => e.isDirectory());
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// HCL rendering (only what the generated files need)
// ---------------------------------------------------------------------------

function hclString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    // HCL quoted strings are templates: escape interpolation/directive openers.
    // (Function replacers: in a replacement *string*, "$$" would mean a single "$".)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${body}"`;
}

/** Renders a JSON-like value as an HCL expression. */
function hclValue(v: unknown, indent = ''): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot render non-finite number ${v} as HCL`);
    return String(v);
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + hclValue(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    // Quoted keys are always valid in HCL object constructors.
    return `{\n${entries.map(([k, x]) => `${inner}${hclString(k)} = ${hclValue(x, inner)}`).join('\n')}\n${indent}}`;
  }
  throw new Error(`cannot render ${typeof v} as HCL`);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// e.g. data.aws_caller_identity.current, module.net.data.aws_region.this, data.x.y[0]
const ADDRESS = /^[A-Za-z0-9_.\-[\]"]+$/;

function renderTestFile(region: string, opts: ValidateAndPlanOptions): string {
  const lines: string[] = [
    '# Generated by vpc-lambda-gen (generator/terraform.ts): offline plan with fake credentials.',
    "# These provider blocks replace the stack's own aws provider blocks entirely.",
  ];
  for (const alias of [undefined, ...(opts.providerAliases ?? [])]) {
    if (alias !== undefined && !IDENT.test(alias)) throw new Error(`invalid provider alias: ${alias}`);
    lines.push(
      'provider "aws" {',
      ...(alias === undefined ? [] : [`  alias                       = ${hclString(alias)}`]),
      `  region                      = ${hclString(region)}`,
      '  access_key                  = "AKIAOFFLINEPLAN00000"',
      '  secret_key                  = "offline-plan-fake-secret-key"',
      '  skip_credentials_validation = true',
      '  skip_requesting_account_id  = true',
      '  skip_metadata_api_check     = true',
      '  skip_region_validation      = true',
      // A forgotten override otherwise hits the SDK's retry/backoff loop before failing.
      '  max_retries                 = 1',
      '}',
      '',
    );
  }
  for (const [target, values] of Object.entries(opts.overrideData ?? {})) {
    if (!ADDRESS.test(target)) throw new Error(`invalid override_data target address: ${target}`);
    lines.push('override_data {', `  target = ${target}`, `  values = ${hclValue(values, '  ')}`, '}', '');
  }
  for (const [target, values] of Object.entries(opts.overrideResources ?? {})) {
    if (!ADDRESS.test(target)) throw new Error(`invalid override_resource target address: ${target}`);
    lines.push('override_resource {', `  target = ${target}`, `  values = ${hclValue(values, '  ')}`, '}', '');
  }
  lines.push('run "offline_plan" {', '  command = plan');
  const vars = Object.entries(opts.variables ?? {});
  if (vars.length > 0) {
    lines.push('  variables {');
    for (const [name, value] of vars) {
      if (!IDENT.test(name)) throw new Error(`invalid variable name: ${name}`);
      lines.push(`    ${name} = ${hclValue(value, '    ')}`);
    }
    lines.push('  }');
  }
  lines.push('}', '');
  return lines.join('\n');
}

export function renderCliConfig(mirrorDir: string): string {
  // Only the filesystem mirror for hashicorp/*; anything else would need the network
  // and fails fast with a clear "could not query provider registry" error.
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(mirrorDir)}`,
    '    include = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/*"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------
// validate + plan
// ---------------------------------------------------------------------------

export function childEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Drop anything that could redirect the data dir, reuse a plugin cache, or inject
  // extra CLI args (TF_CLI_ARGS, TF_CLI_ARGS_plan, ...).
  for (const k of Object.keys(env)) {
    if (k === 'TF_PLUGIN_CACHE_DIR' || k === 'TF_DATA_DIR' || k === 'TF_WORKSPACE' || k.startsWith('TF_CLI_ARGS')) {
      delete env[k];
    }
  }
  env.TF_CLI_CONFIG_FILE = cliConfig;
  env.TF_IN_AUTOMATION = '1';
  env.CHECKPOINT_DISABLE = '1';
  return env;
}

/**
 * Copies the stack dir to a fresh temp dir, runs `terraform init` (offline, mirror
 * only), `terraform validate` and an offline plan through `terraform test`.
 * Throws an Error with terraform's full stdout/stderr when any step fails; the
 * temp dir is then kept and its path is in the message.
 */
export function validateAndPlan(stackDir: string, opts: ValidateAndPlanOptions = {}): TerraformCheckResult {
  const report = opts.onResult ?? (() => {});
  const { toolchain, reason } = findTerraformToolchain();
  if (!toolchain) throw new Error(`terraform toolchain unavailable: ${reason}`);
  const src = path.resolve(stackDir);
  if (!fs.existsSync(src)) throw new Error(`stack dir does not exist: ${src}`);

  const copied = path.resolve(opts.copyRoot ?? src);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-tf-'));
  const workDir = path.join(root, 'stack', path.relative(copied, src));
  // Skip local terraform state/plugin dirs: they would be stale or point elsewhere.
  fs.cpSync(copied, path.join(root, 'stack'), {
    recursive: true,
    filter: (p) => !/(^|[\\/])(\.terraform|terraform(\.[^\\/]*)?\.tfstate(\.backup)?)$/.test(path.relative(copied, p)),
  });
  const cliConfig = path.join(root, 'offline.tfrc');
  fs.writeFileSync(cliConfig, renderCliConfig(toolchain.mirrorDir));
  // terraform test only finds test files in the root module dir or tests/.
  // An import reads the real object from AWS, which an offline plan cannot: each target is overridden.
  const imported = Object.fromEntries(overridableImports(workDir).map((to) => [to, {}]));
  const overrideResources = { ...imported, ...opts.overrideResources };
  const providerAliases = opts.providerAliases ?? awsProviderAliases(workDir);
  fs.writeFileSync(path.join(workDir, TEST_FILE), renderTestFile(opts.region ?? 'us-east-1', { ...opts, overrideResources, providerAliases }));

  const env = childEnv(cliConfig);
  const run = (step: string, args: string[]): string => {
    const r = spawnSync(toolchain.terraformBin, args, {
      cwd: workDir,
      env,
      encoding: 'utf8',
      timeout: STEP_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error || r.status !== 0) {
      report(`failed ${stackDir} at ${step}`);
      const why = r.error ? r.error.message : `exit code ${r.status}${r.signal ? ` (signal ${r.signal})` : ''}`;
      // Most init failures are "version constraint not in the mirror"; say what the mirror has.
      const mirrorNote =
        step === 'init'
          ? `provider mirror: ${toolchain.mirrorDir} (hashicorp/aws ${awsVersions(toolchain.mirrorDir)})\n`
          : '';
      throw new Error(
        `terraform ${step} failed for ${stackDir}: ${why}\n` +
          mirrorNote +
          `work dir kept at: ${workDir}\n` +
          `--- stderr ---\n${r.stderr ?? ''}\n--- stdout ---\n${r.stdout ?? ''}`,
      );
    }
    return r.stdout;
  };

  run('init', ['init', '-backend=false', '-input=false', '-no-color']);
  const validate = run('validate', ['validate', '-no-color']);
  // -verbose prints the rendered plan; -filter ignores any *.tftest.hcl the stack ships.
  const plan = run('test (offline plan)', ['test', '-no-color', '-verbose', `-filter=${TEST_FILE}`]);
  if (!plan.includes('Success! 1 passed, 0 failed.')) {
    report(`failed ${stackDir} at test (offline plan)`);
    throw new Error(`terraform test did not report success for ${stackDir}\nwork dir kept at: ${workDir}\n${plan}`);
  }

  report(`ran ${stackDir} validate+plan`);
  if (!process.env.VLG_KEEP_TF) fs.rmSync(root, { recursive: true, force: true });
  return { validate, plan, workDir };
}

/**
 * The import targets of a stack copy, made plannable offline: Terraform fills an overridden import
 * from its configuration, which must then be known, so in this disposable copy each reference of
 * a target to a resource the plan creates (unknown until apply) becomes a placeholder string.
 */
export function overridableImports(dir: string): string[] {
  const targets: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.tf.json'))) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { import?: { to?: string }[]; resource?: Record<string, Record<string, Record<string, unknown>>> };
    const tos = (json.import ?? []).map((i) => i.to).filter((to): to is string => typeof to === 'string');
    if (tos.length === 0) continue;
    for (const to of tos) {
      const [type, name] = to.split('.');
      const body = json.resource?.[type]?.[name];
      if (body) json.resource![type][name] = withoutCreatedReferences(body) as Record<string, unknown>;
    }
    fs.writeFileSync(path.join(dir, file), JSON.stringify(json, null, 2));
    targets.push(...tos);
  }
  return targets;
}

/** Aliases of the aws provider configurations the *.tf.json and *.tf files in `dir` declare. */
export function awsProviderAliases(dir: string): string[] {
  const aliases = fs.readdirSync(dir).flatMap((file) => {
    const text = () => fs.readFileSync(path.join(dir, file), 'utf8');
    if (file.endsWith('.tf.json')) {
      const json = JSON.parse(text()) as { provider?: { aws?: { alias?: string }[] } };
      return (json.provider?.aws ?? []).map((p) => p.alias).filter((a): a is string => typeof a === 'string');
    }
    if (!file.endsWith('.tf')) return [];
    // Each `provider "aws" {` block up to its closing brace at the start of a line.
    return [...text().matchAll(/^provider\s+"aws"\s*\{([\s\S]*?)^\}/gm)].map((m) => /^\s*alias\s*=\s*"([^"]+)"/m.exec(m[1])?.[1]).filter((a): a is string => a !== undefined);
  });
  return [...new Set(aliases)].sort();
}

function withoutCreatedReferences(value: unknown, key = ''): unknown {
  if (key === 'depends_on' || key === 'lifecycle' || key === '//') return value;
  if (typeof value === 'string') return /\$\{[^}]*(?<![\w.])aws_[a-z0-9_]+\.[A-Za-z_][\w-]*\./.test(value) ? 'offline-plan-placeholder' : value;
  if (Array.isArray(value)) return value.map((v) => withoutCreatedReferences(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutCreatedReferences(v, k)]));
  return value;
}

// ---------------------------------------------------------------------------
// fmt (needs only the binary, no provider mirror)
// ---------------------------------------------------------------------------

/**
 * `terraform fmt` on the .tf files of a directory (not below it). Returns false, changing nothing,
 * when terraform cannot be run: the files are written in fmt style anyway, this only double-checks.
 * With `check`, throws listing the files fmt would change.
 */
export function terraformFmt(dir: string, opts: { check?: boolean } = {}): boolean {
  const terraformBin = process.env.VLG_TERRAFORM_BIN || 'terraform';
  const args = ['fmt', '-no-color', '-list=true', ...(opts.check ? ['-check'] : [])];
  const r = spawnSync(terraformBin, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  if (r.error) return false;
  if (r.signal) throw childProcessFault('terraform fmt', dir, r); // Ctrl-C reached it too
  if (r.status !== 0) {
    throw new Error(`terraform fmt${opts.check ? ' -check' : ''} failed in ${dir} (exit ${r.status}): ${(r.stdout + r.stderr).trim()}`);
  }
  return true;
}
