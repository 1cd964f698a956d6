/**
 * `export OUTDIR`: the hand-off folder for a platform team. Readable HCL split by role, the function
 * archives beside it (relative paths), and a README with what it creates, the diagram, the cost, the
 * pitfalls, the subnet capacity and the `check` report. Everything is prepared aside and checked
 * first: a refused config or a failed check writes nothing. OUTDIR must be absent, empty or an
 * earlier export (its manifest); there, only our unchanged files are replaced (generator/safety).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPattern } from './catalog';
import { hasInternet } from './catalog/egress';
import { exportEnvironments, MODULE_FILE_HEADERS, type EnvironmentModule, type EnvironmentsExport } from './export-envs';
import { loadConfig } from './config/io';
import { backendFromFlags, type BackendArgs } from './commands/backend-flags';
import { CONFIG_FILE, type BackendConfig, type VpcLambdaConfig } from './config/schema';
import { validateConfig, type ValidatedConfig } from './config/validate';
import { estimateMonthlyCost, money } from './cost';
import { sidecarToHcl, type HclFiles, type TfJson } from './hcl';
import { fileHeaders, readLayoutSidecar, type SidecarElement } from './hcl/layout';
import { renderHcl } from './hcl/render';
import { backendJson, backendSettings, type BackendSettings } from './backend';
import { FaultError, withPath } from './safety/faults';
import { openOutput } from './safety/output';
import { applyOwnedFiles, describePlan, planOwnedFiles } from './safety/ownership';
import { packageRoot } from './new/package-root';
import { readmeContext, readmeHandlebars } from './readme';
import type { CheckReport } from './check';
import type { AppStack } from './project-app';
import type { EnvironmentShape } from './export-switches';
import { EXPORT_REQUIRED_VERSION, exportTerraform, type ExportArchive, type ExportTerraform } from './export-terraform';

export interface ExportOptions {
  /** Project directory holding vpc-lambda-gen.json. */
  dir: string;
  outDir: string;
  /** Backend flags: they change the config's backend for this export only (validated like the config's). */
  backendFlags?: BackendArgs;
  /** Run `terraform fmt` on the result when terraform is installed (the files are fmt-clean anyway). @default true */
  fmt?: boolean;
}

export interface ExportResult {
  outDir: string;
  /** The config's name: the stack's, or the one the environments' stacks start with. */
  stackName: string;
  /** With environments: their names, in config order (envs/<env>/ each). */
  environments?: string[];
  /** Written files, relative to outDir, sorted. */
  files: string[];
  /** Every stack's check: one, or one per environment. */
  checks: CheckReport[];
  /** Whether terraform fmt ran over the files. */
  formatted: boolean;
  /** One line per file kept (changed since the last export: the new version is beside it) or removed. */
  changes: string[];
}

/** Relative to the folder, on any machine: the state stays with the Terraform it belongs to. */
export const EXPORT_LOCAL_STATE = 'terraform.tfstate';

export function exportProject(options: ExportOptions): ExportResult {
  const projectDir = path.resolve(options.dir);
  const loaded = loadConfig(projectDir);
  const backend = options.backendFlags && backendFromFlags(options.backendFlags, loaded.config.backend);
  const validated: ValidatedConfig = backend ? validateConfig({ ...loaded.config, backend }, 'export flags') : loaded;
  // Absent, empty or an earlier export only; locked, and prepared in a scratch sibling.
  const run = openOutput(options.outDir, { kind: 'export', field: 'OUTDIR', projectDir });
  try {
    // What the project's app writes (user code in main.ts included), not a rebuild from the config.
    const { synthesizeApp } = require('./project-app') as typeof import('./project-app');
    const { configStacks } = require('./synth') as typeof import('./synth');
    const stacks = configStacks(synthesizeApp({ projectDir, outdir: path.join(run.scratch, 'synth'), validated: loaded }), loaded);
    const configs = validated.environments?.map((e) => e.validated) ?? [validated];
    // Every stack's check passes before anything is prepared.
    const checks = checkBeforeExport(projectDir, stacks.map((stack, i) => ({ stack, name: configs[i].config.name })));
    const folder = path.join(run.scratch, 'export');
    fs.mkdirSync(folder, { recursive: true });
    if (validated.environments) writeEnvironments({ validated, stacks, checks, folder });
    else writeSingle({ validated, stack: stacks[0], check: checks[0], folder });
    fs.writeFileSync(path.join(folder, EXPORT_GITIGNORE), EXPORT_GITIGNORE_TEXT);
    // The config that produced it, as the project has it (backend flags, if any, changed this export only).
    fs.copyFileSync(path.join(projectDir, CONFIG_FILE), path.join(folder, CONFIG_FILE));
    let formatted = false;
    if (options.fmt !== false) {
      const { terraformFmt } = require('./terraform') as typeof import('./terraform');
      formatted = terraformDirs(folder).every((dir) => terraformFmt(dir));
    }
    const files = listFiles(folder);
    // Our earlier files are replaced only while unchanged; the team's own (state, .terraform, edits) stay.
    const generated = files.map((f) => ({ path: f, content: fs.readFileSync(path.join(folder, f)) }));
    const plan = run.merge((dir) => {
      const planned = planOwnedFiles(dir, 'export', generated, run.folder.manifest);
      applyOwnedFiles(planned, generated);
      return planned;
    });
    return {
      outDir: run.folder.dir,
      stackName: validated.config.name,
      environments: validated.environments?.map((e) => e.env),
      files,
      checks,
      formatted,
      changes: describePlan(plan),
    };
  } catch (err) {
    throw withPath(err, run.folder.dir);
  } finally {
    run.close();
  }
}

/** The network check of each stack; one failure prints the reports of the failed and writes nothing. */
function checkBeforeExport(projectDir: string, stacks: { stack: AppStack; name: string }[]): CheckReport[] {
  const { CheckFailedError, formatReport } = require('./check') as typeof import('./check');
  const { checkStacks } = require('./check/in-synthesis') as typeof import('./check/in-synthesis');
  const checks = checkStacks(projectDir, stacks.map(({ stack, name }) => ({ json: stack.json, name, dir: stack.dir })));
  const failed = checks.filter((c) => c.summary.failed > 0);
  if (failed.length > 0) {
    console.log(formatReport(failed));
    throw new CheckFailedError(`export: nothing written; ${failed.reduce((n, c) => n + c.summary.failed, 0)} network check(s) failed (report above)`);
  }
  return checks;
}

/** The stack's JSON as export shapes it, with the backend an exported folder has (local state inside it). */
function shapeStack(stack: AppStack, config: VpcLambdaConfig): { json: TfJson & Record<string, any>; shaped: ExportTerraform; sidecar: SidecarElement[] } {
  const json = structuredClone(stack.json) as TfJson & Record<string, any>;
  if (json.terraform?.backend) {
    const settings = backendSettings(config.backend, config.name, config.region);
    // Local state stays in the folder, beside the Terraform it belongs to; flags replace the backend for this export.
    json.terraform.backend = backendJson(settings.type === 'local' ? { type: 'local', path: EXPORT_LOCAL_STATE } : settings);
  }
  // The synthesized JSON, as the folder needs it to stand alone (required_version, var.region, named archives, outputs).
  // The layout sidecar, read once: export-terraform names archives from it, and the HCL is laid out by it.
  const sidecar = readLayoutSidecar(stack.dir).elements;
  return { json, shaped: exportTerraform(json, sidecar, config), sidecar };
}

/** Without environments: one root module. */
function writeSingle({ validated, stack, check, folder }: { validated: ValidatedConfig; stack: AppStack; check: CheckReport; folder: string }): void {
  const { json, shaped, sidecar } = shapeStack(stack, validated.config);
  const hcl = sidecarToHcl(sidecar, shaped.json, validated.config.pattern.id, shaped.layout);
  for (const [file, text] of Object.entries(hcl)) fs.writeFileSync(path.join(folder, file), text);
  copyArchives(stack.dir, folder, shaped.archives);
  fs.writeFileSync(path.join(folder, 'README.md'), renderExportReadme({ validated, json, exported: shaped, hcl, check, cwd: stack.dir }));
}

/**
 * With environments: the stack as one module under modules/ (the union of the environments',
 * export-envs.ts; one per distinct structure as the fallback) with its archives, and a root module
 * per environment under envs/.
 */
function writeEnvironments({ validated, stacks, checks, folder }: { validated: ValidatedConfig; stacks: AppStack[]; checks: CheckReport[]; folder: string }): void {
  const environments = validated.environments!;
  const shaped = environments.map(({ env, validated: v }, i) => {
    const { shaped: result, sidecar } = shapeStack(stacks[i], v.config);
    return { env, stackName: v.config.name, json: result.json, added: result.layout, sidecar, archives: result.archives, shape: shapeOf(v.config) };
  });
  const exported = exportEnvironments(validated.config.name, shaped);
  const stackOf = (env: string) => stacks[environments.findIndex((e) => e.env === env)];
  const modules = exported.modules.map((m) => {
    const dir = path.join(folder, 'modules', m.name);
    fs.mkdirSync(dir, { recursive: true });
    const first = shaped.find((s) => s.env === m.envs[0])!;
    // The union module's merged sidecar, or (one module per structure) its first environment's.
    const hcl = sidecarToHcl(m.sidecar ?? first.sidecar, m.json, validated.config.pattern.id, m.added, MODULE_FILE_HEADERS);
    for (const [file, text] of Object.entries(hcl)) fs.writeFileSync(path.join(dir, file), text);
    assertSameArchives(m.envs.map((env) => ({ env, dir: stackOf(env).dir, archives: shaped.find((s) => s.env === env)!.archives })));
    copyArchives(stackOf(m.envs[0]).dir, dir, first.archives);
    return { ...m, files: Object.keys(hcl), archives: first.archives };
  });
  for (const root of exported.roots) {
    const dir = path.join(folder, 'envs', root.env);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(renderHcl(root.json, root.layout))) fs.writeFileSync(path.join(dir, file), text);
    fs.writeFileSync(path.join(dir, EXPORT_GITIGNORE), EXPORT_GITIGNORE_TEXT);
  }
  fs.writeFileSync(path.join(folder, 'README.md'), renderEnvironmentsReadme({ validated, stacks, checks, modules, exported }));
}

/** What switches of the union module are named after (export-switches.ts). */
function shapeOf(config: VpcLambdaConfig): EnvironmentShape {
  // The schema gives perAz to NAT egress only.
  return { natPerAz: config.egress.perAz === true, ssmHost: config.ssmHost, azCount: config.availabilityZones.length };
}

/** One module serves its environments with one copy of each archive: they must be the same bytes. */
function assertSameArchives(envs: { env: string; dir: string; archives: ExportArchive[] }[]): void {
  const [first, ...rest] = envs;
  for (const other of rest) {
    for (const a of first.archives) {
      const twin = other.archives.find((b) => b.archive === a.archive);
      if (!twin || !fs.readFileSync(path.join(first.dir, a.from)).equals(fs.readFileSync(path.join(other.dir, twin.from)))) {
        throw new FaultError(`export: function ${a.function}'s code differs between environments ${first.env} and ${other.env}, and one module holds one copy; give them the same source (main.ts) and export again; nothing was written`, 2);
      }
    }
  }
}

/** The folders holding .tf files: OUTDIR, or each module and environment. */
function terraformDirs(folder: string): string[] {
  const below = (sub: string) => (fs.existsSync(path.join(folder, sub)) ? fs.readdirSync(path.join(folder, sub)).sort().map((d) => path.join(folder, sub, d)) : []);
  const nested = [...below('modules'), ...below('envs')];
  return nested.length > 0 ? nested : [folder];
}

/** State, plans and providers stay out of version control; the lock file is committed (Terraform's advice). */
export const EXPORT_GITIGNORE = '.gitignore';
const EXPORT_GITIGNORE_TEXT = ['# Written by vpc-lambda-gen export: what terraform makes here and no one commits.', '*.tfstate', '*.tfstate.*', '.terraform/', 'tfplan', '*.tfplan', 'crash.log', ''].join('\n');

/**
 * Each function's archive as `assets/<function>.zip`, its files unpacked beside it in
 * `assets/<function>/`; anything else the app put under assets/ keeps its path.
 */
function copyArchives(stackDir: string, folder: string, archives: ExportArchive[]): void {
  const assets = path.join(stackDir, 'assets');
  if (!fs.existsSync(assets)) return;
  const { unzipSync } = require('fflate') as typeof import('fflate');
  const named = new Set(archives.map((a) => a.from));
  for (const file of listFiles(assets).map((f) => `assets/${f}`).filter((f) => !named.has(f))) {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.copyFileSync(path.join(stackDir, file), path.join(folder, file));
  }
  for (const a of archives) {
    const bytes = fs.readFileSync(path.join(stackDir, a.from));
    fs.mkdirSync(path.join(folder, a.source), { recursive: true });
    fs.writeFileSync(path.join(folder, a.archive), bytes);
    for (const [entry, content] of Object.entries(unzipSync(bytes))) {
      // Our own archive (code-asset.ts) holds relative paths only; anything else is refused, not written.
      if (entry.split('/').some((part) => part === '..') || path.posix.isAbsolute(entry)) throw new Error(`${a.from}: archive entry ${JSON.stringify(entry)} leaves its folder`);
      const target = path.join(folder, a.source, entry);
      if (entry.endsWith('/')) fs.mkdirSync(target, { recursive: true });
      else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, content);
      }
    }
  }
}

function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

interface ReadmeOptions {
  validated: ValidatedConfig;
  /** The stack as synthesized (cost, diagram, resources). */
  json: TfJson & Record<string, any>;
  /** The stack as exported (variables, outputs, archives). */
  exported: ExportTerraform;
  hcl: HclFiles;
  check: CheckReport;
  cwd: string;
}

/** Text in a Markdown table cell: pipes escaped, no HTML, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');
}

export function renderExportReadme({ validated, json, exported, hcl, check, cwd }: ReadmeOptions): string {
  const { config, subnets } = validated;
  const spec = findPattern(config.pattern.id)!;
  const { formatReport } = require('./check') as typeof import('./check');
  const cost = estimateMonthlyCost(json, config.region);
  const { headers } = fileHeaders(spec.id, spec.title);
  const context = {
    config,
    pattern: spec,
    azList: config.availabilityZones.join(', '),
    ...readmeContext({ config, subnets, existingSubnets: validated.existingSubnets, terraform: json, cost }),
    files: Object.keys(hcl).map((name) => ({ name, purpose: cell((headers[name] ?? '').split('\n')[0]) })),
    requiredVersion: EXPORT_REQUIRED_VERSION,
    gitignore: EXPORT_GITIGNORE,
    configFile: CONFIG_FILE,
    archives: exported.archives,
    variables: Object.entries(exported.json.variable ?? {}).map(([name, v]) => ({
      name,
      type: v.type ?? 'any',
      default: cell(v.default === undefined ? '(required)' : `\`${JSON.stringify(v.default)}\``),
      description: cell(v.description ?? ''),
    })),
    outputs: Object.entries(exported.json.output ?? {}).map(([name, o]) => ({ name, description: cell(o.description ?? '') })),
    dataSources: check.dataSources,
    backend: backendText(config.backend),
    // The first line names the scratch file checked; the rest are the results.
    checkReport: formatReport([check], cwd).split('\n').slice(1).join('\n').trim(),
    resourceCount: Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
  };
  const template = fs.readFileSync(path.join(packageRoot(), 'templates', 'export', 'README.md.hbs'), 'utf8');
  return readmeHandlebars().compile(template, { noEscape: true, strict: true })(context);
}

function backendText(backend: BackendConfig): string {
  if (backend.type === 'local') return `local, in \`${EXPORT_LOCAL_STATE}\` in this folder (keep it out of version control, or move to S3 before a team shares it)`;
  const lock = backend.useLockfile ? 'S3 native locking (`use_lockfile`, Terraform >= 1.10)' : 'no S3 lock file';
  return `S3 bucket \`${backend.bucket}\`${backend.key ? `, key \`${backend.key}\`` : ''}, encrypted, with ${lock}${backend.dynamodbTable ? ` and the DynamoDB lock table \`${backend.dynamodbTable}\`` : ''}`;
}

interface EnvironmentsReadmeOptions {
  validated: ValidatedConfig;
  stacks: AppStack[];
  checks: CheckReport[];
  modules: (EnvironmentModule & { files: string[]; archives: ExportArchive[] })[];
  exported: EnvironmentsExport;
}

/** OUTDIR/README.md with environments: the per-environment table, how to plan each, the modules, the inputs, the checks. */
function renderEnvironmentsReadme({ validated, stacks, checks, modules, exported }: EnvironmentsReadmeOptions): string {
  const { config } = validated;
  const spec = findPattern(config.pattern.id)!;
  const { formatReport } = require('./check') as typeof import('./check');
  const { headers } = fileHeaders(spec.id, spec.title);
  const environments = validated.environments!.map(({ env, validated: v }, i) => {
    const c = v.config;
    const egress = hasInternet(c.egress.type) ? `${c.egress.type}${c.egress.perAz ? ', one per AZ' : ', one shared'}` : c.egress.type;
    return {
      env,
      dir: `envs/${env}/`,
      stack: c.name,
      module: `modules/${exported.roots.find((r) => r.env === env)!.module}/`,
      region: c.region,
      cidr: c.network.existing ? `existing ${c.network.existing.vpcId}` : `\`${c.network.cidr}\``,
      azs: c.availabilityZones.length > 0 ? c.availabilityZones.join(', ') : '(existing subnets)',
      egress,
      cost: money(estimateMonthlyCost(stacks[i].json, c.region).totalMonthly),
      backend: environmentBackendText(env, backendSettings(c.backend, c.name, c.region)),
      checkReport: formatReport([checks[i]], stacks[i].dir).split('\n').slice(1).join('\n').trim(),
    };
  });
  const aliases = [...new Set(modules.flatMap((m) => (m.json.terraform?.required_providers?.aws?.configuration_aliases ?? []) as string[]))];
  const context = {
    config,
    pattern: spec,
    configFile: CONFIG_FILE,
    gitignore: EXPORT_GITIGNORE,
    requiredVersion: EXPORT_REQUIRED_VERSION,
    environments,
    split: modules.length > 1,
    splitReason: structureDifference(modules),
    fallback: exported.fallback ?? 'no switch fits',
    switches: exported.switches.map((sw) => ({
      name: sw.variable,
      added: sw.added,
      type: sw.type,
      named: sw.variable !== 'environment',
      expression: cell(sw.expression),
      values: validated.environments!.map(({ env }) => `\`${JSON.stringify(sw.values[env])}\``),
      decides: cell([...(sw.elements.length > 0 ? [`creates ${sw.elements.map((a) => `\`${a}\``).join(', ')}`] : []), ...(sw.picks.length > 0 ? [`picks ${sw.picks.map((a) => `\`${a}\``).join(', ')}`] : [])].join('; ')),
    })),
    aliases: aliases.map((a) => `\`${a}\``).join(', '),
    modules: modules.map((m) => ({
      dir: `modules/${m.name}/`,
      envList: m.envs.join(', '),
      // A module's files say what they hold there (no backend; inputs set by each environment), as their headers do.
      files: m.files.map((f) => ({ path: `modules/${m.name}/${f}`, purpose: cell((MODULE_FILE_HEADERS[f] ?? headers[f] ?? '').split('\n')[0]) })),
      archives: m.archives.map((a) => ({ function: a.function, path: `modules/${m.name}/${a.archive}`, sourcePath: `modules/${m.name}/${a.source}`, rebuild: a.rebuild })),
    })),
    differing: exported.differing.map((d) => ({
      name: d.variable,
      type: d.type,
      values: validated.environments!.map(({ env }) => (d.values[env] === undefined ? '–' : `\`${JSON.stringify(d.values[env])}\``)),
      description: cell(d.description),
    })),
  };
  const template = fs.readFileSync(path.join(packageRoot(), 'templates', 'export', 'README-envs.md.hbs'), 'utf8');
  return readmeHandlebars().compile(template, { noEscape: true, strict: true })(context);
}

function environmentBackendText(env: string, settings: BackendSettings): string {
  if (settings.type === 'local') return `local state file terraform.tfstate in envs/${env}/`;
  return `S3 bucket \`${settings.bucket}\`, key \`${settings.key}\`${settings.useLockfile ? ' (S3 native locking)' : ''}`;
}

/** What one module has that another lacks, in resource addresses: why they are separate modules. */
function structureDifference(modules: EnvironmentModule[]): string {
  const addresses = (m: EnvironmentModule) => new Set(Object.entries<Record<string, unknown>>(m.json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)));
  const all = modules.map(addresses);
  return modules
    .map((m, i) => {
      const only = [...all[i]].filter((a) => all.some((other, j) => j !== i && !other.has(a)));
      return only.length > 0 ? `${m.envs.join(', ')} ${m.envs.length === 1 ? 'has' : 'have'} ${only.slice(0, 4).map((a) => `\`${a}\``).join(', ')}${only.length > 4 ? ` and ${only.length - 4} more` : ''}` : '';
    })
    .filter(Boolean)
    .join('; ') || 'their resources are wired differently';
}
