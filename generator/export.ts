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
import { loadConfig } from './config/io';
import { backendFromFlags, type BackendArgs } from './commands/backend-flags';
import { CONFIG_FILE, type BackendConfig } from './config/schema';
import { validateConfig, type ValidatedConfig } from './config/validate';
import { estimateMonthlyCost } from './cost';
import type { HclFiles, TfJson } from './hcl';
import { fileHeaders } from './hcl/layout';
import { backendJson, backendSettings } from './backend';
import { withPath } from './safety/faults';
import { openOutput } from './safety/output';
import { applyOwnedFiles, describePlan, planOwnedFiles } from './safety/ownership';
import { packageRoot } from './new/package-root';
import { readmeContext, readmeHandlebars } from './readme';
import type { CheckReport } from './check';
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
  stackName: string;
  /** Written files, relative to outDir, sorted. */
  files: string[];
  check: CheckReport;
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
    const { mainStack, synthesizeApp } = require('./project-app') as typeof import('./project-app');
    const stack = mainStack(synthesizeApp({ projectDir, outdir: path.join(run.scratch, 'synth'), validated: loaded }), loaded.config.name);
    const { config } = validated;
    const json = stack.json as TfJson & Record<string, any>;
    if (json.terraform?.backend) {
      const settings = backendSettings(config.backend, config.name, config.region);
      // Local state stays in the folder, beside the Terraform it belongs to; flags replace the backend for this export.
      json.terraform.backend = backendJson(settings.type === 'local' ? { type: 'local', path: EXPORT_LOCAL_STATE } : settings);
    }
    const { stackDirToHcl } = require('./hcl') as typeof import('./hcl');
    const { readLayoutSidecar } = require('./hcl/layout') as typeof import('./hcl/layout');
    // The synthesized JSON, as the folder needs it to stand alone (required_version, var.region, named archives, outputs).
    const shaped = exportTerraform(json, readLayoutSidecar(stack.dir).elements, config);
    const hcl = stackDirToHcl(stack.dir, shaped.json, config.pattern.id, shaped.layout);

    const { checkJson, CheckFailedError, formatReport } = require('./check') as typeof import('./check');
    const { snapshotFor } = require('./snapshot/format') as typeof import('./snapshot/format');
    const check = checkJson([json], config.name, stack.dir, { snapshot: snapshotFor(projectDir) });
    if (check.summary.failed > 0) {
      console.log(formatReport([check]));
      throw new CheckFailedError(`export: nothing written; ${check.summary.failed} network check(s) failed (report above)`);
    }

    const folder = path.join(run.scratch, 'export');
    fs.mkdirSync(folder, { recursive: true });
    for (const [file, text] of Object.entries(hcl)) fs.writeFileSync(path.join(folder, file), text);
    copyArchives(stack.dir, folder, shaped.archives);
    fs.writeFileSync(path.join(folder, EXPORT_GITIGNORE), EXPORT_GITIGNORE_TEXT);
    // The config that produced it, as the project has it (backend flags, if any, changed this export only).
    fs.copyFileSync(path.join(projectDir, CONFIG_FILE), path.join(folder, CONFIG_FILE));
    fs.writeFileSync(path.join(folder, 'README.md'), renderExportReadme({ validated, json, exported: shaped, hcl, check, cwd: stack.dir }));
    let formatted = false;
    if (options.fmt !== false) {
      const { terraformFmt } = require('./terraform') as typeof import('./terraform');
      formatted = terraformFmt(folder);
    }
    const files = listFiles(folder);
    // Our earlier files are replaced only while unchanged; the team's own (state, .terraform, edits) stay.
    const generated = files.map((f) => ({ path: f, content: fs.readFileSync(path.join(folder, f)) }));
    const plan = run.merge((dir) => {
      const planned = planOwnedFiles(dir, 'export', generated, run.folder.manifest);
      applyOwnedFiles(planned, generated);
      return planned;
    });
    return { outDir: run.folder.dir, stackName: config.name, files, check, formatted, changes: describePlan(plan) };
  } catch (err) {
    throw withPath(err, run.folder.dir);
  } finally {
    run.close();
  }
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

export function renderExportReadme({ validated, json, exported, hcl, check, cwd }: ReadmeOptions): string {
  const { config, subnets } = validated;
  const spec = findPattern(config.pattern.id)!;
  const { formatReport } = require('./check') as typeof import('./check');
  const cost = estimateMonthlyCost(json, config.region);
  const { headers } = fileHeaders(spec.id, spec.title);
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');
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
