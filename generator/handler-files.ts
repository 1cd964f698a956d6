/**
 * Which file a Lambda `handler` setting names, per runtime, so a function that cannot start is
 * refused before anything is built (config → synth) and in the archive Terraform ships (`check`).
 * No cdktf here: `check` loads it too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigIssue } from './config/errors';
import type { VpcLambdaConfig } from './config/schema';

/** The runtime families vpc-lambda-gen has sample handlers for (templates/handlers/<sample>/<family>/). */
export type RuntimeFamily = 'nodejs' | 'python';

export function runtimeFamily(runtime: string): RuntimeFamily {
  return runtime.startsWith('python') ? 'python' : 'nodejs';
}

/**
 * The files, relative to the code's root, of which the runtime needs one to start `handler`; undefined
 * for a runtime whose handler names no file (java, dotnet: classes in assemblies).
 */
export function handlerFiles(runtime: string, handler: string): string[] | undefined {
  if (runtime.startsWith('nodejs')) {
    // The Node.js runtime takes the module up to the first dot after the last slash ("src/app.handler").
    const dot = handler.indexOf('.', handler.lastIndexOf('/') + 1);
    const file = dot < 0 ? handler : handler.slice(0, dot);
    return ['.js', '.mjs', '.cjs'].map((ext) => file + ext);
  }
  if (runtime.startsWith('python')) {
    // The Python runtime imports "<module>.<function>"; the module may be dotted or slashed ("pkg.app").
    const dot = handler.lastIndexOf('.');
    const module = (dot < 0 ? handler : handler.slice(0, dot)).replace(/[./]/g, '/');
    return [`${module}.py`, `${module}/__init__.py`];
  }
  if (runtime.startsWith('ruby')) {
    const dot = handler.lastIndexOf('.');
    return [`${dot < 0 ? handler : handler.slice(0, dot)}.rb`];
  }
  // Custom runtimes start an executable named bootstrap, whatever the handler says.
  if (runtime.startsWith('provided')) return ['bootstrap'];
  return undefined;
}

/** The runtime families a handler's code is most often mixed up between, with a current runtime each. */
const FAMILIES = [
  { prefix: 'nodejs', name: 'Node.js', example: 'nodejs22.x' },
  { prefix: 'python', name: 'Python', example: 'python3.12' },
];

/**
 * When the code lacks the handler's file for `runtime` but holds it for another family ("index.js"
 * while the runtime is python3.12): that file and family, for a message that names the mix-up.
 */
export function otherRuntimeFile(runtime: string, handler: string, has: (file: string) => boolean): { file: string; name: string; example: string } | undefined {
  for (const family of FAMILIES) {
    if (runtime.startsWith(family.prefix)) continue;
    const file = handlerFiles(family.example, handler)!.find(has);
    if (file) return { file, name: family.name, example: family.example };
  }
  return undefined;
}

/** "index.js, index.mjs or index.cjs" */
export function oneOf(files: string[]): string {
  return files.length <= 1 ? (files[0] ?? '') : `${files.slice(0, -1).join(', ')} or ${files[files.length - 1]}`;
}

/**
 * Functions whose source directory lacks the file their handler names for their runtime: one issue
 * per function, on functions[i].handler, saying what is missing and the fix.
 */
export function missingHandlerIssues(config: Pick<VpcLambdaConfig, 'functions'>, projectDir: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.functions.forEach((fn, i) => {
    // An adopted function without a source: its code is in AWS, not here.
    if (fn.source === undefined) return;
    const files = handlerFiles(fn.runtime, fn.handler);
    const dir = path.join(projectDir, fn.source);
    if (!files || files.some((f) => fs.existsSync(path.join(dir, f)))) return;
    const other = otherRuntimeFile(fn.runtime, fn.handler, (f) => fs.existsSync(path.join(dir, f)));
    issues.push({
      field: `functions[${i}].handler`,
      value: fn.handler,
      message:
        `names ${oneOf(files)} for ${fn.runtime}, but ${fn.source}/ has none: the function could not start. ` +
        (other
          ? `${fn.source}/ holds ${other.file}, ${other.name} code: set functions[${i}].runtime to a ${other.name} runtime such as ${other.example}, or add ${files[0]}`
          : `add ${files[0]} to ${fn.source}/, or set functions[${i}].handler to "<file>.<function>" of a file that is there`),
    });
  });
  return issues;
}
