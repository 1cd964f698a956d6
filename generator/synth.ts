/**
 * In-process synthesis (no ts-node, no cdktf-cli): DIR/vpc-lambda-gen.json → OUT/stacks/<stack>/cdk.tf.json.
 * Writes into a scratch directory first and swaps it in whole, so a failure never leaves half an output;
 * the output folder must be absent, empty or an earlier synth output (generator/safety/output.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from './config/io';
import { withPath } from './safety/faults';
import { openOutput } from './safety/output';
import type { VpcLambdaConfig } from './config/schema';
import type { ValidatedConfig } from './config/validate';
import type { VpcLambdaStack } from '../patterns/stack';

export interface SynthResult {
  outdir: string;
  stackDir: string;
  /** Path of cdk.tf.json (with `hcl`: of the stack directory's .tf files, cdk.tf.json is not written). */
  file: string;
  stackName: string;
  /** The synthesized Terraform JSON, also when only HCL was written (set by synthesizeProject). */
  json?: Record<string, any>;
  /** With `hcl`: the .tf files written, relative to stackDir. */
  hclFiles?: string[];
}

export interface SynthesizeOptions {
  dir: string;
  out?: string;
  validated?: ValidatedConfig;
  /** Write readable HCL files (versions.tf, network.tf, ...) into the stack directory instead of cdk.tf.json. */
  hcl?: boolean;
}

export function synthesizeProject(options: SynthesizeOptions): SynthResult {
  const projectDir = path.resolve(options.dir);
  const validated = options.validated ?? loadConfig(projectDir);
  const defaultOut = options.out === undefined;
  const out = path.resolve(options.out ?? path.join(projectDir, 'cdktf.out'));
  // Absent, empty or our own earlier output only; locked, and built in a scratch sibling.
  const run = openOutput(options.out ?? out, { kind: 'synth', field: defaultOut ? 'cdktf.out' : '--out', projectDir, cdktfDefault: defaultOut });
  try {
    const built = synthesize({ projectDir, outdir: run.scratch, validated });
    let hclFiles: string[] | undefined;
    if (options.hcl) {
      const { stackToHcl } = require('./hcl') as typeof import('./hcl');
      const files = stackToHcl(built.stack, built.json, built.config.pattern.id);
      // Both in one directory would declare every resource twice.
      fs.rmSync(path.join(built.stackDir, 'cdk.tf.json'));
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(built.stackDir, file), text);
      const { terraformFmt } = require('./terraform') as typeof import('./terraform');
      terraformFmt(built.stackDir);
      hclFiles = Object.keys(files);
    }
    run.replaceWith(run.scratch);
    const outdir = run.folder.dir;
    const stackName = built.stack.node.id;
    const stackDir = path.join(outdir, 'stacks', stackName);
    return { outdir, stackDir, file: path.join(stackDir, hclFiles ? '' : 'cdk.tf.json'), stackName, json: built.json, hclFiles };
  } catch (err) {
    throw withPath(err, run.folder.dir);
  } finally {
    run.close();
  }
}

export interface Synthesized {
  stack: VpcLambdaStack;
  config: VpcLambdaConfig;
  /** OUTDIR/stacks/<stack>: cdk.tf.json and assets/. */
  stackDir: string;
  json: Record<string, any>;
}

/** Builds the project's stack and synthesizes it into `outdir` (cdk.tf.json and the function archives). */
export function synthesize(options: { projectDir: string; outdir: string; validated?: ValidatedConfig }): Synthesized {
  // Loaded here, not at the top: commands that do not synthesize must not pay for cdktf.
  const { buildApp } = require('../patterns/app') as typeof import('../patterns/app');
  const validated = options.validated ?? loadConfig(options.projectDir);
  const { app, stack } = buildApp({ projectDir: options.projectDir, outdir: options.outdir, validated });
  app.synth();
  const stackDir = path.join(options.outdir, 'stacks', stack.node.id);
  return { stack, config: validated.config, stackDir, json: JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) };
}
