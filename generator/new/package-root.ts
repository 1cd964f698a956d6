/** Locates this package's own files (templates, package.json) from source or from dist/. */
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'templates')) || !fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`VLG_NO_PACKAGE_ROOT: cannot find vpc-lambda-gen's templates above ${__dirname}`);
    dir = parent;
  }
  return (cached = dir);
}

export interface OwnPackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

export function ownPackageJson(): OwnPackageJson {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
}

/**
 * Whether this copy of vpc-lambda-gen is a source checkout (not installed from a registry): then a
 * generated project cannot depend on it by version, so `new` packs it into the project by default.
 */
export function isSourceCheckout(): boolean {
  return !packageRoot().split(/[\\/]/).includes('node_modules');
}
