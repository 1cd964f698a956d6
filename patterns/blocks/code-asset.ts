/**
 * Packages a handler directory with TerraformAsset. The path is absolute (TerraformAsset would otherwise
 * resolve it against whichever cdktf.json sits above the working directory) and the hash is computed
 * from file names and contents, so the same code gives the same synthesized bytes on any machine.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';

export function codeAsset(scope: Construct, id: string, directory: string): TerraformAsset {
  return new TerraformAsset(scope, id, {
    path: path.resolve(directory),
    type: AssetType.ARCHIVE,
    assetHash: directoryHash(directory),
  });
}

/** sha256 over sorted relative paths and contents, hex. */
export function directoryHash(directory: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(directory)) {
    hash.update(file.split(path.sep).join('/')).update('\0');
    hash.update(fs.readFileSync(path.join(directory, file))).update('\0');
  }
  return hash.digest('hex');
}

function listFiles(root: string, prefix = ''): string[] {
  const entries = fs.readdirSync(path.join(root, prefix), { withFileTypes: true });
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const rel = path.join(prefix, e.name);
      if (e.isDirectory()) return listFiles(root, rel);
      return e.isFile() ? [rel] : [];
    });
}
