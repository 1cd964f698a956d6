/**
 * `verify`: after deploying, runs the checks of the README's "Verify it" section against the stack
 * through the AWS SDK and reports each hop (PASS, FAIL, WAIT, SKIP). The SDK is loaded only here.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface VerifyArgs {
  dir: string;
  stack?: string;
  region?: string;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify',
  describe: 'After deploying: invoke each function, call its URL, publish to its topic, check the SSM host (exit 1 when a hop fails)',
  builder: (yargs: Argv) =>
    yargs
      .option('dir', { type: 'string', default: '.', describe: 'Project directory (its cdktf.out/stacks/<stack>/ and the state its backend names)' })
      .option('stack', { type: 'string', describe: 'Stack to verify [default: the only one]' })
      .option('region', { type: 'string', describe: "AWS region [default: the stack's provider region]" })
      .example('$0 verify', 'Verify the deployed stack of the project in the current directory')
      .example('$0 verify --dir my-app', 'The same for my-app (AWS credentials from the usual chain: AWS_PROFILE, env, SSO...)') as Argv<VerifyArgs>,
  handler: async (args: ArgumentsCamelCase<VerifyArgs>) => {
    const { runVerify } = require('../aws-runtime') as typeof import('../aws-runtime');
    await runVerify({ dir: args.dir, stack: args.stack, region: args.region });
  },
};
