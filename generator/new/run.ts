/** The `new` command's steps, apart from yargs so tests can call them with injected answers. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPattern } from '../catalog';
import { validateConfig, type ValidatedConfig } from '../config/validate';
import { formatCostText, formatUsageText, money } from '../cost';
import { backendFromFlags, type BackendArgs } from '../commands/backend-flags';
import type { NewArgs } from '../commands/new';
import { isStockApp } from '../project-app';
import { synthesizeProject } from '../synth';
import { answersToRawConfig } from './answers';
import { installDependencies, prepareProject, type PreparedProject } from './project';
import { inquirerPrompter, WizardCancelled, type Prompter } from './prompter';
import { collectAnswers, formatSubnetPlan } from './wizard';

export interface RunNewOptions {
  log?: (line: string) => void;
  /** Ask questions; by default only when stdin and stdout are terminals and --yes is absent. */
  interactive?: boolean;
  /** How to ask; by default @inquirer/prompts on the terminal. */
  prompter?: Prompter;
}

export async function runNew(args: NewArgs, options: RunNewOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const interactive = options.interactive ?? (!args.yes && !!process.stdin.isTTY && !!process.stdout.isTTY);
  const prompter = interactive ? (options.prompter ?? inquirerPrompter()) : undefined;

  // 1–10. Answers: flag → prompt (terminal only) → default.
  const { answers, install, local, configFromProject } = await collectAnswers(args, { interactive, yes: args.yes, prompter, log });

  // 11. One validated config, before anything is written.
  const raw = answersToRawConfig(answers);
  // Backend flags are not questions: they override the --config file's backend, if any.
  const backend = backendFromFlags(args as BackendArgs, raw.backend);
  const validated = validateConfig(backend ? { ...raw, backend } : raw, 'answers');

  // 12. The project, rendered and synthesized aside; the summary shows what it creates and costs.
  const prepared = await prepareProject({ dir: answers.dir, validated, force: args.force, local, configFromProject });
  const rel = path.relative(process.cwd(), prepared.dir) || '.';
  try {
    printSummary(log, rel, validated, prepared, install);
    if (prompter && !(await prompter.confirm({ name: 'create', message: `Create ${rel}?`, default: true }))) {
      throw new WizardCancelled('Not created: nothing was written.', 1);
    }
    const created = prepared.commit();
    log(`${prepared.replacing ? 'Updated' : 'Created'} ${rel}; Terraform in ${created.synth.generated.map((s) => path.relative(process.cwd(), s.file)).join(', ')}`);
    for (const line of created.changes) log(`  ${line}`);
  } finally {
    prepared.discard();
  }

  // 13. Dependencies, then the exact next commands.
  if (install) {
    log(`\nInstalling dependencies in ${rel} (npm install)…`);
    installDependencies(prepared.dir);
  }
  resynthesizeOwnApp(prepared.dir, rel, log);
  log('');
  log('Next:');
  log(`  cd ${rel}`);
  if (!install) log('  npm install');
  const deploys = prepared.environments?.map((e) => `npx cdktf deploy ${e.stack}`) ?? ['npx cdktf deploy'];
  // The comment once, after the first command, aligned as ever.
  deploys.forEach((deploy, i) => log(`  ${i === 0 ? `${deploy.padEnd(23)} # needs Terraform >= 1.5 and AWS credentials` : deploy}`));
}

/**
 * cdktf.out was synthesized with the stock main.ts; a main.ts of the user's own (kept by --force) is
 * the project's app, so its output replaces that one when its packages are there to run it.
 */
function resynthesizeOwnApp(dir: string, rel: string, log: (line: string) => void): void {
  if (isStockApp(dir)) return;
  if (!fs.existsSync(path.join(dir, 'node_modules'))) {
    log(`\nNote: ${rel}/main.ts is yours (changed since generated), and ${rel}/cdktf.out was built without it: run "npm install && npm run synth" there.`);
    return;
  }
  log(`\n${rel}/main.ts is yours: synthesizing through it (npm run synth)…`);
  const result = synthesizeProject({ dir });
  for (const stack of result.generated) log(`Synthesized stack "${stack.name}" through main.ts; checked: ${stack.report?.summary.passed ?? 0} passed, ${stack.report?.summary.warnings ?? 0} warning(s)`);
}

/** The network lines of the summary: the VPC to create and its subnet plan, or the existing one and what is added to it. */
function networkSummary(config: ValidatedConfig['config'], subnets: ValidatedConfig['subnets'], existingSubnets: ValidatedConfig['existingSubnets']): string[] {
  const pad = '             ';
  const existing = config.network.existing;
  if (!existing) {
    return [`  network    VPC ${config.network.cidr} in ${config.region}, ${config.availabilityZones.length} AZs`, ...formatSubnetPlan(subnets).map((l) => `${pad}${l}`)];
  }
  const known = (s: { az?: string; cidr?: string }) => [s.az, s.cidr].filter(Boolean).join(', ') || 'AZ and CIDR read at plan';
  return [
    `  network    existing VPC ${existing.vpcId}${existing.vpcCidr ? ` (${existing.vpcCidr})` : ''} in ${config.region}: no VPC, subnet or internet gateway is created`,
    ...(existingSubnets ?? []).map((s) => `${pad}Lambda subnet ${s.id} (${known(s)})`),
    ...(existing.routeTableIds?.length ? [`${pad}routes and gateway endpoints go on ${existing.routeTableIds.join(', ')}`] : []),
    `${pad}${existing.publicSubnetId ? `the NAT goes in ${existing.publicSubnetId}` : 'internet egress, if any, is the VPC\'s own (check it: vpc-lambda-gen snapshot, then check)'}`,
  ];
}

function formatValue(v: unknown): string {
  return Array.isArray(v) ? v.join(',') || '(none)' : String(v);
}

/** "caller=front, stageName=v1": an entry's options but its id. */
function formatOptions(options: Record<string, unknown>): string {
  return Object.entries(options)
    .filter(([k]) => k !== 'id')
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(', ');
}

function printSummary(log: (line: string) => void, rel: string, validated: ValidatedConfig, prepared: PreparedProject, install: boolean): void {
  // With environments, the first one stands for the others in the lines below; each is listed with its VPC and cost.
  const { config, subnets, existingSubnets } = validated.environments?.[0].validated ?? validated;
  const spec = findPattern(config.pattern.id)!;
  const options = Object.entries(config.pattern).filter(([k]) => k !== 'id');
  log('');
  log(`Summary of ${rel}${prepared.replacing ? ' (replacing the files vpc-lambda-gen generated there)' : ''}:`);
  const stacks = prepared.environments ? `${prepared.environments.map((e) => e.stack).join(', ')} (one per environment)` : config.name;
  log(`  stack      ${stacks}, pattern ${spec.id} (${spec.title})`);
  for (const entry of config.with) log(`  with       ${entry.id} (${findPattern(entry.id)!.title})${formatOptions(entry) ? `: ${formatOptions(entry)}` : ''}`);
  log(`  egress     ${Object.entries(config.egress).map(([k, v]) => (k === 'type' ? String(v) : `${k}=${formatValue(v)}`)).join(', ')}`);
  for (const line of networkSummary(config, subnets, existingSubnets)) log(line);
  if (options.length > 0) log(`  options    ${formatOptions(config.pattern)}`);
  for (const fn of config.functions) {
    if (fn.adopt && !fn.source) log(`  function   ${fn.adopt.functionName} (adopted): imported and moved into the VPC; its code and settings stay as they are`);
    else log(`  function   ${fn.adopt?.functionName ?? `${config.name}-${fn.name}`}${fn.adopt ? ' (adopted)' : ''}: ${fn.runtime}, ${fn.memoryMb} MB, ${fn.timeoutSeconds} s, code in ${fn.source}/`);
  }
  log(`  SSM host   ${config.ssmHost ? `yes${config.ssmHostDiagnostics ? ', with diagnostics egress (ICMP and the ports in use)' : ''}` : 'no'}`);
  log(`  package    vpc-lambda-gen ${prepared.selfDependency.startsWith('file:') ? `from a tarball of this checkout (${prepared.selfDependency.slice(5)})` : prepared.selfDependency}`);
  log(`  install    ${install ? 'npm install after creating' : 'no (run npm install yourself)'}`);
  // --force: what will not simply be written (changed files kept, their new version beside them).
  for (const line of prepared.changes) log(`  files      ${line}`);
  for (const [i, e] of (prepared.environments ?? []).entries()) {
    log(`  ${i === 0 ? 'env       ' : '          '} ${e.env}: stack ${e.stack}, ${e.region}, VPC ${e.vpc}, ${e.egress}, ${e.monthly} per month; state ${e.state}`);
  }
  const { cost } = prepared;
  log('');
  if (prepared.environments) {
    const total = prepared.environments.reduce((sum, e) => sum + e.cost.totalMonthly, 0);
    log(`Estimated fixed cost of the ${prepared.environments.length} environments: ${money(total)} per month (${prepared.environments.map((e) => `${e.env} ${e.monthly}`).join(', ')}); ${prepared.environments[0].env} in detail:`);
  }
  log(`Estimated fixed cost: ${money(cost.totalMonthly)} per month (${cost.priceRegion} list prices in ${cost.currency}, ${cost.hoursPerMonth} h, as of ${cost.date}):`);
  for (const line of formatCostText(cost).split('\n')) log(`  ${line}`);
  const usage = formatUsageText(cost);
  if (usage.length > 0) log('  Charged per use, on top:');
  for (const line of usage) log(`    ${line}`);
  for (const note of cost.notes) log(`  ${note}`);
  log('');
}
