/**
 * Builds the cdktf App for a project directory. main.ts (run by `cdktf synth`) and the CLI's own
 * `synth` both call this: there is one code path from vpc-lambda-gen.json to Terraform.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { ConfigError } from '../generator/config/errors';
import { loadConfig } from '../generator/config/io';
import { missingHandlerIssues } from '../generator/handler-files';
import type { ValidatedConfig } from '../generator/config/validate';
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
  return { app, stack };
}

/**
 * Function code must exist before anything is built, with the file its handler names for its
 * runtime: fail like any other config error.
 */
function assertSourcesExist({ config }: ValidatedConfig, projectDir: string): void {
  const missing = config.functions
    .map((fn, i) => ({ fn, i }))
    .filter(({ fn }) => fn.source !== undefined && (!fs.existsSync(path.join(projectDir, fn.source)) || !fs.statSync(path.join(projectDir, fn.source)).isDirectory()));
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(({ fn, i }) => ({
        field: `functions[${i}].source`,
        value: fn.source,
        message: `no such directory under ${projectDir}; create it with the handler code or fix the path`,
      })),
    );
  }
  const handlers = missingHandlerIssues(config, projectDir);
  if (handlers.length > 0) throw new ConfigError(handlers);
}
