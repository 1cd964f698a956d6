/**
 * The questions of `new`, in order. Each step resolves its answer: the flag if given (in a terminal a
 * bad flag value is shown and asked again) → a prompt (terminal only) → the default (--yes, or the
 * value of a --config file). Without a terminal and without --yes an unanswered question is an error
 * naming its flag. Answers are checked by validateConfig itself, keeping the issues of the field asked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PATTERN, findPattern, PATTERNS, wiredRoles, type PatternFlag, type PatternSpec } from '../catalog';
import { capabilityIds, stackParts } from '../catalog/compose';
import { EGRESS_FLAGS, EGRESS_TITLES, EGRESS_TYPES, hasInternet, resolveEgress, type EgressConfig, type EgressFlag, type EgressType, type RawEgress } from '../catalog/egress';
import { ConfigError, type ConfigIssue } from '../config/errors';
import { loadConfig } from '../config/io';
import { defaultAzs } from '../config/regions';
import { routeTableNeeds } from '../config/existing';
import { CONFIG_FILE, ConfigSchema, RUNTIMES } from '../config/schema';
import { readJsonFile } from '../safety/read';
import { planSubnets, validateConfig, type SubnetPlanEntry } from '../config/validate';
import type { NewArgs } from '../commands/new';
import {
  answersToRawConfig,
  capabilitiesOf,
  checkPatternFlags,
  type ExistingNetworkAnswers,
  baseEgressOf,
  coerceFlag,
  defaultsOf,
  optionsShape,
  parseList,
  patternOptionDefault,
  specsOf,
  type NewAnswers,
} from './answers';
import { environmentNameIssues, environmentsError } from './environments';
import { isSourceCheckout } from './package-root';
import { checkTarget } from './project';
import type { Prompter } from './prompter';

export interface WizardOptions {
  /** Ask in the terminal; false: never prompt. */
  interactive: boolean;
  /** Take the default for every question no flag answers. */
  yes: boolean;
  prompter?: Prompter;
  log: (line: string) => void;
}

export interface WizardResult {
  answers: NewAnswers;
  /** Run npm install in the new project. */
  install: boolean;
  /** Depend on a tarball of this checkout instead of the published package. */
  local: boolean;
  /** The answers started from DIR's own vpc-lambda-gen.json (new --force in an existing project). */
  configFromProject: boolean;
}

/** The directory the wizard offers when none is given. */
export const DEFAULT_DIR = 'my-app';

export function collectAnswers(args: NewArgs, options: WizardOptions): Promise<WizardResult> {
  return new Wizard(args, options).run();
}

interface Step<T> {
  /** Flag name without dashes ("cidr"), or "DIR" for the positional. */
  flag: string;
  given: T | undefined;
  fallback: T | undefined;
  /** The fallback comes from --config: it answers the question even without --yes. */
  fromBase?: boolean;
  /** A value is needed and there is no default. */
  required?: string;
  validate?: (value: T) => true | string;
  ask: (fallback: T | undefined) => Promise<T>;
}

class Wizard {
  private readonly missing: ConfigIssue[] = [];
  private answers!: NewAnswers;
  /** "ssm-host" was one of --with: the SSM host is wanted. */
  private ssmHostFromWith = false;

  constructor(
    private readonly args: NewArgs,
    private readonly options: WizardOptions,
  ) {}

  private get prompter(): Prompter {
    if (!this.options.prompter) throw new Error('VLG_NO_PROMPTER: an interactive run needs a prompter');
    return this.options.prompter;
  }

  async run(): Promise<WizardResult> {
    const { args, options } = this;
    if (options.interactive) options.log('vpc-lambda-gen: Lambda functions in a VPC. Enter takes the default shown; Ctrl-C stops and writes nothing.\n');

    // 1. Project directory.
    const dir = await this.askDir();
    // --force in an existing project starts from its own config, so what the questions do not cover
    // (tags, backend, environment, timeouts, extra functions) survives.
    const own = args.force && !args.config ? ownConfigFile(dir) : undefined;
    const base = args.config ? readBase(args.config) : own ? readBase(own) : undefined;
    this.answers = { dir, pattern: (base?.pattern?.id as string | undefined) ?? DEFAULT_PATTERN, patternFlags: {}, base };
    const defaults = () => defaultsOf(this.answers);

    // 2. Stack name.
    const checkName = (v: string) => this.check({ name: v }, ['name']);
    this.answers.name = await this.resolve({
      flag: 'name',
      given: args.name,
      fallback: defaults().name,
      fromBase: base?.name !== undefined,
      validate: checkName,
      ask: (d) => this.prompter.input({ name: 'name', message: 'Stack name (prefix of every resource name)', default: d, validate: checkName }),
    });

    // 3. Pattern.
    const patternId = (await this.resolve({
      flag: 'pattern',
      given: args.pattern,
      fallback: this.answers.pattern,
      fromBase: base?.pattern?.id !== undefined,
      ask: (d) =>
        this.prompter.select({
          name: 'pattern',
          message: 'Connectivity pattern',
          default: d,
          choices: patternChoices(process.stdout.columns || 100),
        }),
    })) ?? this.answers.pattern;
    this.answers.pattern = patternId;
    const spec = findPattern(patternId);
    const flagsGiven = collectPatternFlags(args);

    // 3b. Capabilities added to the pattern, each with its own parts and questions (asked in 7 and 8).
    if (spec) await this.askCapabilities(spec);
    const specs = specsOf(this.answers);
    if (spec) checkPatternFlags(specs, flagsGiven);

    // 3c. Egress: one choice for the whole stack, among what every entry accepts (its options: in 7).
    if (spec) await this.askEgress();

    // 4. Region.
    const checkRegion = (v: string) => this.check({ region: v }, ['region']);
    this.answers.region = await this.resolve({
      flag: 'region',
      given: args.region,
      fallback: defaults().region,
      fromBase: base?.region !== undefined,
      validate: checkRegion,
      ask: (d) => this.prompter.input({ name: 'region', message: 'AWS region', default: d, validate: checkRegion }),
    });

    // 5. The VPC: a new one, or one that exists (then 6 asks its ids instead of AZs and CIDR).
    if ((await this.askVpcKind()) === 'existing') {
      await this.askExisting(spec);
    } else {
      // 6. Availability zones.
      const checkAzs = (v: string) => this.check({ azs: v }, ['availabilityZones']);
      this.answers.azs = await this.resolve({
        flag: 'azs',
        given: args.azs === undefined ? undefined : String(args.azs),
        fallback: defaults().azs,
        fromBase: base?.availabilityZones !== undefined,
        validate: checkAzs,
        ask: (d) => this.prompter.input({ name: 'azs', message: 'Availability zones: how many (Lambda needs 2 or more), or their names', default: d, validate: checkAzs }),
      });

      // Then the VPC CIDR, with the subnet plan it implies.
      await this.askCidr(base?.network?.cidr !== undefined);
    }

    // 7. The egress's options for its kind, then the pattern's and each capability's own questions,
    // from their catalog flags, each flag once (which function plays which part: in 8).
    if (spec) {
      const given = this.egressGiven();
      for (const [flag, def] of Object.entries(EGRESS_FLAGS)) if (flag !== 'egress') await this.askEgressFlag(spec, flag, def, given[flag]);
    }
    const askedFlags = new Set<string>();
    for (const s of specs) {
      for (const [flag, def] of Object.entries(s.flags)) {
        if (def.choosesFunction || askedFlags.has(flag)) continue;
        askedFlags.add(flag);
        await this.askPatternFlag(s, flag, def, flagsGiven[flag]);
      }
    }

    // 7b. Environments: one stack each (dev, prod...), or the one stack.
    await this.askEnvironments();

    // 8. Functions: names, runtime, memory (--timeout is a flag only).
    const checkNames = (v: string) => this.check({ functions: parseList(v) }, ['functions', 'pattern']);
    const names = await this.resolve({
      flag: 'functions',
      given: args.functions === undefined ? undefined : parseList(String(args.functions)).join(','),
      fallback: defaults().functions.join(','),
      fromBase: base?.functions !== undefined,
      validate: checkNames,
      ask: (d) => this.prompter.input({ name: 'functions', message: 'Function names, comma-separated (each gets its own sample handler)', default: d, validate: checkNames }),
    });
    this.answers.functions = names === undefined ? undefined : parseList(names);
    this.answers.adopt = args.adoptFunction;
    for (const s of specs) await this.askFunctionParts(s, flagsGiven);
    this.answers.runtime = await this.resolve({
      flag: 'runtime',
      given: args.runtime,
      fallback: defaults().runtime,
      fromBase: base?.functions !== undefined,
      ask: (d) =>
        this.prompter.select({
          name: 'runtime',
          message: 'Runtime',
          default: d,
          choices: RUNTIMES.map((r) => ({ value: r, name: r, description: `sample handlers in ${r.startsWith('python') ? 'Python (standard library and boto3)' : 'JavaScript'}` })),
        }),
    });
    const checkMemory = (v: number) => this.check({ memory: v }, ['functions[].memoryMb']);
    this.answers.memory = await this.resolve({
      flag: 'memory',
      given: args.memory,
      fallback: defaults().memory,
      fromBase: base?.functions !== undefined,
      validate: checkMemory,
      ask: async (d) => (await this.prompter.number({ name: 'memory', message: 'Memory per function, MB (128–10240)', default: d, validate: checkMemory })) ?? d!,
    });
    this.answers.timeout = args.timeout;

    // 9. SSM debug host (--with ssm-host, or --ssm-host-diagnostics, ask for one too), and its diagnostics egress.
    const hostWanted = this.ssmHostFromWith || args.ssmHostDiagnostics === true ? true : undefined;
    this.answers.ssmHost = await this.resolve({
      flag: 'ssm-host',
      given: args.ssmHost ?? hostWanted,
      fallback: defaults().ssmHost,
      fromBase: base?.ssmHost !== undefined,
      ask: (d) => this.prompter.confirm({ name: 'ssm-host', message: 'Add an SSM Session Manager host in the Lambda subnets, to debug connectivity?', default: d }),
    });
    if (this.answers.ssmHost ?? defaults().ssmHost) {
      this.answers.ssmHostDiagnostics = await this.resolve({
        flag: 'ssm-host-diagnostics',
        given: args.ssmHostDiagnostics,
        fallback: defaults().ssmHostDiagnostics,
        fromBase: true,
        ask: (d) =>
          this.prompter.confirm({
            name: 'ssm-host-diagnostics',
            message: 'Let the SSM host ping, traceroute and curl everything the functions reach (ICMP and their ports)?',
            default: d,
          }),
      });
    } else if (args.ssmHostDiagnostics !== undefined) {
      this.answers.ssmHostDiagnostics = args.ssmHostDiagnostics;
    }

    if (this.missing.length > 0) throw new ConfigError(this.missing, 'answers');

    // 10. Dependencies. Never a missing flag: without a terminal the default is not to install.
    const install =
      args.install ?? (options.interactive ? await this.prompter.confirm({ name: 'install', message: 'Install dependencies now (npm install)?', default: true }) : false);
    return { answers: this.answers, install, local: args.local ?? isSourceCheckout(), configFromProject: own !== undefined };
  }

  /** flag → prompt → default; records an unanswered question when it may not ask. Undefined means "the default". */
  private async resolve<T>(step: Step<T>): Promise<T | undefined> {
    const { interactive, yes, log } = this.options;
    let value: T | undefined;
    if (step.given !== undefined) {
      const verdict = interactive && step.validate ? step.validate(step.given) : true;
      if (verdict === true) value = step.given;
      else {
        log(`  --${step.flag} ${JSON.stringify(step.given)}: ${verdict}`);
        value = await step.ask(step.fallback);
      }
    } else if (interactive) {
      value = await step.ask(step.fallback);
    } else if (step.fallback === undefined) {
      if (step.required) this.missing.push({ field: `--${step.flag}`, message: step.required });
      return undefined;
    } else if (!yes && !step.fromBase) {
      const pass = typeof step.fallback === 'boolean' ? `--${step.flag} or --no-${step.flag}` : `--${step.flag} <value>`;
      this.missing.push({
        field: `--${step.flag}`,
        message: `not given, and there is no terminal to ask; pass ${pass}, or add --yes to take the default (${display(step.fallback)})`,
      });
    }
    return value === undefined || same(value, step.fallback) ? undefined : value;
  }

  private async askDir(): Promise<string> {
    const { args, options } = this;
    const checkDir = (d: string): true | string => {
      if (!d) return 'enter a directory';
      try {
        checkTarget(path.resolve(d), args.force);
        return true;
      } catch (err) {
        if (err instanceof ConfigError) return err.issues.map((i) => i.message).join('; ');
        throw err;
      }
    };
    const ask = () => this.prompter.input({ name: 'dir', message: 'Project directory', default: DEFAULT_DIR, validate: checkDir });
    if (!options.interactive) {
      if (args.dir) return args.dir;
      throw new ConfigError([{ field: 'DIR', message: 'required without a terminal; add the project directory, e.g. "new my-app --yes"' }], 'new');
    }
    if (args.dir === undefined) return ask();
    const verdict = checkDir(args.dir);
    if (verdict === true) return args.dir;
    options.log(`  DIR ${JSON.stringify(args.dir)}: ${verdict}`);
    return ask();
  }

  /** A new VPC or an existing one: --vpc-id or --cidr decides; else asked in a terminal; else the --config file's kind, else new. */
  private async askVpcKind(): Promise<'new' | 'existing'> {
    const { args, options } = this;
    if (args.vpcId !== undefined) return 'existing';
    if (args.cidr !== undefined) return 'new';
    const fallback = this.answers.base?.network?.existing ? 'existing' : 'new';
    if (!options.interactive) return fallback;
    return this.prompter.select<'new' | 'existing'>({
      name: 'vpc',
      message: 'VPC',
      default: fallback,
      choices: [
        { value: 'new', name: 'a new VPC', description: 'subnets, route tables and egress are created here' },
        { value: 'existing', name: 'an existing VPC', description: 'someone else owns it: give its id and the subnets for the functions (docs/existing-vpc.md)' },
      ],
    });
  }

  /** The existing VPC's ids: flag → prompt → the --config file's; route tables and a public subnet only where the pattern needs them. */
  private async askExisting(spec: PatternSpec | undefined): Promise<void> {
    const { args } = this;
    const base = this.answers.base?.network?.existing;
    const current: ExistingNetworkAnswers = { vpcId: base?.vpcId ?? '', subnetIds: base?.subnetIds ?? [] };
    this.answers.existing = current;
    const check = (change: Partial<ExistingNetworkAnswers>, field: string) => this.check({ existing: { ...current, ...change } }, [`network.existing.${field}`]);
    const list = (v: string | undefined) => (v === undefined ? undefined : parseList(v).join(','));

    const checkVpc = (v: string) => check({ vpcId: v }, 'vpcId');
    current.vpcId =
      (await this.resolve({
        flag: 'vpc-id',
        given: args.vpcId,
        fallback: base?.vpcId,
        fromBase: base !== undefined,
        required: 'the id of the existing VPC, for example "vpc-0123456789abcdef0"',
        validate: checkVpc,
        ask: (d) => this.prompter.input({ name: 'vpc-id', message: 'VPC id', default: d, validate: checkVpc }),
      })) ?? current.vpcId;

    const checkSubnets = (v: string) => check({ subnetIds: parseList(v) }, 'subnetIds');
    const subnets = await this.resolve({
      flag: 'subnet-ids',
      given: list(args.subnetIds),
      fallback: base?.subnetIds.join(','),
      fromBase: base !== undefined,
      required: 'with --vpc-id: the private subnets for the functions, comma-separated, two or more in distinct AZs',
      validate: checkSubnets,
      ask: (d) => this.prompter.input({ name: 'subnet-ids', message: 'Private subnets for the functions (comma-separated, 2 or more, distinct AZs)', default: d, validate: checkSubnets }),
    });
    if (subnets !== undefined) current.subnetIds = parseList(subnets);

    // The AZs are the subnets' own: names may be given as hints (checked against the subnets), a count not.
    if (args.azs !== undefined && /^\d+$/.test(String(args.azs).trim())) {
      this.missing.push({ field: '--azs', message: "with --vpc-id the AZs are the subnets' own: leave it out, or list their names in --subnet-ids order" });
    } else if (args.azs !== undefined) this.answers.azs = String(args.azs);

    const egress = this.egressSoFar();
    const internet = hasInternet(egress.type);
    const checkPublic = (v: string | undefined) => (!v ? true : check({ publicSubnetId: v }, 'publicSubnetId'));
    const publicSubnet = await this.resolve<string | undefined>({
      flag: 'public-subnet-id',
      given: args.publicSubnetId,
      fallback: base?.publicSubnetId,
      fromBase: true,
      validate: checkPublic,
      ask: async (d) =>
        internet
          ? (await this.prompter.input({ name: 'public-subnet-id', message: "Public subnet for a NAT (optional, Enter uses the VPC's own egress)", default: d, validate: checkPublic })) || undefined
          : d,
    });
    current.publicSubnetId = publicSubnet ?? base?.publicSubnetId;

    const raw = answersToRawConfig(this.answers);
    const needs = spec ? routeTableNeeds(stackParts({ pattern: raw.pattern, with: raw.with ?? [] }), { network: { existing: current }, egress }) : [];
    const checkTables = (v: string | undefined) => (!v && needs.length === 0 ? true : check({ routeTableIds: parseList(v ?? '') }, 'routeTableIds'));
    const tables = await this.resolve<string | undefined>({
      flag: 'route-table-ids',
      given: list(args.routeTableIds),
      fallback: base?.routeTableIds?.join(','),
      fromBase: true,
      validate: checkTables,
      ask: async (d) =>
        needs.length > 0
          ? this.prompter.input({ name: 'route-table-ids', message: `Route tables of those subnets, for ${needs.join(' and ')} (comma-separated)`, default: d, validate: checkTables })
          : d,
    });
    const routeTableIds = tables === undefined ? base?.routeTableIds : parseList(tables);
    current.routeTableIds = routeTableIds?.length ? routeTableIds : undefined;
  }

  private async askCidr(fromBase: boolean): Promise<void> {
    const checkCidr = (v: string) => this.check({ cidr: v }, ['network'], 'network.cidr');
    const step: Step<string> = {
      flag: 'cidr',
      given: this.args.cidr,
      fallback: defaultsOf(this.answers).cidr,
      fromBase,
      validate: checkCidr,
      ask: (d) => this.prompter.input({ name: 'cidr', message: 'VPC CIDR (/16 to /28)', default: d, validate: checkCidr }),
    };
    this.answers.cidr = await this.resolve(step);
    if (!this.options.interactive) return;
    for (;;) {
      const plan = this.subnetPlan();
      if (!plan) return;
      const cidr = this.answers.cidr ?? step.fallback!;
      this.options.log(`  Subnet plan for ${cidr} in ${this.answers.region ?? defaultsOf(this.answers).region}:`);
      for (const line of formatSubnetPlan(plan)) this.options.log(`    ${line}`);
      if (await this.prompter.confirm({ name: 'subnets', message: 'Use this subnet plan?', default: true })) return;
      const again = await step.ask(cidr);
      this.answers.cidr = same(again, step.fallback) ? undefined : again;
    }
  }

  /**
   * Environment names, comma-separated; empty for one stack. A question new with environments: without
   * a terminal it takes its default (the --config file's, else none), as scripts written before it expect.
   * A bad --environments is an error naming the flag, even where a terminal would ask again.
   */
  private async askEnvironments(): Promise<void> {
    const given = this.args.environments === undefined ? undefined : String(this.args.environments);
    const checkEnvironments = (v: string) => {
      const messages = this.environmentIssues(parseList(v));
      return messages.length === 0 ? true : messages.join('; ');
    };
    const answer = await this.resolve({
      flag: 'environments',
      given,
      fallback: Object.keys(this.answers.base?.environments ?? {}).join(','),
      fromBase: true,
      validate: checkEnvironments,
      ask: (d) => this.prompter.input({ name: 'environments', message: 'Environments (comma-separated, empty for one stack)', default: d, validate: checkEnvironments }),
    });
    this.answers.environments = answer === undefined ? undefined : parseList(answer);
    if (!this.options.interactive && given !== undefined) {
      const messages = this.environmentIssues(parseList(given));
      if (messages.length > 0) this.missing.push(...environmentsError(given, messages).issues);
    }
  }

  /** What is wrong with these environment names, by the config's own validation (and each listed once). */
  private environmentIssues(names: string[]): string[] {
    let issues: ConfigIssue[] = [];
    try {
      validateConfig(answersToRawConfig({ ...this.answers, environments: names }), 'answers');
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      issues = err.issues;
    }
    return environmentNameIssues(names, issues);
  }

  /** `offer`: choices and a default computed by the caller (the function names, the current one). */
  private async askPatternFlag(spec: PatternSpec, flag: string, def: PatternFlag, given: unknown, offer?: { choices: string[]; fallback?: string }): Promise<void> {
    if (def.when && !def.when(this.patternOptions(spec))) return;
    const baseOptions = this.baseEntry(spec);
    const fromBase = baseOptions?.[def.field] !== undefined;
    // A required flag has no default even when the schema has one (an empty list, say): someone must choose.
    const fallback = offer ? offer.fallback : fromBase ? baseOptions![def.field] : def.required ? undefined : patternOptionDefault(spec, def.field);
    const validate = (v: unknown) => this.check({ patternFlags: { ...this.answers.patternFlags, [flag]: v } }, [`${this.entryPath(spec)}.${def.field}`]);
    const choices = offer?.choices ?? def.choices ?? enumValues(optionsShape(spec)[def.field]);
    const required = def.required && fallback === undefined ? `required for pattern ${spec.id}: ${def.describe}` : undefined;
    // While --pattern itself is unanswered, listing the default pattern's flags would mislead.
    const patternMissing = this.missing.some((m) => m.field === '--pattern');
    this.answers.patternFlags[flag] = await this.askFlag(flag, def, { given, fallback, fromBase: fromBase || patternMissing, required, choices, validate });
  }

  /**
   * One flag's question, by its type (yes/no, a number, a list, a choice, text): flag → prompt →
   * default, as `resolve` does. Undefined means "the default".
   */
  private askFlag(
    flag: string,
    def: Pick<PatternFlag, 'type' | 'describe' | 'prompt' | 'required'>,
    o: { given: unknown; fallback: unknown; fromBase: boolean; required?: string; choices?: readonly string[]; validate: (v: unknown) => true | string },
  ): Promise<unknown> {
    const optional = o.fallback === undefined && !def.required && def.type !== 'boolean';
    const message = `${questionText(def, o.fallback !== undefined)}${optional ? ' (optional, Enter skips)' : ''}`;
    const choices = o.choices?.map((c) => ({ value: c, name: c }));
    const { validate } = o;
    const ask = async (d: unknown): Promise<unknown> => {
      switch (def.type) {
        case 'boolean':
          return this.prompter.confirm({ name: flag, message: withQuestionMark(message), default: (d as boolean | undefined) ?? false });
        case 'number':
          return this.prompter.number({ name: flag, message, default: d as number | undefined, validate });
        case 'list': {
          if (choices) return this.prompter.checkbox({ name: flag, message, choices, default: d as string[] | undefined, validate });
          // An optional list left empty keeps its default (peer ports: the --peer-url's), not an empty list.
          const list = parseList(
            await this.prompter.input({
              name: flag,
              message: `${message} (comma-separated)`,
              default: Array.isArray(d) ? d.join(',') : d === undefined ? undefined : String(d),
              validate: (v) => (optional && v.trim() === '' ? true : validate(parseList(v))),
            }),
          );
          return optional && list.length === 0 ? undefined : list;
        }
        default: {
          if (choices) return this.prompter.select({ name: flag, message, choices, default: d as string | undefined });
          const value = await this.prompter.input({
            name: flag,
            message,
            default: d as string | undefined,
            validate: (v) => (v === '' ? (o.required ?? true) : validate(v)),
          });
          return value === '' ? undefined : value;
        }
      }
    };
    return this.resolve<unknown>({
      flag,
      given: o.given === undefined ? undefined : coerceFlag(o.given, def.type),
      fallback: o.fallback,
      fromBase: o.fromBase,
      required: o.required,
      validate,
      ask,
    });
  }

  /**
   * Capabilities to add (--with): every catalog entry that can join a stack, but the pattern. Asked
   * in a terminal; without one, absent means the --config file's, else none. "ssm-host" in --with
   * asks for the SSM host (step 9).
   */
  private async askCapabilities(spec: PatternSpec): Promise<void> {
    const given = this.args.with === undefined ? undefined : parseList(String(this.args.with));
    this.ssmHostFromWith = given?.includes('ssm-host') ?? false;
    const ids = given?.filter((id) => id !== 'ssm-host');
    const choices = capabilityIds(PATTERNS).filter((id) => id !== spec.id);
    // Checked with the egress they would get (step 3c picks one every entry accepts).
    const validate = (v: unknown) => this.check({ with: v as string[], egressFlags: { ...this.egressGiven(), egress: this.egressFallback(v as string[]) } }, ['with']);
    const value = await this.resolve<string[]>({
      flag: 'with',
      given: ids,
      fallback: capabilitiesOf(this.answers),
      fromBase: true,
      validate,
      ask: (d) =>
        this.prompter.checkbox({
          name: 'with',
          message: 'Add capabilities to the pattern? (each brings its functions and questions; none is fine)',
          choices: choices.map((id) => ({ value: id, name: `${id}: ${findPattern(id)!.title}` })),
          default: d,
          validate,
        }),
    });
    this.answers.with = value;
  }

  /** The egress flags given (--egress, --nat-per-az...; --nat gateway|instance is read as --egress nat-<kind>). */
  private egressGiven(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const flag of Object.keys(EGRESS_FLAGS)) if (this.args[flag] !== undefined) out[flag] = this.args[flag];
    if (out.egress === undefined && this.args.nat !== undefined) out.egress = `nat-${String(this.args.nat)}`;
    return out;
  }

  /** The kinds of egress every entry of the stack accepts (with these capabilities). */
  private egressChoices(withIds?: string[]): EgressType[] {
    const specs = specsOf({ ...this.answers, with: withIds ?? this.answers.with });
    return EGRESS_TYPES.filter((t) => specs.every((s) => s.egress.allowed.includes(t)));
  }

  /** The egress offered: the config's (or the pattern's default) when every entry accepts it, else the first they all do. */
  private egressFallback(withIds?: string[]): EgressType {
    const current = this.egressSoFar(withIds).type;
    const choices = this.egressChoices(withIds);
    return choices.includes(current) || choices.length === 0 ? current : choices[0];
  }

  /** The stack's egress as answered so far (defaults filled in), without reporting anything. */
  private egressSoFar(withIds?: string[]): EgressConfig {
    const raw = answersToRawConfig({ ...this.answers, with: withIds ?? this.answers.with });
    const spec = findPattern(raw.pattern.id);
    if (!spec) return { type: 'none' };
    const given = (raw.egress ?? {}) as RawEgress;
    const type = given.type && (EGRESS_TYPES as readonly string[]).includes(given.type) ? given.type : undefined;
    return resolveEgress({ ...given, type }, spec.egress, spec.id, raw.pattern, () => {}).egress;
  }

  /** 3c: the egress kind, asked only when there is a choice. */
  private async askEgress(): Promise<void> {
    const given = this.egressGiven();
    this.answers.egressFlags = {};
    const choices = this.egressChoices();
    const fallback = this.egressFallback();
    const validate = (v: unknown) => this.check({ egressFlags: { ...given, egress: v } }, ['egress.type', 'with']);
    const type = await this.resolve<unknown>({
      flag: 'egress',
      given: given.egress,
      fallback,
      fromBase: true,
      validate,
      ask: (d) =>
        choices.length > 1
          ? this.prompter.select({
              name: 'egress',
              message: EGRESS_FLAGS.egress.prompt!,
              default: d as string,
              choices: choices.map((t) => ({ value: t, name: t, description: EGRESS_TITLES[t] })),
            })
          : Promise.resolve(d),
    });
    // A default other than the pattern's own (sns-slack added to peering needs a NAT) must be written down.
    const own = this.egressSoFar().type;
    this.answers.egressFlags.egress = type ?? (fallback !== own ? fallback : undefined);
  }

  /** One option of the egress, when it applies to the kind chosen (a flag given for another kind is left to validation). */
  private async askEgressFlag(spec: PatternSpec, flag: string, def: EgressFlag, given: unknown): Promise<void> {
    const egress = this.egressSoFar();
    if (given === undefined && def.when && !def.when(egress as unknown as Record<string, unknown>)) return;
    // The --config file's egress when the pattern is kept, with an earlier version's fields in its pattern read as egress fields.
    const baseEgress = baseEgressOf(this.answers.base, spec);
    // While --pattern itself is unanswered, listing the default pattern's egress would mislead (as for its flags).
    const patternMissing = this.missing.some((m) => m.field === '--pattern');
    const fromBase = baseEgress[def.field] !== undefined || patternMissing;
    const validate = (v: unknown) => this.check({ egressFlags: { ...this.answers.egressFlags, [flag]: v } }, [`egress.${def.field}`]);
    this.answers.egressFlags![flag] = await this.askFlag(flag, def, {
      given,
      fallback: egress[def.field as keyof EgressConfig],
      // Questions new with egress (ports) take their default without a terminal, as scripts written before them expect.
      fromBase: fromBase || def.assumed === true,
      choices: def.choices,
      validate,
    });
  }

  /**
   * Which function plays each part the pattern wires (--efs-function, --target-function...): asked
   * only when there are more functions than parts, offering the function names not already playing
   * a part asked before; a flag always counts.
   */
  private async askFunctionParts(spec: PatternSpec, flagsGiven: Record<string, unknown>): Promise<void> {
    const names = this.answers.functions ?? defaultsOf(this.answers).functions;
    const parts = wiredRoles(spec, this.patternOptions(spec));
    const taken: unknown[] = [];
    for (const [flag, def] of Object.entries(spec.flags)) {
      if (!def.choosesFunction) continue;
      if (flagsGiven[flag] === undefined && (names.length <= parts.length || !parts.includes(def.field))) continue;
      const current = this.patternOptions(spec)[def.field];
      const choices = names.filter((name) => !taken.includes(name));
      const fallback = choices.find((name) => name === current) ?? choices[0];
      await this.askPatternFlag(spec, flag, def, flagsGiven[flag], { choices, fallback });
      // An answer left at a default other than the option's own value must be written down.
      if (this.answers.patternFlags[flag] === undefined && fallback !== current) this.answers.patternFlags[flag] = fallback;
      taken.push(this.patternOptions(spec)[def.field]);
    }
  }

  /** Where an entry's options are: "pattern", or "with[]" for a capability (as issue fields are matched). */
  private entryPath(spec: PatternSpec): string {
    return spec.id === this.answers.pattern ? 'pattern' : 'with[]';
  }

  /** The --config file's options of this entry, when the answers keep its pattern. */
  private baseEntry(spec: PatternSpec): Record<string, unknown> | undefined {
    const base = this.answers.base;
    if (base?.pattern?.id !== this.answers.pattern) return undefined;
    return (spec.id === this.answers.pattern ? base.pattern : base.with?.find((e) => e.id === spec.id)) as Record<string, unknown> | undefined;
  }

  /** An entry's options (the pattern's, or a capability's) as answered so far, with schema defaults for the rest (for `when`). */
  private patternOptions(spec: PatternSpec): Record<string, unknown> {
    const config = answersToRawConfig(this.answers);
    const raw = (spec.id === config.pattern.id ? config.pattern : (config.with?.find((e) => e.id === spec.id) ?? { id: spec.id })) as Record<string, unknown>;
    const parsed = spec.options.safeParse(raw);
    if (parsed.success) return parsed.data as Record<string, unknown>;
    const defaults = Object.fromEntries(Object.keys(optionsShape(spec)).map((f) => [f, patternOptionDefault(spec, f)]));
    return { ...defaults, ...raw };
  }

  /** The subnets the answers so far imply; the pattern's own options may still be missing. */
  private subnetPlan(): SubnetPlanEntry[] | undefined {
    const raw = answersToRawConfig(this.answers);
    try {
      return validateConfig(raw).subnets;
    } catch {
      const spec = findPattern(this.answers.pattern);
      if (!spec) return undefined;
      const { existing: _existing, ...network } = ConfigSchema.shape.network.parse(raw.network);
      const azInput = raw.availabilityZones ?? [];
      const availabilityZones = typeof azInput === 'number' ? defaultAzs(raw.region ?? '', azInput) : azInput;
      let ok = true;
      const plan = planSubnets({ network, availabilityZones }, hasInternet(this.egressSoFar().type), () => (ok = false));
      return ok ? plan : undefined;
    }
  }

  /**
   * validateConfig on the answers with one change; the issues of `fields` (indexes as "[]"), or true.
   * An issue of the question's own field reads without its path.
   */
  private check(change: Partial<NewAnswers>, fields: string[], own = fields[0]): true | string {
    try {
      validateConfig(answersToRawConfig({ ...this.answers, ...change }), 'answers');
      return true;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const mine = err.issues.filter((i) => fields.some((f) => fieldMatches(i.field, f)));
      if (mine.length === 0) return true;
      return mine.map((i) => (normalize(i.field) === own ? i.message : `${i.field}: ${i.message}`)).join('; ');
    }
  }
}

/** Pattern flags as given on the command line (yargs also sets camelCase twins: keep the kebab names). */
export function collectPatternFlags(args: NewArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of PATTERNS) {
    for (const flag of Object.keys(spec.flags)) if (args[flag] !== undefined) out[flag] = args[flag];
  }
  return out;
}

/** One line per pattern, "id  use when…" cut to the terminal width; the full text shows when highlighted. */
function patternChoices(columns: number) {
  const width = Math.max(...PATTERNS.map((p) => p.id.length));
  const room = Math.max(20, columns - width - 6);
  return PATTERNS.map((p) => {
    const useWhen = `use when ${p.useWhen}`;
    return {
      value: p.id,
      name: `${p.id.padEnd(width)}  ${useWhen.length > room ? `${useWhen.slice(0, room - 1)}…` : useWhen}`,
      description: `${p.title}: ${useWhen}`,
    };
  });
}

/** "eu-west-1a  private 10.0.0.0/20 (4,091 IPs)  public 10.0.32.0/24 (251 IPs)" */
export function formatSubnetPlan(plan: SubnetPlanEntry[]): string[] {
  const usable = (cidr: string) => (2 ** (32 - Number(cidr.split('/')[1])) - 5).toLocaleString('en-US');
  return plan.map(
    (s) => `${s.az}  private ${s.privateCidr} (${usable(s.privateCidr)} IPs)${s.publicCidr ? `  public ${s.publicCidr} (${usable(s.publicCidr)} IPs)` : ''}`,
  );
}

function normalize(field: string): string {
  return field.replace(/\[\d+\]/g, '[]');
}

function fieldMatches(field: string, wanted: string): boolean {
  const f = normalize(field);
  return f === wanted || f.startsWith(`${wanted}.`) || f.startsWith(`${wanted}[`);
}

/** String values of a zod enum (or an array of one), through defaults and optionals. */
function enumValues(schema: z.ZodTypeAny | undefined): string[] | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodEffects) {
    s = s instanceof z.ZodEffects ? s.innerType() : s._def.innerType;
  }
  if (s instanceof z.ZodEnum) return [...(s.options as string[])];
  if (s instanceof z.ZodArray) return enumValues(s.element);
  return undefined;
}

/** The flag's description as a question; "[default: …]" dropped when the prompt shows the default itself. */
function questionText(def: Pick<PatternFlag, 'describe' | 'prompt'>, showsDefault: boolean): string {
  const described = def.prompt ?? def.describe;
  const text = showsDefault ? described.replace(/\s*(\[default:[^\]]*\]|\(default [^)]*\))\s*$/, '') : described;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function withQuestionMark(text: string): string {
  return /[?]$/.test(text) ? text : `${text}?`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function display(value: unknown): string {
  if (Array.isArray(value)) return value.join(',') || '(none)';
  return String(value);
}

/** The --config FILE a run starts from: must be a valid config already. */
function readBase(file: string): NewAnswers['base'] {
  const loaded = loadConfig(file);
  return readJsonFile(loaded.file) as NewAnswers['base'];
}

/** DIR's own vpc-lambda-gen.json, when DIR is an existing project. */
function ownConfigFile(dir: string): string | undefined {
  const file = path.join(path.resolve(dir), CONFIG_FILE);
  return fs.lstatSync(file, { throwIfNoEntry: false }) ? file : undefined;
}
