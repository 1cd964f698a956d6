/** Reading and writing vpc-lambda-gen.json. */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { readJsonFile } from '../safety/read';
import { factsOf, readSnapshot, SNAPSHOT_FILE } from '../snapshot/format';
import { ConfigError } from './errors';
import { CONFIG_FILE, type VpcLambdaConfig } from './schema';
import { validateConfig, type ValidatedConfig } from './validate';

export function configPath(dir: string): string {
  return path.join(dir, CONFIG_FILE);
}

/** Loads and validates DIR/vpc-lambda-gen.json (or a file path). */
export function loadConfig(dirOrFile: string): ValidatedConfig & { file: string } {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : configPath(dirOrFile);
  let raw: unknown;
  try {
    raw = readJsonFile(file, { maxBytes: MAX_CONFIG_BYTES });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    throw new ConfigError(
      [{ field: '(file)', message: `cannot read ${file}; run "vpc-lambda-gen new" to create a project, or pass --dir to one` }],
      file,
    );
  }
  // A snapshot of an existing VPC beside the config: its ids and sizes are checked against it.
  const snapshot = path.join(path.dirname(file), SNAPSHOT_FILE);
  const facts = fs.existsSync(snapshot) ? factsOf(readSnapshot(snapshot), snapshot) : undefined;
  return { ...validateConfig(raw, file, { facts }), file };
}

/** A config is a few KB; anything near this is not one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** The config as saved: stable key order, two-space indent, trailing newline. */
export function serializeConfig(config: VpcLambdaConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
