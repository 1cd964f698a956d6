/**
 * In-process synthesis (no ts-node, no cdktf-cli): DIR/vpc-lambda-gen.json → OUT/stacks/<stack>/cdk.tf.json.
 * Writes into a scratch directory first and swaps it in whole, so a failure never leaves half an output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidatedConfig } from './config/validate';

export interface SynthResult {
  outdir: string;
  stackDir: string;
  /** Path of cdk.tf.json. */
  file: string;
  stackName: string;
}

export function synthesizeProject(options: { dir: string; out?: string; validated?: ValidatedConfig }): SynthResult {
  // Loaded here, not at the top: commands that do not synthesize must not pay for cdktf.
  const { buildApp } = require('../patterns/app') as typeof import('../patterns/app');
  const projectDir = path.resolve(options.dir);
  const outdir = path.resolve(options.out ?? path.join(projectDir, 'cdktf.out'));
  const scratch = `${outdir}.partial-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    const { app, stack } = buildApp({ projectDir, outdir: scratch, validated: options.validated });
    app.synth();
    replaceDir(scratch, outdir);
    const stackDir = path.join(outdir, 'stacks', stack.node.id);
    return { outdir, stackDir, file: path.join(stackDir, 'cdk.tf.json'), stackName: stack.node.id };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Moves `from` onto `to`, replacing what was there only once the new content is complete. */
export function replaceDir(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}
