/**
 * `new [DIR]`: answers (flags, or defaults with --yes) → validated config → a project directory with
 * its Terraform already synthesized. The interactive wizard plugs in where a flag is missing.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_PATTERN, PATTERN_IDS, PATTERNS } from '../catalog';
import {
  DEFAULT_AZ_COUNT,
  DEFAULT_MEMORY_MB,
  DEFAULT_REGION,
  DEFAULT_RUNTIME,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_VPC_CIDR,
  RUNTIMES,
} from '../config/schema';

export interface NewArgs {
  dir?: string;
  pattern?: string;
  name?: string;
  region?: string;
  azs?: string;
  cidr?: string;
  runtime?: string;
  memory?: number;
  timeout?: number;
  ssmHost?: boolean;
  yes: boolean;
  install: boolean;
  local: boolean;
  force: boolean;
  [flag: string]: unknown;
}

export const newCommand: CommandModule<object, NewArgs> = {
  command: 'new [dir]',
  describe: 'Create a CDKTF project for Lambda functions in a VPC (asks, or takes flags with --yes)',
  builder: (yargs: Argv) => {
    let y = yargs
      .positional('dir', { type: 'string', describe: 'Project directory to create (must be empty or absent)' })
      .option('pattern', { type: 'string', choices: PATTERN_IDS, describe: `Connectivity pattern (see "patterns") [default: ${DEFAULT_PATTERN}]` })
      .option('name', { type: 'string', describe: 'Stack name and resource prefix [default: from DIR]' })
      .option('region', { type: 'string', describe: `AWS region [default: ${DEFAULT_REGION}]` })
      .option('azs', { type: 'string', describe: `AZ count (2–6) or comma-separated AZ names [default: ${DEFAULT_AZ_COUNT}]` })
      .option('cidr', { type: 'string', describe: `VPC CIDR [default: ${DEFAULT_VPC_CIDR}]` })
      .option('runtime', { type: 'string', choices: RUNTIMES, describe: `Lambda runtime [default: ${DEFAULT_RUNTIME}]` })
      .option('memory', { type: 'number', describe: `Function memory in MB, 128–10240 [default: ${DEFAULT_MEMORY_MB}]` })
      .option('timeout', { type: 'number', describe: `Function timeout in seconds, 1–900 [default: ${DEFAULT_TIMEOUT_SECONDS}]` })
      .option('ssm-host', { type: 'boolean', describe: 'Add an SSM Session Manager host in the Lambda subnets for debugging [default: false]' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Accept defaults for everything not given as a flag; never prompt' })
      .option('install', { type: 'boolean', default: false, describe: 'Run npm install in the new project (--no-install: print the command instead)' })
      .option('local', { type: 'boolean', default: false, describe: 'Depend on a tarball of this checkout (npm pack) instead of the published package' })
      .option('force', { type: 'boolean', default: false, describe: 'In a non-empty DIR, replace the files an earlier "new" generated (others are kept)' })
      .group(['pattern', 'name', 'region', 'azs', 'cidr', 'runtime', 'memory', 'timeout', 'ssm-host'], 'Stack:')
      .group(['yes', 'install', 'local', 'force'], 'Behaviour:');
    for (const spec of PATTERNS) {
      for (const [flag, def] of Object.entries(spec.flags)) {
        const type = def.type === 'list' ? 'string' : def.type;
        y = y.option(flag, { type, describe: `${def.describe}${def.type === 'list' ? ' (comma-separated)' : ''}` });
      }
      if (Object.keys(spec.flags).length > 0) y = y.group(Object.keys(spec.flags), `Pattern ${spec.id}:`);
    }
    return y
      .example('$0 new my-app --yes', 'Default answers: nat-gateway in eu-west-1, 2 AZs, 10.0.0.0/16')
      .example('$0 new edge --pattern nat-gateway --region us-east-1 --azs 3 --nat-per-az --yes', 'Every answer as a flag, for scripts and CI') as Argv<NewArgs>;
  },
  handler: async (args: ArgumentsCamelCase<NewArgs>) => {
    const { runNew } = require('../new/run') as typeof import('../new/run');
    await runNew(args);
  },
};
