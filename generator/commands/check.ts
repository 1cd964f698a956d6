/**
 * `check [PATH]`: proves, before anyone deploys, that the network paths each function promises exist
 * in the Terraform. Reads Terraform JSON only (no cdktf), so it is fast and works on any *.tf.json.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface CheckArgs {
  path: string;
  json: boolean;
  plan: boolean;
  snapshot?: string;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [path]',
  describe: 'Check the network paths each function promises in Terraform JSON (exit 1 when one is broken)',
  builder: (yargs: Argv) =>
    yargs
      .positional('path', {
        type: 'string',
        default: '.',
        describe: 'A *.tf.json file, a directory of them, a cdktf.out directory or a project directory',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .option('plan', { type: 'boolean', default: false, describe: 'Also run terraform validate and an offline plan (needs terraform and a provider mirror)' })
      .option('snapshot', { type: 'string', describe: "A snapshot of the existing VPC the Terraform builds in (vpc-lambda-gen snapshot) [default: the project's vpc-snapshot.json, if any]" })
      .example('$0 check', 'Check the stacks of the project in the current directory')
      .example('$0 check infra/lambda.tf.json --json', "Check a platform team's Terraform JSON, machine-readable")
      .example('$0 check infra --snapshot vpc-snapshot.json', 'Follow the paths through an existing VPC as the snapshot recorded it') as Argv<CheckArgs>,
  handler: (args: ArgumentsCamelCase<CheckArgs>) => {
    const { runCheck } = require('../check/run') as typeof import('../check/run');
    runCheck({ path: args.path, json: args.json, plan: args.plan, snapshot: args.snapshot });
  },
};
