#!/usr/bin/env node
/**
 * vpc-lambda-gen's command line. Loads only yargs and the command modules: whatever a command needs
 * beyond that (cdktf, the provider bindings, templates) is required inside its handler.
 */
import yargs from 'yargs';
import { commands } from './commands';

async function main(argv: string[]): Promise<number> {
  try {
    await yargs(argv)
      .scriptName('vpc-lambda-gen')
      .usage('$0 <command> [options]\n\nTerraform (via CDKTF) for AWS Lambda functions in a VPC, one connectivity pattern at a time.')
      .command(commands)
      .demandCommand(1, 'Name a command: new, synth, export, check, verify or patterns.')
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
    return 0;
  } catch (err) {
    return report(err);
  }
}

class UsageError extends Error {}

/** Bad input exits 2 with the message; anything else is a bug and keeps its stack. */
function report(err: unknown): number {
  const e = err as Error & { exitCode?: number; code?: string };
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
    return e.exitCode ?? 2;
  }
  // A failed check: its report is already printed.
  if (e?.code === 'VLG_CHECK_FAILED') {
    console.error(e.message);
    return e.exitCode ?? 1;
  }
  console.error(e?.stack ?? String(e));
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
