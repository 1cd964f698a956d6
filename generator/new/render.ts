/**
 * Renders templates/project/*.hbs and copies each function's sample handler into a directory.
 * Templates hold no Terraform: that is built from vpc-lambda-gen.json by the constructs.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { findPattern } from '../catalog';
import type { ValidatedConfig } from '../config/validate';
import { packageRoot, ownPackageJson } from './package-root';

/** Template file names that cannot be shipped under their real name (npm drops .gitignore). */
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

/** Sample handler each function gets when the pattern does not name one. */
const FALLBACK_HANDLER = 'egress-check';

export interface RenderOptions {
  validated: ValidatedConfig;
  /** How the generated package.json depends on vpc-lambda-gen: a semver range or "file:vendor/…tgz". */
  selfDependency: string;
}

export function templatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

/** Writes the project files into `target` and returns their relative paths, sorted. */
export function renderProject(target: string, options: RenderOptions): string[] {
  const { config, subnets } = options.validated;
  const spec = findPattern(config.pattern.id)!;
  const own = ownPackageJson();
  const handlebars = Handlebars.create();
  handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n  '));
  handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));

  const handlerOf = (name: string) => spec.defaultFunctions.find((f) => f.name === name);
  const context = {
    config,
    pattern: spec,
    subnets,
    internetEgress: spec.internetEgress(config.pattern),
    localBackend: config.backend.type === 'local',
    azList: config.availabilityZones.join(', '),
    projectId: uuidFrom(config.name),
    functions: config.functions.map((fn) => ({
      ...fn,
      awsName: `${config.name}-${fn.name}`,
      description: handlerOf(fn.name)?.description ?? 'your handler',
    })),
    dependencies: {
      '@cdktf/provider-aws': own.dependencies['@cdktf/provider-aws'],
      cdktf: own.dependencies.cdktf,
      constructs: own.dependencies.constructs,
      'vpc-lambda-gen': options.selfDependency,
    },
    devDependencies: { 'cdktf-cli': own.devDependencies['cdktf-cli'], tsx: GENERATED_TSX_VERSION },
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

  for (const fn of config.functions) {
    const handler = handlerOf(fn.name)?.handler ?? FALLBACK_HANDLER;
    written.push(...copyDir(path.join(templatesDir(), 'handlers', handler), path.join(target, fn.source), fn.source));
  }
  return written.sort();
}

/** tsx runs the generated main.ts fast (ts-node would take seconds); pinned so output is reproducible. */
export const GENERATED_TSX_VERSION = '4.20.6';

function copyDir(from: string, to: string, rel: string): string[] {
  fs.mkdirSync(to, { recursive: true });
  return fs
    .readdirSync(from, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      if (e.isDirectory()) return copyDir(path.join(from, e.name), path.join(to, e.name), `${rel}/${e.name}`);
      fs.copyFileSync(path.join(from, e.name), path.join(to, e.name));
      return [`${rel}/${e.name}`];
    });
}

/** A stable UUID-shaped id for cdktf.json, so the same answers give the same files. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(`vpc-lambda-gen:${text}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
