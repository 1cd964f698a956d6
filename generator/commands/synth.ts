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
    // Runs the project's app (cdktf.json), then checks the config's stacks before anything is written.
    const result = synthesizeProject({ dir: args.dir, out: args.out, hcl: args.hcl });
    const names = new Set(result.generated.map((s) => s.name));
    const others = result.stacks.filter((s) => !names.has(s));
    for (const stack of result.generated) {
      const written = path.relative(process.cwd(), stack.file) || stack.file;
      console.log(`Synthesized stack "${stack.name}" → ${written}${stack.hclFiles ? `: ${stack.hclFiles.join(', ')}` : ''}`);
    }
    if (others.length) console.log(`Also synthesized (added in main.ts, not checked): ${others.map((s) => `"${s}"`).join(', ')}`);
    if (result.checkSkipped) {
      const { checkSkippedLine } = require('../check/in-synthesis') as typeof import('../check/in-synthesis');
      console.error(checkSkippedLine([...names].join(', '), result.checkSkipped));
      return;
    }
    for (const stack of result.generated) {
      const report = stack.report!;
      const full = stack.hclFiles ? '"vpc-lambda-gen export" puts the report in its README' : `vpc-lambda-gen check ${path.relative(process.cwd(), stack.stackDir) || '.'} for the report`;
      console.log(`Checked${result.generated.length > 1 ? ` ${stack.name}` : ''}: ${report.summary.passed} passed, ${report.summary.warnings} warning(s) (${full})`);
    }
  },
};
