import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface SynthArgs {
  dir: string;
  out?: string;
}

export const synthCommand: CommandModule<object, SynthArgs> = {
  command: 'synth',
  describe: 'Synthesize DIR/vpc-lambda-gen.json into Terraform JSON (OUT/stacks/<stack>/cdk.tf.json), in-process',
  builder: (yargs: Argv) =>
    yargs
      .option('dir', { type: 'string', default: '.', describe: 'Project directory holding vpc-lambda-gen.json' })
      .option('out', { type: 'string', describe: 'Output directory [default: DIR/cdktf.out]' })
      .example('$0 synth', 'Synthesize the project in the current directory')
      .example('$0 synth --dir my-app --out /tmp/tf', 'Synthesize my-app into /tmp/tf') as Argv<SynthArgs>,
  handler: (args: ArgumentsCamelCase<SynthArgs>) => {
    const { synthesizeProject } = require('../synth') as typeof import('../synth');
    const path = require('node:path') as typeof import('node:path');
    const result = synthesizeProject({ dir: args.dir, out: args.out });
    console.log(`Synthesized stack "${result.stackName}" → ${path.relative(process.cwd(), result.file) || result.file}`);
  },
};
