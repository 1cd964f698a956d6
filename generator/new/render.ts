/**
 * Renders templates/project/*.hbs and copies each function's sample handler into a directory.
 * Templates hold no Terraform: that is built from vpc-lambda-gen.json by the constructs.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findPattern, type DefaultFunction } from '../catalog';
import { stackParts } from '../catalog/compose';
import { samplesOfParts } from '../catalog/samples';
import type { FunctionConfig, VpcLambdaConfig } from '../config/schema';
import type { ValidatedConfig } from '../config/validate';
import type { CostEstimate, TerraformJson } from '../cost';
import { runtimeFamily } from '../handler-files';
import { readmeContext, readmeHandlebars, slackParametersOf } from '../readme';
import { addEnvironmentExample, type EnvironmentRow } from './environments';
import type { GeneratedFile } from '../safety/ownership';
import { packageRoot, ownPackageJson } from './package-root';

/** Template file names that cannot be shipped under their real name (npm drops .gitignore). */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

export interface RenderOptions {
  validated: ValidatedConfig;
  /** How the generated package.json depends on vpc-lambda-gen: a semver range or "file:vendor/…tgz". */
  selfDependency: string;
  /** The synthesized Terraform and its estimated fixed cost, for the README. */
  terraform: TerraformJson;
  cost: CostEstimate;
  /** With environments: each one's stack (the Terraform and cost above are the first one's). */
  environments?: EnvironmentRow[];
}

export function templatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

/** Each function's sample (the part of the pattern it plays), by function name. */
export function configSamples(config: Pick<VpcLambdaConfig, 'pattern' | 'with' | 'functions'>): Record<string, DefaultFunction> {
  return samplesOfParts(stackParts(config), config.functions.map((fn) => fn.name));
}

/** templates/handlers/<sample>/<nodejs|python>: a sample's code for a runtime, and nothing else. */
export function sampleDir(sample: string, runtime: string): string {
  return path.join(templatesDir(), 'handlers', sample, runtimeFamily(runtime));
}

/**
 * The sample handler files of one function, in its runtime's language, as generated files inside its
 * source folder; none for a function without a source (an adopted function keeps its own code).
 */
export function sampleFiles(config: VpcLambdaConfig, fn: FunctionConfig): GeneratedFile[] {
  if (fn.source === undefined) return [];
  const from = sampleDir(configSamples(config)[fn.name].handler, fn.runtime);
  const source = path.posix.normalize(fn.source.replace(/\\/g, '/')).replace(/\/+$/, '');
  return listTemplateFiles(from).map((rel) => ({ path: `${source}/${rel}`, content: fs.readFileSync(path.join(from, rel)), inSource: true }));
}

/** Writes the rendered project templates into `target` and returns their relative paths, sorted. */
export function renderTemplates(target: string, options: RenderOptions): string[] {
  const project = options.validated.config;
  // With environments, the first one's stack is the one described in detail; the table lists them all.
  const shown = options.validated.environments?.[0].validated ?? options.validated;
  const { config, subnets } = shown;
  const spec = findPattern(config.pattern.id)!;
  const own = ownPackageJson();
  const handlebars = readmeHandlebars();

  const samples = configSamples(config);
  const environments = options.environments;
  const context = {
    config,
    projectName: project.name,
    pattern: spec,
    subnets,
    localBackend: config.backend.type === 'local',
    azList: config.availabilityZones.join(', '),
    projectId: uuidFrom(project.name),
    environments,
    firstEnvironment: environments?.[0],
    verifyRunner: environments ? `npm run verify:${environments[0].env}` : 'npm run verify',
    functions: config.functions.map((fn) => ({ ...fn, awsName: `${config.name}-${fn.name}`, description: samples[fn.name].description })),
    // main.ts's example: an output named after the first function.
    firstFunction: { name: config.functions[0].name, outputPrefix: config.functions[0].name.replace(/[^A-Za-z0-9_]/g, '_') },
    ...readmeContext({ config, subnets, existingSubnets: shown.existingSubnets, terraform: options.terraform, cost: options.cost }),
    // Each environment's parameter: its name carries the stack's.
    ...(options.validated.environments ? { slackParameters: options.validated.environments.flatMap((e) => slackParametersOf(e.validated.config)) } : {}),
    addEnvironmentExample: environments && addEnvironmentExample(options.validated),
    // The provider bindings the constructs use travel inside vpc-lambda-gen's bundle: no 390 MB
    // @cdktf/provider-aws here. cdktf and constructs are shared with main.ts (one copy per app).
    dependencies: {
      cdktf: own.dependencies.cdktf,
      constructs: own.dependencies.constructs,
      'vpc-lambda-gen': options.selfDependency,
    },
    // typescript and node's types: `npm test` type-checks main.ts (tsx runs it without checking).
    devDependencies: {
      '@types/node': own.devDependencies['@types/node'],
      'cdktf-cli': own.devDependencies['cdktf-cli'],
      tsx: GENERATED_TSX_VERSION,
      typescript: own.devDependencies.typescript,
    },
  };

  const written: string[] = [];
  const projectTemplates = path.join(templatesDir(), 'project');
  for (const file of fs.readdirSync(projectTemplates).sort()) {
    const base = file.replace(/\.hbs$/, '');
    const name = RENAMES[base] ?? base;
    const text = handlebars.compile(fs.readFileSync(path.join(projectTemplates, file), 'utf8'), { noEscape: true, strict: true })(context);
    if (name.endsWith('.json')) JSON.parse(text); // a template bug must not ship broken JSON
    fs.writeFileSync(path.join(target, name), text);
    written.push(name);
  }
  return written.sort();
}

/**
 * tsx lets cdktf.json run main.ts as `node --require tsx/cjs main.ts`: one process, no type check
 * (ts-node takes seconds; tsx's own CLI spawns a second node). Pinned so output is reproducible.
 */
export const GENERATED_TSX_VERSION = '4.20.6';

/** Files below a template folder (ours), relative with forward slashes, in name order. */
function listTemplateFiles(dir: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    // Bytecode a local test run left behind is not part of the sample.
    .filter((e) => e.name !== '__pycache__')
    .flatMap((e) => (e.isDirectory() ? listTemplateFiles(dir, rel ? `${rel}/${e.name}` : e.name) : [rel ? `${rel}/${e.name}` : e.name]));
}

/** A stable UUID-shaped id for cdktf.json, so the same answers give the same files. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(`vpc-lambda-gen:${text}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
