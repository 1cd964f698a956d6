#!/usr/bin/env node
/**
 * vpc-lambda-gen's command line. Loads only yargs and the command modules: whatever a command needs
 * beyond that (cdktf, the provider bindings, templates) is required inside its handler.
 */
import yargs from 'yargs';
import { commands } from './commands';
import { installSignalCleanup, noteSignalReported } from './safety/cleanup';
import { describeFault } from './safety/faults';

async function main(argv: string[]): Promise<number> {
  // Ctrl-C or a TERM removes whatever is half-written (generator/safety/cleanup.ts).
  installSignalCleanup();
  try {
    await yargs(argv)
      .scriptName('vpc-lambda-gen')
      .usage('$0 <command> [options]\n\nTerraform (via CDKTF) for AWS Lambda functions in a VPC, one connectivity pattern at a time.')
      .command(commands)
      .demandCommand(1, 'Name a command: new, synth, export, check, snapshot, verify or patterns.')
      .option('debug', { type: 'boolean', default: false, global: true, describe: 'On an error, also print its stack trace' })
      .strict()
      .recommendCommands()
      .help()
      .alias('help', 'h')
      .version()
      .wrap(Math.min(110, process.stdout.columns || 100))
      .fail((message, error) => {
        throw error ?? new UsageError(message);
      })
      .parseAsync();
    await signalsDelivered();
    return 0;
  } catch (err) {
    const code = report(err, argv.includes('--debug') || process.env.VLG_DEBUG === '1');
    await signalsDelivered();
    return code;
  }
}

/**
 * Lets a signal that arrived during synchronous work reach its handler before the process ends
 * (else node would exit 0 and drop it): Ctrl-C is then reported, and the exit status says so.
 */
function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class UsageError extends Error {}

/**
 * Every error ends as one short message and an exit status: 2 for bad input, 1 for the environment
 * (or a failed check), 128 + n for a signal. A stack trace only with --debug, also for a bug.
 */
function report(err: unknown, debug: boolean): number {
  const e = err as Error & { exitCode?: number; code?: string };
  const stack = () => {
    if (debug && e?.stack) console.error(e.stack);
  };
  if (e instanceof UsageError) {
    console.error(`${e.message}\nRun "vpc-lambda-gen --help" for usage.`);
    return 2;
  }
  if (e?.code === 'VLG_CANCELLED') {
    console.error(e.message);
    return e.exitCode ?? 130;
  }
  if (e?.code === 'VLG_CONFIG_INVALID') {
    console.error(`error: ${e.message}`);
    stack();
    return e.exitCode ?? 2;
  }
  // AWS could not be read (snapshot): nothing was written.
  if (e?.code === 'VLG_SNAPSHOT_FAILED') {
    console.error(`error: ${e.message}`);
    stack();
    return e.exitCode ?? 1;
  }
  // A failed check: its report is already printed, or comes with it (a check during synthesis).
  if (e?.code === 'VLG_CHECK_FAILED') {
    const report = (e as { report?: string }).report;
    if (report) console.log(report);
    console.error(e.message);
    return e.exitCode ?? 1;
  }
  const fault = describeFault(err);
  if (fault) {
    if (fault.exitCode > 128) noteSignalReported();
    console.error(`error: ${fault.message}`);
    stack();
    return fault.exitCode;
  }
  // A bug: say so in one line; the stack is for --debug and the issue report.
  console.error(`error: vpc-lambda-gen failed unexpectedly: ${e?.message ?? String(e)} (run again with --debug for the stack trace, and report it)`);
  stack();
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
