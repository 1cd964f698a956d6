/**
 * `synth`: the project's app (its cdktf.json command, generator/project-app.ts) writes into a scratch
 * folder, which is swapped in whole, so a failure never leaves half an output; the output folder must
 * be absent, empty or an earlier synth output (generator/safety/output.ts). The check is the caller's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from './config/io';
import { mainStack, projectApp, synthesizeApp } from './project-app';
import { withPath } from './safety/faults';
import { openOutput } from './safety/output';
import type { ValidatedConfig } from './config/validate';
import type { CheckReport } from './check';

export interface SynthResult {
  outdir: string;
  stackDir: string;
  /** Path of cdk.tf.json (with `hcl`: of the stack directory's .tf files, cdk.tf.json is not written). */
  file: string;
  stackName: string;
  /** The synthesized Terraform JSON, also when only HCL was written. */
  json: Record<string, any>;
  /** Every stack the app wrote, by name (usually just the one). */
  stacks: string[];
  /** With `hcl`: the .tf files written, relative to stackDir. */
  hclFiles?: string[];
  /** The check of the main stack, when synth ran it (check: 'here'). */
  report?: CheckReport;
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
    const stack = mainStack(stacks, validated.config.name);
    const finalStackDir = path.join(out, path.relative(run.scratch, stack.dir));
    const checked = checkHere ? checkBeforeWriting(projectDir, stack.json, stack.name, stack.dir, path.join(finalStackDir, 'cdk.tf.json')) : {};
    let hclFiles: string[] | undefined;
    if (options.hcl) {
      const { stackDirToHcl } = require('./hcl') as typeof import('./hcl');
      const files = stackDirToHcl(stack.dir, stack.json, validated.config.pattern.id);
      // Both in one directory would declare every resource twice.
      fs.rmSync(stack.file);
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(stack.dir, file), text);
      const { terraformFmt } = require('./terraform') as typeof import('./terraform');
      terraformFmt(stack.dir);
      hclFiles = Object.keys(files);
    }
    run.replaceWith(run.scratch);
    const outdir = run.folder.dir;
    const stackDir = path.join(outdir, path.relative(run.scratch, stack.dir));
    return { outdir, stackDir, file: path.join(stackDir, hclFiles ? '' : 'cdk.tf.json'), stackName: stack.name, json: stack.json, stacks: stacks.map((s) => s.name), hclFiles, ...checked };
  } catch (err) {
    throw withPath(err, run.folder.dir);
  } finally {
    run.close();
  }
}

/**
 * The same check as the app's during `cdktf synth`, on the stack just written to the scratch folder
 * (its archives are there): a failure prints the report and stops the run before anything is moved
 * into place, unless the emergency opt-out is set, which then only warns.
 */
function checkBeforeWriting(projectDir: string, json: Record<string, any>, name: string, scratchDir: string, shownFile: string): { report: CheckReport; checkSkipped?: string } {
  const { checkJson, CheckFailedError, formatReport } = require('./check') as typeof import('./check');
  const { checkFailedLine, checkSkipReason, SKIP_CHECK_CONTEXT } = require('./check/in-synthesis') as typeof import('./check/in-synthesis');
  const { snapshotFor } = require('./snapshot/format') as typeof import('./snapshot/format');
  // An existing VPC is followed through the project's snapshot of it, when there is one.
  const report = { ...checkJson([json], name, scratchDir, { snapshot: snapshotFor(projectDir) }), files: [shownFile] };
  if (report.summary.failed === 0) return { report };
  console.log(formatReport([report]));
  const skipped = checkSkipReason(process.env, projectApp(projectDir)?.context[SKIP_CHECK_CONTEXT]);
  if (skipped) return { report, checkSkipped: skipped };
  throw new CheckFailedError(checkFailedLine('synth: nothing written', report.summary.failed));
}
