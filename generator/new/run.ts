/** The `new` command's steps, apart from yargs so tests can call them. */
import * as path from 'node:path';
import { DEFAULT_PATTERN, findPattern } from '../catalog';
import { ConfigError } from '../config/errors';
import { validateConfig } from '../config/validate';
import type { NewArgs } from '../commands/new';
import { answersToRawConfig, checkPatternFlags, type NewAnswers } from './answers';
import { createProject, installDependencies } from './project';

export async function runNew(args: NewArgs, log: (line: string) => void = console.log): Promise<void> {
  const interactive = !args.yes && process.stdin.isTTY && process.stdout.isTTY;
  if (interactive) {
    throw new ConfigError([{ field: '--yes', message: 'the interactive wizard is not available yet; pass --yes with flags for the answers' }], 'new');
  }
  if (!args.dir) throw new ConfigError([{ field: 'DIR', message: 'required without a terminal; add the project directory, e.g. "new my-app --yes"' }], 'new');

  // 1. Answers: each flag if given, else the default.
  const patternId = args.pattern ?? DEFAULT_PATTERN;
  const spec = findPattern(patternId)!;
  const patternFlags = collectPatternFlags(args);
  checkPatternFlags(spec, patternFlags, true);
  const answers: NewAnswers = {
    dir: args.dir,
    name: args.name,
    pattern: patternId,
    region: args.region,
    azs: args.azs,
    cidr: args.cidr,
    runtime: args.runtime,
    memory: args.memory,
    timeout: args.timeout,
    ssmHost: args.ssmHost,
    patternFlags,
  };

  // 2. One validated config, before anything is written.
  const validated = validateConfig(answersToRawConfig(answers), 'answers');

  // 3. The project, synthesized once.
  const created = createProject({ dir: args.dir, validated, force: args.force, local: args.local });
  const rel = path.relative(process.cwd(), created.dir) || '.';
  const { config, subnets } = validated;
  log(`Created ${rel}: pattern ${config.pattern.id}, ${config.availabilityZones.length} AZs in ${config.region}, VPC ${config.network.cidr}`);
  for (const s of subnets) log(`  ${s.az}: private ${s.privateCidr}${s.publicCidr ? `, public ${s.publicCidr}` : ''}`);
  log(`Terraform: ${path.relative(process.cwd(), created.synth.file)}`);

  // 4. Dependencies, or the exact next commands.
  if (args.install) installDependencies(created.dir);
  log('');
  log('Next:');
  log(`  cd ${rel}`);
  if (!args.install) log('  npm install');
  log('  npx cdktf deploy        # needs Terraform >= 1.5 and AWS credentials');
}

/** Pattern flags as given on the command line (yargs also sets camelCase twins: keep the kebab names). */
function collectPatternFlags(args: NewArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of [findPattern(args.pattern ?? DEFAULT_PATTERN)!, ...require('../catalog').PATTERNS]) {
    for (const flag of Object.keys(spec.flags)) if (args[flag] !== undefined) out[flag] = args[flag];
  }
  return out;
}
