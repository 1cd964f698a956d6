/**
 * `synth`: the project's app (its cdktf.json command, generator/project-app.ts) writes into a scratch
 * folder, which is swapped in whole, so a failure never leaves half an output; the output folder must
 * be absent, empty or an earlier synth output (generator/safety/output.ts). The check is the caller's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './config/errors';
import { loadConfig } from './config/io';
import { appContext, mainStack, synthesizeApp, type AppStack } from './project-app';
import { withPath } from './safety/faults';
import { openOutput } from './safety/output';
import type { ValidatedConfig } from './config/validate';
import type { CheckReport } from './check';

/** One generated stack as synth wrote it. */
export interface SynthStack {
  name: string;
  stackDir: string;
  /** Path of cdk.tf.json (with `hcl`: of the stack directory's .tf files, cdk.tf.json is not written). */
  file: string;
  /** The synthesized Terraform JSON, also when only HCL was written. */
  json: Record<string, any>;
  /** With `hcl`: the .tf files written, relative to stackDir. */
  hclFiles?: string[];
  /** Its check, when synth ran it (check: 'here'). */
  report?: CheckReport;
}

/** The generated stacks (one, or one per environment); the first one's fields at the top, as before environments. */
export interface SynthResult extends SynthStack {
  outdir: string;
  /** Every stack the app wrote, by name (the generated ones and any main.ts added). */
  stacks: string[];
  /** The stacks of the config, checked: one, or one per environment. */
  generated: SynthStack[];
  /** Why a failed check did not stop the run (VLG_SKIP_CHECK), when it did not. */
  checkSkipped?: string;
}

export interface SynthesizeOptions {
  dir: string;
  out?: string;
  /** For a folder without cdktf.json (the app then runs in-process): an already validated config. */
  validated?: ValidatedConfig;
  /** Write readable HCL files (versions.tf, network.tf, ...) into the stack directory instead of cdk.tf.json. */
  hcl?: boolean;
  /**
   * Who checks the network paths: `here`, before anything is moved into place (a failure prints the
   * report and writes nothing, unless VLG_SKIP_CHECK is set), or the `app`, during its synthesis.
   * @default "here"
   */
  check?: 'here' | 'app';
}

export function synthesizeProject(options: SynthesizeOptions): SynthResult {
  const projectDir = path.resolve(options.dir);
  // The config is validated first in any case: a bad one is refused before anything runs.
  const validated = options.validated ?? loadConfig(projectDir);
  const defaultOut = options.out === undefined;
  const out = path.resolve(options.out ?? path.join(projectDir, 'cdktf.out'));
  // Absent, empty or our own earlier output only; locked, and built in a scratch sibling.
  const run = openOutput(options.out ?? out, { kind: 'synth', field: defaultOut ? 'cdktf.out' : '--out', projectDir, cdktfDefault: defaultOut });
  try {
    const checkHere = options.check !== 'app';
    const stacks = synthesizeApp({ projectDir, outdir: run.scratch, validated, checkByCaller: checkHere });
    const ours = configStacks(stacks, validated);
    const finalDir = (dir: string) => path.join(out, path.relative(run.scratch, dir));
    const checked = checkHere ? checkBeforeWriting(projectDir, ours.map((s) => ({ ...s, shownFile: path.join(finalDir(s.dir), 'cdk.tf.json') }))) : { reports: [] };
    const hclFiles = options.hcl ? ours.map((stack) => writeHcl(stack, validated.config.pattern.id)) : [];
    run.replaceWith(run.scratch);
    const outdir = run.folder.dir;
    const generated: SynthStack[] = ours.map((stack, i) => {
      const stackDir = path.join(outdir, path.relative(run.scratch, stack.dir));
      return { name: stack.name, stackDir, file: path.join(stackDir, options.hcl ? '' : 'cdk.tf.json'), json: stack.json, hclFiles: hclFiles[i], report: checked.reports[i] };
    });
    return { ...generated[0], outdir, stacks: stacks.map((s) => s.name), generated, checkSkipped: checked.checkSkipped };
  } catch (err) {
    throw withPath(err, run.folder.dir);
  } finally {
    run.close();
  }
}

/** The config's stacks among those the app wrote: one per environment, or the main one. */
export function configStacks(stacks: AppStack[], validated: ValidatedConfig): AppStack[] {
  if (!validated.environments) return [mainStack(stacks, validated.config.name)];
  return validated.environments.map(({ env, validated: v }) => {
    const found = stacks.find((s) => s.name === v.config.name);
    if (found) return found;
    throw new ConfigError(
      [{ field: `environments.${env}`, value: stacks.map((s) => s.name), message: `the app wrote no stack "${v.config.name}"; main.ts must build every environment's stack (buildApp's stacks)` }],
      'app output',
    );
  });
}

/** HCL files (versions.tf, network.tf, ...) in place of the stack's cdk.tf.json; both in one directory would declare every resource twice. */
function writeHcl(stack: AppStack, patternId: string): string[] {
  const { stackDirToHcl } = require('./hcl') as typeof import('./hcl');
  const files = stackDirToHcl(stack.dir, stack.json, patternId);
  fs.rmSync(stack.file);
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(stack.dir, file), text);
  const { terraformFmt } = require('./terraform') as typeof import('./terraform');
  terraformFmt(stack.dir);
  return Object.keys(files);
}

/**
 * The same check as the app's during `cdktf synth`, on the stack just written to the scratch folder
 * (its archives are there): a failure prints the report and stops the run before anything is moved
 * into place, unless the emergency opt-out is set, which then only warns.
 */
function checkBeforeWriting(projectDir: string, stacks: (AppStack & { shownFile: string })[]): { reports: CheckReport[]; checkSkipped?: string } {
  const { CheckFailedError, formatReport } = require('./check') as typeof import('./check');
  const { checkFailedLine, checkSkipReason, checkStacks, SKIP_CHECK_CONTEXT } = require('./check/in-synthesis') as typeof import('./check/in-synthesis');
  const reports = checkStacks(projectDir, stacks).map((r, i) => ({ ...r, files: [stacks[i].shownFile] }));
  const failed = reports.filter((r) => r.summary.failed > 0);
  if (failed.length === 0) return { reports };
  console.log(formatReport(failed));
  const skipped = checkSkipReason(process.env, appContext(projectDir)[SKIP_CHECK_CONTEXT]);
  if (skipped) return { reports, checkSkipped: skipped };
  throw new CheckFailedError(checkFailedLine('synth: nothing written', failed.reduce((n, r) => n + r.summary.failed, 0)));
}
