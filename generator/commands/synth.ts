import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

interface SynthArgs {
  dir: string;
  out?: string;
  hcl: boolean;
}

export const synthCommand: CommandModule<object, SynthArgs> = {
  command: 'synth',
  describe: 'Synthesize DIR/vpc-lambda-gen.json into Terraform JSON (OUT/stacks/<stack>/cdk.tf.json), in-process',
  builder: (yargs: Argv) =>
    yargs
      .option('dir', { type: 'string', default: '.', describe: 'Project directory holding vpc-lambda-gen.json' })
      .option('out', { type: 'string', describe: 'Output directory: absent, empty, or an earlier synth output, replaced whole [default: DIR/cdktf.out]' })
      .option('hcl', { type: 'boolean', default: false, describe: 'Write readable HCL (versions.tf, network.tf, functions.tf, <pattern>.tf, ...) instead of cdk.tf.json' })
      .example('$0 synth', 'Synthesize the project in the current directory')
      .example('$0 synth --dir my-app --out /tmp/tf', 'Synthesize my-app into /tmp/tf')
      .example('$0 synth --hcl', 'HCL files in cdktf.out/stacks/<stack>/ (see also "export" for a hand-off folder)') as Argv<SynthArgs>,
  handler: (args: ArgumentsCamelCase<SynthArgs>) => {
    const { synthesizeProject } = require('../synth') as typeof import('../synth');
    const path = require('node:path') as typeof import('node:path');
    const result = synthesizeProject({ dir: args.dir, out: args.out, hcl: args.hcl });
    const written = path.relative(process.cwd(), result.file) || result.file;
    // Never report success for Terraform whose promised network paths are broken.
    const { checkJson, checkStackDir, CheckFailedError, formatReport } = require('../check') as typeof import('../check');
    // check reads JSON: with --hcl, the JSON the HCL was rendered from.
    // An existing VPC is followed through the project's snapshot of it, when there is one.
    const { snapshotFor } = require('../snapshot/format') as typeof import('../snapshot/format');
    const options = { snapshot: snapshotFor(args.dir) };
    const report = result.hclFiles ? checkJson([result.json!], result.stackName, result.stackDir, options) : checkStackDir(result.stackDir, options);
    if (report.summary.failed > 0) {
      console.log(formatReport([report]));
      throw new CheckFailedError(`synth: wrote ${written}, but ${report.summary.failed} network check(s) failed (report above)`);
    }
    console.log(`Synthesized stack "${result.stackName}" → ${written}${result.hclFiles ? `: ${result.hclFiles.join(', ')}` : ''}`);
    const full = result.hclFiles ? '"vpc-lambda-gen export" puts the report in its README' : `vpc-lambda-gen check ${path.relative(process.cwd(), result.stackDir) || '.'} for the report`;
    console.log(`Checked: ${report.summary.passed} passed, ${report.summary.warnings} warning(s) (${full})`);
  },
};
