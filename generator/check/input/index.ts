/**
 * From what `check` is given to the expanded documents the model reads, whatever the input: Terraform
 * JSON and HCL directories go through the same expansion (variables, locals, count/for_each,
 * modules), a plan is already expanded by Terraform. Everything after this speaks one shape.
 */
import * as path from 'node:path';
import { expandConfiguration, type SourceFile, type TfDocument, type UnreadModule } from '../eval/expand';
import { readJsonFile, readJsonFiles, type StackFiles } from '../load';
import { readConfiguration } from './configuration';
import { planDocuments } from './plan-json';

export interface LoadedStack {
  documents: TfDocument[];
  unreadModules: UnreadModule[];
}

export async function loadStack(stack: StackFiles): Promise<LoadedStack> {
  if (stack.kind === 'hcl') return expandConfiguration(await readConfiguration(stack.dir));
  return loadStackSync(stack);
}

/** JSON and plans need no HCL parser, so they load synchronously (synth and export check this way). */
export function loadStackSync(stack: StackFiles): LoadedStack {
  if (stack.kind === 'hcl') throw new Error(`${stack.dir} holds HCL, whose parser is asynchronous: check it with checkPath()`);
  if (stack.kind === 'plan') {
    const [file] = stack.files;
    return { documents: planDocuments(file, readJsonFile(file, 'plan JSON')), unreadModules: [] };
  }
  return expandJson(readJsonFiles(stack.files), stack.dir);
}

/** Terraform JSON already parsed (one object per file): expanded like any configuration; module calls are not read. */
export function expandJson(files: SourceFile[], dir: string): LoadedStack {
  const root = { dir: path.resolve(dir), files, calls: new Map() };
  return expandConfiguration({ root, values: {} });
}
