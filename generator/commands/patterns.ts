import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { PATTERNS } from '../catalog';
import { NOT_CAPABILITIES } from '../catalog/compose';
import { hasInternet } from '../catalog/egress';

interface PatternsArgs {
  json: boolean;
}

export const patternsCommand: CommandModule<object, PatternsArgs> = {
  command: 'patterns',
  describe: 'List the connectivity patterns with a one-line "use this when" each',
  builder: (yargs: Argv) =>
    yargs.option('json', { type: 'boolean', default: false, describe: 'Print machine-readable JSON' }) as Argv<PatternsArgs>,
  handler: (args: ArgumentsCamelCase<PatternsArgs>) => {
    if (args.json) {
      const rows = PATTERNS.map((p) => ({
        id: p.id,
        title: p.title,
        useWhen: p.useWhen,
        internetEgress: hasInternet(p.egress.default({})),
        egress: { default: p.egress.default({}), allowed: p.egress.allowed },
        capability: !(p.id in NOT_CAPABILITIES),
        flags: Object.keys(p.flags).map((f) => `--${f}`),
      }));
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    const width = Math.max(...PATTERNS.map((p) => p.id.length));
    for (const p of PATTERNS) console.log(`${p.id.padEnd(width)}  ${p.title}: use when ${p.useWhen}`);
  },
};
