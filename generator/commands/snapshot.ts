/**
 * `snapshot`: records an existing VPC (read-only Describe calls) into DIR/vpc-snapshot.json, which
 * `check` and `synth` then follow paths through. Only this command loads the AWS SDK.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface SnapshotArgs {
  vpcId?: string;
  region?: string;
  dir: string;
  out?: string;
}

export const snapshotCommand: CommandModule<object, SnapshotArgs> = {
  command: 'snapshot',
  describe: 'Record an existing VPC (read-only AWS calls) into DIR/vpc-snapshot.json, so check and synth follow paths through it',
  builder: (yargs: Argv) =>
    yargs
      .option('vpc-id', { type: 'string', describe: "The VPC to record [default: network.existing.vpcId of DIR's config]" })
      .option('region', { type: 'string', describe: "Its region [default: DIR's config, else AWS_REGION / the profile's]" })
      .option('dir', { type: 'string', default: '.', describe: 'Project directory' })
      .option('out', { type: 'string', describe: 'Write here instead of DIR/vpc-snapshot.json' })
      .example('$0 snapshot --vpc-id vpc-0123456789abcdef0 --region eu-west-1', 'Record the VPC; check and synth in this project then use it')
      .example('$0 snapshot --dir my-app', "Record the VPC my-app's config names") as Argv<SnapshotArgs>,
  handler: async (args: ArgumentsCamelCase<SnapshotArgs>) => {
    const path = require('node:path') as typeof import('node:path');
    const { runSnapshot } = require('../snapshot/take') as typeof import('../snapshot/take');
    const started = Date.now();
    const { file, snapshot } = await runSnapshot({ vpcId: args.vpcId, region: args.region, dir: args.dir, out: args.out }, async (vpcId, region) => {
      // Bundled apart (dist/snapshot.js): the SDK loads here and nowhere else.
      const { takeSnapshot } = require('../aws-runtime') as typeof import('../aws-runtime');
      return takeSnapshot({ vpcId, region });
    });
    const counts = ['Subnets', 'RouteTables', 'SecurityGroups', 'NatGateways', 'VpcEndpoints', 'InternetGateways', 'VpcPeeringConnections', 'Instances'] as const;
    console.log(
      `Recorded ${snapshot.vpcId} in ${snapshot.region} → ${path.relative(process.cwd(), file) || file} (${((Date.now() - started) / 1000).toFixed(1)} s): ${counts.map((c) => `${snapshot[c].length} ${c}`).join(', ')}`,
    );
    console.log('check and synth in this project now follow the paths through it; take it again when the VPC changes.');
  },
};
