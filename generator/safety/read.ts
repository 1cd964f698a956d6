/**
 * Reading files the user points at, without hanging or overflowing: stat first (a FIFO or a device is
 * refused by name and never opened), open non-blocking and check again on the open descriptor (the
 * path could change in between), cap the size, and after JSON.parse refuse nesting deeper than any
 * real config or Terraform file has, with one iterative walk, so no recursive code later overflows.
 */
import * as fs from 'node:fs';
import { ConfigError } from '../config/errors';

/** What a path is, in words a message can use. */
export type FileKind = 'file' | 'folder' | 'FIFO (named pipe)' | 'socket' | 'character device' | 'block device' | 'symbolic link' | 'special file';

export function fileKind(stats: fs.Stats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isSocket()) return 'socket';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

export interface ReadOptions {
  /** The config field or flag the path came from, for the message: "--config", "PATH". @default "(file)" */
  field?: string;
  /** Names the input in the ConfigError heading ("check input", the config file). @default the path */
  source?: string;
  /** Larger files are refused. @default 64 MiB */
  maxBytes?: number;
}

export interface JsonReadOptions extends ReadOptions {
  /** Deeper nesting is refused. @default MAX_JSON_DEPTH */
  maxDepth?: number;
  /** What the file should be, for the message: "is not valid <what>". @default "JSON" */
  what?: string;
}

export const DEFAULT_MAX_READ_BYTES = 64 * 1024 * 1024;
/** Synthesized Terraform JSON, plan JSON or a state file: large, never this large. */
export const MAX_TERRAFORM_JSON_BYTES = 256 * 1024 * 1024;
/** Real configs and Terraform JSON nest about 10 levels; 200 leaves room and stays far from any stack limit. */
export const MAX_JSON_DEPTH = 200;

/**
 * The bytes of a regular file. Not a regular file (folder, FIFO, socket, device): a ConfigError
 * naming the path and what it is. File-system errors (ENOENT, EACCES, ELOOP...) are thrown as they
 * are, with their path, for the caller or the CLI's fault report to word.
 */
export function readRegularFile(file: string, options: ReadOptions = {}): Buffer {
  const refuse = (message: string) => new ConfigError([{ field: options.field ?? '(file)', value: file, message }], options.source ?? file);
  const kind = fileKind(fs.statSync(file));
  if (kind !== 'file') throw refuse(`is a ${kind}, not a regular file; pass a file`);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw refuse(`is a ${fileKind(stats)}, not a regular file; pass a file`);
    const max = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
    if (stats.size > max) throw refuse(`is ${formatBytes(stats.size)}, more than the ${formatBytes(max)} this input may have; pass the right file`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function readTextFile(file: string, options: ReadOptions = {}): string {
  return readRegularFile(file, options).toString('utf8');
}

/** A regular file parsed as JSON, with its nesting depth checked. Not JSON: a ConfigError naming the file. */
export function readJsonFile(file: string, options: JsonReadOptions = {}): unknown {
  const text = readTextFile(file, options);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([{ field: options.field ?? '(file)', value: file, message: `is not valid ${options.what ?? 'JSON'}: ${(err as Error).message}` }], options.source ?? file);
  }
  const depth = jsonDepthOver(value, options.maxDepth ?? MAX_JSON_DEPTH);
  if (depth !== undefined) {
    throw new ConfigError(
      [{ field: options.field ?? '(file)', value: file, message: `nests values more than ${depth} levels deep; no valid input does, so it is refused` }],
      options.source ?? file,
    );
  }
  return value;
}

/** `max` when `value` nests deeper than `max` levels, else undefined. One iterative walk, no recursion. */
export function jsonDepthOver(value: unknown, max: number): number | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}
