/**
 * Packages a handler folder for Lambda. The zip is built in-process with fflate, with fixed
 * timestamps, so the same code gives the same archive bytes on any machine (cdktf's own ARCHIVE
 * assets spawn a node process per asset, about 0.2 s each, and stamp the current time). Functions
 * that share a folder share one archive.
 *
 * What goes in is read by readSourceTree (generator/safety): confined to the project, links followed
 * only inside it, special files refused by name, the unzipped size checked; the zipped size is
 * checked here. Both with Lambda's numbers, before anything is written.
 *
 * The archive is written by the synthesis itself, straight into the output folder (the one
 * `vpc-lambda-gen synth` swaps in, or CDKTF_OUTDIR under `cdktf synth`), at the path TerraformAsset
 * would use: no shared cache elsewhere. A file already there is reused only when its bytes hash to
 * the archive's hash.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, type ISynthesisSession } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { zipSync, type Zippable } from 'fflate';
import { makeDirs, writeFileAtomic } from '../../generator/safety/atomic';
import { LAMBDA_LIMITS } from '../../generator/safety/limits';
import { formatBytes } from '../../generator/safety/read';
import { readSourceTree, sourceError, type CodeSource } from '../../generator/safety/source-tree';

export type { CodeSource };

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

export function codeAsset(scope: Construct, src: CodeSource): CodeAsset {
  const files: Zippable = {};
  for (const [rel, bytes] of readSourceTree(src)) files[rel] = [bytes, { mtime: ZIP_MTIME }];
  const archive = zipSync(files, { level: 6, mtime: ZIP_MTIME });
  if (archive.length > LAMBDA_LIMITS.zippedBytes) {
    throw sourceError(src, `zips to ${formatBytes(archive.length)}; Lambda takes at most ${formatBytes(LAMBDA_LIMITS.zippedBytes)} uploaded directly: leave out what the function does not need (tests, dev dependencies)`);
  }
  const digest = createHash('sha256').update(archive).digest();
  const hex = digest.toString('hex');
  const stack = TerraformStack.of(scope);
  const id = `code-${hex.slice(0, 12)}`;
  const existing = (stack.node.tryFindChild(id) as CodeArchive | undefined) ?? new CodeArchive(stack, id, archive, hex);
  return { path: existing.path, sha256: digest.toString('base64') };
}

/** One archive, written into the stack's output folder when the app synthesizes. */
class CodeArchive extends Construct {
  constructor(
    scope: Construct,
    id: string,
    private readonly archive: Uint8Array,
    private readonly hex: string,
  ) {
    super(scope, id);
    addCustomSynthesis(this, { onSynthesize: (session) => this.write(session) });
  }

  /** assets/<logical id>/<hash>/archive.zip, relative to the stack folder: where TerraformAsset puts a file. */
  get path(): string {
    return path.posix.join(this.folder, this.hex, 'archive.zip');
  }

  private get folder(): string {
    return path.posix.join('assets', TerraformStack.of(this).getLogicalId(this.node));
  }

  private write(session: ISynthesisSession): void {
    const stackManifest = session.manifest.forStack(TerraformStack.of(this));
    const stackDir = path.join(session.manifest.outdir, stackManifest.synthesizedStackPath, '..');
    const folder = path.join(stackDir, this.folder);
    // Earlier versions of this archive (cdktf synth writes in place) go; the current one stays if intact.
    const earlier = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name !== this.hex) : [];
    for (const name of earlier) fs.rmSync(path.join(folder, name), { recursive: true, force: true });
    const file = path.join(stackDir, this.path);
    if (this.intact(file)) return;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    makeDirs(path.dirname(file));
    writeFileAtomic(file, this.archive);
  }

  /** A regular file whose bytes hash to this archive's hash. */
  private intact(file: string): boolean {
    const stats = fs.lstatSync(file, { throwIfNoEntry: false });
    return !!stats?.isFile() && stats.size === this.archive.length && createHash('sha256').update(fs.readFileSync(file)).digest('hex') === this.hex;
  }
}

