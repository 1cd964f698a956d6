/**
 * Reading a function's source folder, confined: the folder must be inside the project once symbolic
 * links are followed; a link inside it is followed only when it stays in the project (else refused
 * by name, never dropped silently); a FIFO, socket or device is refused by name; and the unzipped
 * size is checked against Lambda's limit as it goes. The archive (patterns/blocks/code-asset.ts) and
 * `new --force` (which synthesizes the user's kept code) both read code through here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/errors';
import { CONFIG_FILE } from '../config/schema';
import { LAMBDA_LIMITS } from './limits';
import { isInside, resolveInside } from './paths';
import { fileKind, formatBytes, readRegularFile } from './read';

export interface CodeSource {
  /** Absolute project folder: the source must stay inside it. */
  projectDir: string;
  /** The handler folder, relative to the project (functions[].source). */
  source: string;
  /** The config field it came from, for messages: "functions[0].source". */
  field: string;
}

/** A ConfigError about one function's code, naming its source field. */
export function sourceError(src: CodeSource, message: string): ConfigError {
  return new ConfigError([{ field: src.field, value: src.source, message }], CONFIG_FILE);
}

/**
 * Every file below the source folder with its bytes, keyed by its forward-slash relative path, in the
 * order a zip lists them (depth first, by name). Iterative; links followed only inside the project.
 */
export function readSourceTree(src: CodeSource): Map<string, Buffer> {
  const root = resolveInside(src.projectDir, src.source, { field: src.field, value: src.source, source: CONFIG_FILE });
  const project = resolveInside(src.projectDir, '.', { field: src.field });
  const rootStats = fs.statSync(root, { throwIfNoEntry: false });
  if (!rootStats?.isDirectory()) {
    throw sourceError(src, rootStats ? `is a ${fileKind(rootStats)}, not a folder; point it at the folder holding the handler code` : `no such folder under ${src.projectDir}; create it with the handler code or fix the path`);
  }
  const out = new Map<string, Buffer>();
  let unzipped = 0;
  const visited = new Set<string>([root]);
  // Depth-first in name order (a folder's entries where its name sorts), as the zip lists them.
  const frames: { real: string; rel: string; names: string[] }[] = [{ real: root, rel: '', names: sortedNames(root) }];
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    const name = frame.names.shift();
    if (name === undefined) {
      frames.pop();
      continue;
    }
    const rel = frame.rel ? `${frame.rel}/${name}` : name;
    const shown = `${src.source.replace(/\/+$/, '')}/${rel}`;
    let real = path.join(frame.real, name);
    let stats = fs.lstatSync(real);
    if (stats.isSymbolicLink()) {
      try {
        real = fs.realpathSync(real);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw sourceError(src, `${shown} is a symbolic link ${code === 'ELOOP' ? 'in a loop' : 'to nothing (broken)'}; fix or remove it`);
      }
      if (!isInside(project, real)) throw sourceError(src, `${shown} is a symbolic link to ${real}, outside the project; copy what it needs into the project or remove the link`);
      stats = fs.statSync(real);
    }
    if (stats.isDirectory()) {
      if (visited.has(real)) throw sourceError(src, `${shown} links back to a folder already packaged (a cycle); remove the link`);
      visited.add(real);
      frames.push({ real, rel, names: sortedNames(real) });
    } else if (stats.isFile()) {
      unzipped += stats.size;
      if (unzipped > LAMBDA_LIMITS.unzippedBytes) {
        throw sourceError(src, `holds more than ${formatBytes(LAMBDA_LIMITS.unzippedBytes)} of files; Lambda allows ${formatBytes(LAMBDA_LIMITS.unzippedBytes)} unzipped: leave out what the function does not need`);
      }
      out.set(rel, readRegularFile(real, { field: src.field, source: 'config', maxBytes: LAMBDA_LIMITS.unzippedBytes }));
    } else {
      throw sourceError(src, `${shown} is a ${fileKind(stats)}, not a regular file; remove it from the source folder`);
    }
  }
  return out;
}

function sortedNames(dir: string): string[] {
  return fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
