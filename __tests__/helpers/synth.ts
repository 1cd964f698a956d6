/**
 * Synthesizes a config the way the CLI does (validate → temp project → in-process synth) and gives
 * tests the parsed Terraform JSON with small lookup helpers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../generator/config/validate';
import type { RawConfig } from '../../generator/config/schema';
import { runtimeFamily } from '../../generator/handler-files';
import { synthesizeProject } from '../../generator/synth';
import { makeTempDir } from './temp';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const HANDLERS_DIR = path.join(REPO_ROOT, 'templates', 'handlers');

export type TfJson = {
  terraform: Record<string, any>;
  provider: Record<string, any>;
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output: Record<string, any>;
  variable?: Record<string, any>;
};

export interface Synthesized {
  json: TfJson;
  text: string;
  stackDir: string;
  projectDir: string;
}

/** A minimal raw config for a pattern; override anything. */
export function rawConfig(overrides: Partial<RawConfig> & { pattern?: RawConfig['pattern'] } = {}): RawConfig {
  return {
    name: 'demo',
    region: 'eu-west-1',
    pattern: { id: 'nat-gateway' },
    functions: [{ name: 'api' }],
    ...overrides,
  };
}

/** Writes the config and a handler per function (the sample in its runtime's language) into a temp project, synthesizes it, parses the JSON. */
export function synth(raw: RawConfig, handler = 'egress-check'): Synthesized {
  const validated = validateConfig(raw);
  const projectDir = makeTempDir('vlg-test-');
  for (const fn of validated.config.functions) {
    // An adopted function without a source keeps its code in AWS.
    if (fn.source) fs.cpSync(path.join(HANDLERS_DIR, handler, runtimeFamily(fn.runtime)), path.join(projectDir, fn.source), { recursive: true });
  }
  fs.writeFileSync(path.join(projectDir, 'vpc-lambda-gen.json'), JSON.stringify(raw, null, 2));
  const result = synthesizeProject({ dir: projectDir });
  const text = fs.readFileSync(result.file, 'utf8');
  return { json: JSON.parse(text), text, stackDir: result.stackDir, projectDir };
}

/** All resources of one type, by name. */
export function resources(json: TfJson, type: string): Record<string, any> {
  return json.resource[type] ?? {};
}

/** The one resource of a type with this name; fails loudly when absent. */
export function resource(json: TfJson, type: string, name: string): any {
  const found = resources(json, type)[name];
  if (!found) throw new Error(`no ${type}.${name}; have: ${Object.keys(resources(json, type)).join(', ') || 'none'}`);
  return found;
}

/** "${aws_vpc.network_vpc.id}" */
export function ref(type: string, name: string, attribute = 'id'): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** Resources of a type whose attributes match all of `where` (deep-equal per key). */
export function findResources(json: TfJson, type: string, where: Record<string, unknown>): [string, any][] {
  return Object.entries(resources(json, type)).filter(([, r]) =>
    Object.entries(where).every(([k, v]) => JSON.stringify(r[k]) === JSON.stringify(v)),
  );
}
