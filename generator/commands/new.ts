/**
 * `new [DIR]`: answers (the wizard in a terminal, flags, defaults with --yes, a --config file) →
 * validated config → a project directory with its Terraform already synthesized.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withBackendFlags } from './backend-flags';
import { DEFAULT_PATTERN, PATTERN_IDS, PATTERNS, type PatternFlag } from '../catalog';
import { capabilityIds } from '../catalog/compose';
import { EGRESS_FLAGS } from '../catalog/egress';
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
  /** Comma-separated function names. */
  functions?: string;
  runtime?: string;
  memory?: number;
  timeout?: number;
  ssmHost?: boolean;
  /** ICMP and the ports in use for the SSM host, so ping, traceroute and curl work from it. */
  ssmHostDiagnostics?: boolean;
  /** Capabilities to add to the pattern, comma-separated ("efs,peering"). */
  with?: string;
  /** The stack's egress (nat-gateway, nat-instance, endpoints, none). */
  egress?: string;
  /** Earlier versions' sns-slack flag: gateway or instance, read as --egress nat-<kind>. */
  nat?: string;
  /** An existing VPC: its id, the Lambda subnets (comma-separated), their route tables, a public subnet for a NAT. */
  vpcId?: string;
  subnetIds?: string;
  routeTableIds?: string;
  publicSubnetId?: string;
  /** Existing functions to take over: "NAME", or "NAME:live" when it already has a `live` alias. */
  adoptFunction?: string[];
  /** Environment names, comma-separated ("dev,prod"): one stack each. */
  environments?: string;
  /** A vpc-lambda-gen.json to start from. */
  config?: string;
  yes: boolean;
  /** Undefined: ask in a terminal, else do not install. */
  install?: boolean;
  /** Undefined: a tarball when run from a source checkout, else the published version. */
  local?: boolean;
  force: boolean;
  [flag: string]: unknown;
}

export const newCommand: CommandModule<object, NewArgs> = {
  command: 'new [dir]',
  describe: 'Create a CDKTF project for Lambda functions in a VPC (asks in a terminal; flags answer questions, --yes takes defaults)',
  builder: (yargs: Argv) => {
    let y = yargs
      .positional('dir', { type: 'string', describe: 'Project directory to create (must be empty or absent)' })
      .option('pattern', { type: 'string', choices: PATTERN_IDS, describe: `Connectivity pattern (see "patterns") [default: ${DEFAULT_PATTERN}]` })
      .option('name', { type: 'string', describe: 'Stack name and resource prefix [default: from DIR]' })
      .option('region', { type: 'string', describe: `AWS region [default: ${DEFAULT_REGION}]` })
      .option('azs', { type: 'string', describe: `AZ count (2–6) or comma-separated AZ names [default: ${DEFAULT_AZ_COUNT}]` })
      .option('cidr', { type: 'string', describe: `VPC CIDR [default: ${DEFAULT_VPC_CIDR}]` })
      .option('functions', { type: 'string', describe: "Function names, comma-separated [default: the pattern's sample functions]" })
      .option('runtime', { type: 'string', choices: RUNTIMES, describe: `Lambda runtime [default: ${DEFAULT_RUNTIME}]` })
      .option('memory', { type: 'number', describe: `Function memory in MB, 128–10240 [default: ${DEFAULT_MEMORY_MB}]` })
      .option('timeout', { type: 'number', describe: `Function timeout in seconds, 1–900 [default: ${DEFAULT_TIMEOUT_SECONDS}]` })
      .option('adopt-function', {
        type: 'string',
        array: true,
        describe: 'Take over an existing Lambda function (repeatable): imported, moved into the VPC, given a live alias; its code stays unless you set its source. NAME:live when it has a live alias already',
      })
      .option('with', {
        type: 'string',
        describe: `Capabilities to add to the pattern, comma-separated, each with its own flags: ${[...capabilityIds(PATTERNS), 'ssm-host'].join(', ')} [default: none]`,
      })
      .option('ssm-host', { type: 'boolean', describe: 'Add an SSM Session Manager host in the Lambda subnets for debugging [default: false]' })
      .option('ssm-host-diagnostics', {
        type: 'boolean',
        describe: 'Let the SSM host send ICMP and the ports in use (egress and peer ports, NFS, the ALB, endpoints), so ping, traceroute and curl work from it (implies --ssm-host) [default: false]',
      })
      .option('vpc-id', { type: 'string', describe: 'Use this existing VPC instead of creating one (no VPC, subnets or internet gateway are created): docs/existing-vpc.md' })
      .option('subnet-ids', { type: 'string', describe: 'With --vpc-id: the private subnets for the functions, comma-separated, two or more in distinct AZs' })
      .option('route-table-ids', {
        type: 'string',
        describe: "With --vpc-id: the Lambda subnets' route tables, comma-separated, for the routes and gateway endpoints the pattern adds (NAT, peer, s3)",
      })
      .option('public-subnet-id', { type: 'string', describe: "With --vpc-id: a public subnet to put the pattern's NAT in [default: no NAT, the VPC's own egress]" })
      .option('environments', {
        type: 'string',
        describe: 'Environments, comma-separated (dev,prod): one stack "<name>-<env>" each, with its own state and, for a new VPC, its own CIDR (docs/config.md) [default: none, one stack]',
      })
      .conflicts('vpc-id', 'cidr')
      .option('config', { type: 'string', describe: 'Start from this vpc-lambda-gen.json: its values become the defaults' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'Accept defaults for everything not given as a flag; never prompt (without a terminal, every question needs a flag or --yes)' })
      .option('install', { type: 'boolean', describe: 'Run npm install in the new project (--no-install: print the command instead) [default: ask in a terminal, else no]' })
      .option('local', { type: 'boolean', describe: 'Depend on a tarball of this checkout (npm pack) instead of the published package [default: yes when run from a source checkout]' })
      .option('force', { type: 'boolean', default: false, describe: 'In a non-empty DIR, replace the files an earlier "new" generated (others are kept)' })
      .option('nat', { type: 'string', choices: ['gateway', 'instance'], deprecated: 'use --egress nat-gateway or --egress nat-instance', hidden: true })
      .group(['pattern', 'with', 'name', 'region', 'azs', 'cidr', 'functions', 'adopt-function', 'runtime', 'memory', 'timeout', 'ssm-host', 'ssm-host-diagnostics', 'environments'], 'Stack:')
      .group(['vpc-id', 'subnet-ids', 'route-table-ids', 'public-subnet-id'], 'Existing VPC:')
      .group(['config', 'yes', 'install', 'local', 'force'], 'Behaviour:');
    // A flag may serve several patterns (nat-per-az): register it once, in a group naming all of them.
    const owners = new Map<string, { def: PatternFlag; ids: string[] }>();
    for (const spec of PATTERNS) {
      for (const [flag, def] of Object.entries(spec.flags)) {
        const entry = owners.get(flag) ?? { def, ids: [] };
        if (entry.def.type !== def.type) throw new Error(`VLG_FLAG_TYPE: --${flag} is ${entry.def.type} in ${entry.ids[0]} but ${def.type} in ${spec.id}`);
        entry.ids.push(spec.id);
        owners.set(flag, entry);
      }
    }
    // The egress: one choice for the stack, whatever the pattern (generator/catalog/egress.ts).
    for (const [flag, def] of Object.entries(EGRESS_FLAGS)) {
      y = y.option(flag, { ...flagOption(def), ...(def.choices && def.type === 'string' ? { choices: def.choices } : {}) });
    }
    y = y.group(Object.keys(EGRESS_FLAGS), 'Egress:');
    const groups = new Map<string, string[]>();
    for (const [flag, { def, ids }] of owners) {
      y = y.option(flag, flagOption(def));
      const title = `Pattern${ids.length > 1 ? 's' : ''} ${ids.join(', ')}:`;
      groups.set(title, [...(groups.get(title) ?? []), flag]);
    }
    for (const [title, flags] of groups) y = y.group(flags, title);
    return withBackendFlags(y, 'saved in vpc-lambda-gen.json')
      .example('$0 new my-app', 'Ask each question in the terminal (Enter takes the default)')
      .example('$0 new my-app --yes', 'Default answers: nat-gateway in eu-west-1, 2 AZs, 10.0.0.0/16')
      .example('$0 new copy --config my-app/vpc-lambda-gen.json --region us-east-1 --yes', 'Start from an existing config, change the region')
      .example('$0 new edge --pattern nat-gateway --region us-east-1 --azs 3 --nat-per-az --yes', 'Every answer as a flag, for scripts and CI')
      .example('$0 new c1 --pattern peering --egress nat-instance --peer-vpc-id vpc-0123456789abcdef0 --peer-cidr 10.1.0.0/16 --yes', 'A peer API and the internet from one function')
      .example('$0 new c2 --pattern efs --egress nat-gateway --with peering --peer-vpc-id vpc-0123456789abcdef0 --peer-cidr 10.1.0.0/16 --yes', 'EFS, a peer and the internet in one stack')
      .example('$0 new team-app --yes --backend-bucket team-tfstate', 'State in S3 with native locking')
      .example('$0 new shop --environments dev,prod --yes', 'Two stacks, shop-dev (10.0.0.0/16) and shop-prod (10.1.0.0/16)')
      .example('$0 new bf --vpc-id vpc-0123456789abcdef0 --subnet-ids subnet-0123456789abcdef0,subnet-0fedcba9876543210 --yes', "Into an existing VPC, using its own egress") as unknown as Argv<NewArgs>;
  },
  handler: async (args: ArgumentsCamelCase<NewArgs>) => {
    const { runNew } = require('../new/run') as typeof import('../new/run');
    await runNew(args);
  },
};

/** A catalog flag as a yargs option: a list is a comma-separated string. */
function flagOption(def: { type: 'string' | 'number' | 'boolean' | 'list'; describe: string }): { type: 'string' | 'number' | 'boolean'; describe: string } {
  return { type: def.type === 'list' ? 'string' : def.type, describe: `${def.describe}${def.type === 'list' ? ' (comma-separated)' : ''}` };
}
