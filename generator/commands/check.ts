/**
 * `check [PATH]`: proves, before anyone deploys, that the network paths each function promises exist
 * in the Terraform: a directory of HCL, Terraform JSON or a plan's JSON. Loads no cdktf.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface CheckArgs {
  path: string;
  json: boolean;
  plan: boolean;
  expect?: string[];
  snapshot?: string;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [path]',
  describe: 'Check the network paths each function promises, in HCL, Terraform JSON or plan JSON (exit 1 when one is broken)',
  builder: (yargs: Argv) =>
    yargs
      .positional('path', {
        type: 'string',
        default: '.',
        describe: 'A directory of *.tf (with tfvars and local modules), a *.tf.json file or a directory of them, a cdktf.out or project directory, or plan JSON (terraform show -json)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .option('plan', { type: 'boolean', default: false, describe: 'Also run terraform validate and an offline plan (needs terraform and a provider mirror)' })
      .option('expect', {
        type: 'string',
        array: true,
        describe: 'State what a function needs beyond its VPC, as the vlg:needs tag would: NAME=internet,sqs (function_name or address; * for all)',
      })
      .option('snapshot', { type: 'string', describe: "A snapshot of the existing VPC the Terraform builds in (vpc-lambda-gen snapshot) [default: the project's vpc-snapshot.json, if any]" })
      .example('$0 check', 'Check the stacks of the project in the current directory')
      .example('$0 check infra/lambda.tf.json --json', "Check a platform team's Terraform JSON, machine-readable")
      .example('$0 check infra/ --expect orders-worker=internet,sqs', 'Check HCL, stating what a function needs')
      .example('$0 check plan.json', 'Check a saved plan: terraform plan -out plan.bin && terraform show -json plan.bin > plan.json')
      .example('$0 check infra --snapshot vpc-snapshot.json', 'Follow the paths through an existing VPC as the snapshot recorded it') as Argv<CheckArgs>,
  handler: async (args: ArgumentsCamelCase<CheckArgs>) => {
    const { runCheck } = require('../check/run') as typeof import('../check/run');
    await runCheck({ path: args.path, json: args.json, plan: args.plan, expect: args.expect, snapshot: args.snapshot });
  },
};
