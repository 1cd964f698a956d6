/**
 * Builds the cdktf App for a project directory: the first line of every project's main.ts, which is
 * the one app `cdktf synth`, `vpc-lambda-gen synth`, `export` and `check` all run. Only `new` calls it
 * in-process (the project's packages are not installed yet), for the stock main.ts.
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
import { describeFault } from '../generator/safety/faults';
import type { ValidatedConfig } from '../generator/config/validate';
import { markOutput } from '../generator/safety/output';
import { resolveInside } from '../generator/safety/paths';
import { assertNoSharedAwsNames, assertUniqueAwsNames } from './blocks/naming';
import { VpcLambdaStack } from './stack';

export interface BuildAppOptions {
  /** Project directory holding vpc-lambda-gen.json. */
  projectDir: string;
  /** Where to write; cdktf's default (CDKTF_OUTDIR or ./cdktf.out) when absent. */
  outdir?: string;
  /** An already validated config (skips reading the file). */
  validated?: ValidatedConfig;
  /**
   * End the process on our own errors, as an app should, wherever main.ts meets them: a config error
   * prints its message (exit 2), a failed network check its report and one line (exit 1), a
   * file-system fault one line; never a stack trace. Anything else is printed as node prints it.
   * `false` leaves every error to the caller, for tests and tools that build the app in-process.
   * @default true
   */
  exitOnError?: boolean;
  /** Context for the App (as cdktf.json's "context"; CDKTF_CONTEXT_JSON still wins). */
  context?: Record<string, unknown>;
}

/** The app and the stacks a project's main.ts extends. */
export interface BuiltApp {
  /** The cdktf App: call `app.synth()` last. */
  app: App;
  /**
   * The generated stack: add your constructs to it (`stack.network`, `stack.fn(name)`...). With
   * `environments` in the config there is one stack per environment: use `stacks` instead.
   */
  readonly stack: VpcLambdaStack;
  /** Every generated stack: the one stack, or one per environment ("<name>-<env>", in config order). */
  stacks: VpcLambdaStack[];
}

/**
 * Reads and validates DIR/vpc-lambda-gen.json, checks that each function's code is there, and builds
 * the stack. Its synthesis also runs the network check (VLG_SKIP_CHECK=1 skips it, in an emergency).
 */
export function buildApp(options: BuildAppOptions): BuiltApp {
  if (options.exitOnError !== false) reportOurErrorsAsAnApp();
  const projectDir = path.resolve(options.projectDir);
  const validated = options.validated ?? loadConfig(projectDir);
  assertSourcesExist(validated, projectDir);
  const app = new App({ outdir: options.outdir, skipValidation: false, context: options.context });
  const stacks = (validated.environments?.map((e) => e.validated) ?? [validated]).map((v) => {
    const stack = new VpcLambdaStack(app, { validated: v, projectDir });
    assertUniqueAwsNames(stack, v.config);
    return stack;
  });
  new OutputMark(stacks[0], 'output-mark', stacks);
  return {
    app,
    stacks,
    get stack(): VpcLambdaStack {
      if (!validated.environments) return stacks[0];
      throw new ConfigError(
        [{ field: 'environments', value: validated.environments.map((e) => e.env), message: `make one stack per environment: main.ts uses \`stacks\` (for (const stack of stacks) { ... }), not \`stack\`` }],
        'main.ts',
      );
    },
  };
}

/**
 * An app's errors of ours (a config error, a failed check, a file-system fault), wherever main.ts
 * meets them (buildApp, stack.addFunction, app.synth), end the process with their message and exit
 * status instead of a stack trace; anything else is printed as node prints it. Once per process.
 */
function reportOurErrorsAsAnApp(): void {
  const flag = Symbol.for('vpc-lambda-gen.report-app-errors');
  const proc = process as NodeJS.Process & { [key: symbol]: boolean };
  if (proc[flag]) return;
  proc[flag] = true;
  process.on('uncaughtException', (err) => {
    // By code, not instanceof: a project may hold two copies of the classes.
    const e = err as { code?: string; message?: string; report?: string; exitCode?: number };
    const fault = describeFault(err);
    if (e?.code === 'VLG_CONFIG_INVALID') console.error(`error: ${e.message}`);
    else if (e?.code === 'VLG_CHECK_FAILED') console.error(`${e.report ? `${e.report}\n` : ''}error: ${e.message}`);
    else if (fault) console.error(`error: ${fault.message}`);
    else console.error(err);
    process.exit(fault?.exitCode ?? (e?.code?.startsWith('VLG_') ? e.exitCode : undefined) ?? 1);
  });
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
 * `synth` may then replace that folder, and nothing else. First, with main.ts's constructs added,
 * no two environments' stacks may share a physical name.
 */
class OutputMark extends Construct {
  constructor(scope: Construct, id: string, stacks: VpcLambdaStack[]) {
    super(scope, id);
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        if (stacks.length > 1) assertNoSharedAwsNames(stacks);
        markOutput(session.outdir, 'synth');
      },
    });
  }
}
