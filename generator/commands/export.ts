/**
 * `export OUTDIR`: a self-contained Terraform root module (HCL split by role, function archives and
 * sources, config, .gitignore, README) for a platform team that plans and applies with its own pipeline.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { withBackendFlags, type BackendArgs } from './backend-flags';

interface ExportArgs extends BackendArgs {
  outdir: string;
  dir: string;
  fmt: boolean;
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <outdir>',
  describe: 'Write OUTDIR: readable Terraform (HCL) with variables, the function archives and a README, for a platform team (with environments: modules/ and a root module per environment in envs/)',
  builder: (yargs: Argv) =>
    withBackendFlags(
      yargs
        .positional('outdir', { type: 'string', demandOption: true, describe: 'Folder to write: absent, empty, or an earlier export (only its unchanged generated files are replaced; state, .terraform and your edits stay)' })
        .option('dir', { type: 'string', default: '.', describe: 'Project directory holding vpc-lambda-gen.json' })
        .option('fmt', { type: 'boolean', default: true, describe: 'Run terraform fmt over the files when terraform is installed (they are written fmt-clean anyway)' }),
      'this export only; the config is not changed',
    )
      .example('$0 export ../infra/lambda-vpc', 'Hand the project in the current directory to a platform team')
      .example('$0 export out --dir my-app --backend-bucket team-tfstate --backend-key lambda/terraform.tfstate', 'State in S3 with native locking') as unknown as Argv<ExportArgs>,
  handler: (args: ArgumentsCamelCase<ExportArgs>) => {
    const path = require('node:path') as typeof import('node:path');
    const { exportProject } = require('../export') as typeof import('../export');
    const result = exportProject({ dir: args.dir, outDir: args.outdir, backendFlags: args, fmt: args.fmt });
    const where = path.relative(process.cwd(), result.outDir) || '.';
    const archives = result.files.filter((f) => /(^|\/)assets\/[^/]+\.zip$/.test(f)).length;
    if (result.environments) {
      const modules = [...new Set(result.files.filter((f) => f.startsWith('modules/')).map((f) => f.split('/').slice(0, 2).join('/')))];
      console.log(`Exported ${result.environments.length} environments of "${result.stackName}" → ${where}/: ${modules.map((m) => `${m}/`).join(', ')}, ${result.environments.map((e) => `envs/${e}/`).join(', ')}, README.md, ${archives} archive(s) and their source`);
    } else {
      const tf = result.files.filter((f) => f.endsWith('.tf'));
      console.log(`Exported stack "${result.stackName}" → ${where}/: ${tf.join(', ')}, README.md, ${archives} archive(s) and their source in assets/`);
    }
    for (const line of result.changes) console.log(`  ${line}`);
    const passed = result.checks.reduce((n, c) => n + c.summary.passed, 0);
    const warnings = result.checks.reduce((n, c) => n + c.summary.warnings, 0);
    console.log(`Checked: ${passed} passed, ${warnings} warning(s) (the report is in README.md)`);
    const roots = result.environments?.map((e) => `${where}/envs/${e}`) ?? [where];
    console.log(`Next: ${roots.map((dir) => `cd ${dir} && terraform init && terraform plan`).join('; or ')}`);
  },
};
