/**
 * Builds the cdktf App for a project directory. main.ts (run by `cdktf synth`) and the CLI's own
 * `synth` both call this: there is one code path from vpc-lambda-gen.json to Terraform.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type ISynthesisSession } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { ConfigError, type ConfigIssue } from '../generator/config/errors';
import { loadConfig } from '../generator/config/io';
import { CONFIG_FILE } from '../generator/config/schema';
import { missingHandlerIssues } from '../generator/handler-files';
import type { ValidatedConfig } from '../generator/config/validate';
import { markOutput } from '../generator/safety/output';
import { resolveInside } from '../generator/safety/paths';
import { assertUniqueAwsNames } from './blocks/naming';
import { VpcLambdaStack } from './stack';

export interface BuildAppOptions {
  /** Project directory holding vpc-lambda-gen.json. */
  projectDir: string;
  /** Where to write; cdktf's default (CDKTF_OUTDIR or ./cdktf.out) when absent. */
  outdir?: string;
  /** An already validated config (skips reading the file). */
  validated?: ValidatedConfig;
}

export function buildApp(options: BuildAppOptions): { app: App; stack: VpcLambdaStack } {
  const projectDir = path.resolve(options.projectDir);
  const validated = options.validated ?? loadConfig(projectDir);
  assertSourcesExist(validated, projectDir);
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const stack = new VpcLambdaStack(app, { validated, projectDir });
  assertUniqueAwsNames(stack, validated.config);
  new OutputMark(stack, 'output-mark');
  return { app, stack };
}

/**
 * Function code must exist, inside the project (symbolic links followed), with the file its handler
 * names for its runtime, before anything is built: every problem is reported at once, like any other
 * config error.
 */
function assertSourcesExist({ config }: ValidatedConfig, projectDir: string): void {
  const issues: ConfigIssue[] = [];
  config.functions.forEach((fn, i) => {
    // An adopted function without a source keeps its code where it is.
    if (fn.source === undefined) return;
    const field = `functions[${i}].source`;
    try {
      const real = resolveInside(projectDir, fn.source, { field, value: fn.source, source: CONFIG_FILE });
      if (!fs.statSync(real, { throwIfNoEntry: false })?.isDirectory()) {
        issues.push({ field, value: fn.source, message: `no such directory under ${projectDir}; create it with the handler code or fix the path` });
      }
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      issues.push(...err.issues);
    }
  });
  if (issues.length === 0) issues.push(...missingHandlerIssues(config, projectDir));
  if (issues.length > 0) throw new ConfigError(issues, CONFIG_FILE);
}

/**
 * Marks the output folder as vpc-lambda-gen's synth output (its manifest), wherever the app writes:
 * the scratch folder `vpc-lambda-gen synth` swaps in, or CDKTF_OUTDIR under `cdktf synth`. A later
 * `synth` may then replace that folder, and nothing else.
 */
class OutputMark extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    addCustomSynthesis(this, { onSynthesize: (session: ISynthesisSession) => markOutput(session.outdir, 'synth') });
  }
}
