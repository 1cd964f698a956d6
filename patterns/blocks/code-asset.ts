/**
 * Packages a handler directory for Lambda. The zip is built in-process with fflate, with fixed
 * timestamps, so the same code gives the same archive bytes on any machine (cdktf's own ARCHIVE
 * assets spawn a node process per asset, about 0.2 s each, and stamp the current time). It is handed
 * to TerraformAsset as a FILE, with an absolute path (TerraformAsset would otherwise resolve it
 * against whichever cdktf.json sits above the working directory). Functions that share a directory
 * share one asset.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { zipSync, type Zippable } from 'fflate';

/**
 * Zip entries store local wall-clock fields, so build the date from local fields: every machine,
 * in any time zone, writes the same bytes (2000-01-01 00:00).
 */
const ZIP_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export interface CodeAsset {
  /** Path of the archive relative to the synthesized stack, for `filename`. */
  path: string;
  /** base64 sha256 of the archive, as Terraform's filebase64sha256() computes it. */
  sha256: string;
}

export function codeAsset(scope: Construct, directory: string): CodeAsset {
  const files = readTree(path.resolve(directory));
  const archive = zipSync(files, { level: 6, mtime: ZIP_MTIME });
  const sha256 = createHash('sha256').update(archive).digest('base64');
  const hex = createHash('sha256').update(archive).digest('hex');

  const stack = TerraformStack.of(scope);
  const id = `code-${hex.slice(0, 12)}`;
  const existing = stack.node.tryFindChild(id) as TerraformAsset | undefined;
  if (existing) return { path: existing.path, sha256 };

  const file = path.join(os.tmpdir(), 'vpc-lambda-gen-assets', hex, 'archive.zip');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}`, archive);
    fs.renameSync(`${file}.${process.pid}`, file); // content-addressed: concurrent writers agree
  }
  const asset = new TerraformAsset(stack, id, { path: file, type: AssetType.FILE, assetHash: hex });
  return { path: asset.path, sha256 };
}

/** Every file below root, keyed by its forward-slash relative path, in name order. */
function readTree(root: string, prefix = ''): Zippable {
  const out: Zippable = {};
  const entries = fs.readdirSync(path.join(root, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, readTree(root, rel));
    else if (e.isFile()) out[rel] = [fs.readFileSync(path.join(root, rel)), { mtime: ZIP_MTIME }];
  }
  return out;
}
