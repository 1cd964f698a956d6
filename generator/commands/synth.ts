import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface SynthArgs {
  dir: string;
  out?: string;
  hcl: boolean;
}

export const synthCommand: CommandModule<object, SynthArgs> = {
  command: 'synth',
  describe: "Run the project's app (cdktf.json, main.ts) into OUT/stacks/<stack>/cdk.tf.json, checking its network paths first",
  builder: (yargs: Argv) =>
    yargs
      .option('dir', { type: 'string', default: '.', describe: 'Project directory: its cdktf.json app runs (without one, the stock app on its vpc-lambda-gen.json)' })
      .option('out', { type: 'string', describe: 'Output directory: absent, empty, or an earlier synth output, replaced whole [default: DIR/cdktf.out]' })
      .option('hcl', { type: 'boolean', default: false, describe: 'Write readable HCL (versions.tf, network.tf, functions.tf, <pattern>.tf, ...) instead of cdk.tf.json' })
      .example('$0 synth', 'Synthesize the project in the current directory')
      .example('$0 synth --dir my-app --out /tmp/tf', 'Synthesize my-app into /tmp/tf')
      .example('$0 synth --hcl', 'HCL files in cdktf.out/stacks/<stack>/ (see also "export" for a hand-off folder)') as Argv<SynthArgs>,
  handler: (args: ArgumentsCamelCase<SynthArgs>) => {
    const { synthesizeProject } = require('../synth') as typeof import('../synth');
    const path = require('node:path') as typeof import('node:path');
    // Runs the project's app (cdktf.json), then checks its main stack before anything is written.
    const result = synthesizeProject({ dir: args.dir, out: args.out, hcl: args.hcl });
    const written = path.relative(process.cwd(), result.file) || result.file;
    const others = result.stacks.filter((s) => s !== result.stackName);
    console.log(`Synthesized stack "${result.stackName}" → ${written}${result.hclFiles ? `: ${result.hclFiles.join(', ')}` : ''}${others.length ? ` (and ${others.map((s) => `"${s}"`).join(', ')}, not checked)` : ''}`);
    const report = result.report!;
    if (result.checkSkipped) {
      const { checkSkippedLine } = require('../check/in-synthesis') as typeof import('../check/in-synthesis');
      console.error(checkSkippedLine(result.stackName, result.checkSkipped));
      return;
    }
    const full = result.hclFiles ? '"vpc-lambda-gen export" puts the report in its README' : `vpc-lambda-gen check ${path.relative(process.cwd(), result.stackDir) || '.'} for the report`;
    console.log(`Checked: ${report.summary.passed} passed, ${report.summary.warnings} warning(s) (${full})`);
  },
};
