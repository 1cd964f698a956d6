/**
 * The safety model every command goes through (docs/safety.md): what vpc-lambda-gen may read and
 * write, and how. Nothing here loads cdktf, so the CLI can use all of it.
 *
 * - Reading: `readRegularFile`/`readTextFile`/`readJsonFile` (stat first, no FIFO or device, size cap,
 *   JSON nesting guard).
 * - Confinement: `relativePathProblem` (lexical, at validation), `resolveInside` (real paths, at use),
 *   `readSourceTree` (a function's code: links only inside the project, special files refused).
 * - Writing: `writeFileAtomic`, `makeDirs`/`removeCreatedDirs`, `assertWritableTarget`, `swapDir`.
 * - Clean-up: `trackTemporary`, `installSignalCleanup`, `sweepStale`, `lockTarget`, `openWorkspace`.
 * - Ownership: the manifest (`readManifest`, `planOwnedFiles`, `applyOwnedFiles`, `describePlan`).
 * - Output folders: `openOutput`, `inspectOutputFolder`, `markOutput`.
 * - Terraform strings: `terraformLiteral`. Secrets: `detectSecret`, `findSecrets`, `redactSecrets`.
 * - AWS limits: `LAMBDA_LIMITS`, `checkEnvironment`, `checkTags`, `checkS3Backend`.
 * - Faults: `FaultError`, `describeFault`, `childProcessFault`.
 */
export { assertWritableTarget, makeDirs, removeCreatedDirs, stageFile, swapDir, writeFileAtomic, type StagedFile } from './atomic';
export { installSignalCleanup, isProcessAlive, lockTarget, noteSignalReported, removeTemporaries, scratchPath, sweepStale, trackTemporary } from './cleanup';
export { terraformLiteral, terraformLiteralValues } from './escape';
export { childProcessFault, describeFault, FaultError, interrupted, SIGNAL_EXIT_CODES, type Fault } from './faults';
export {
  checkEnvironment,
  checkS3Backend,
  checkTags,
  ENVIRONMENT_KEY,
  LAMBDA_LIMITS,
  MAX_TAGS_PER_RESOURCE,
  NAME_TAG_KEY,
  RESERVED_ENVIRONMENT_KEYS,
  s3BucketNameProblem,
  STACK_TAG_KEYS,
} from './limits';
export { inspectOutputFolder, markOutput, openOutput, type OutputFolder, type OutputOptions, type OutputRun } from './output';
export {
  applyOwnedFiles,
  describePlan,
  MANIFEST_FILE,
  planOwnedFiles,
  readManifest,
  serializeManifest,
  sha256,
  writeManifest,
  type FileAction,
  type FolderKind,
  type GeneratedFile,
  type Manifest,
  type OwnershipPlan,
  type PlannedFile,
} from './ownership';
export { isInside, realPathOf, relativePathProblem, resolveInside, type ConfineOptions } from './paths';
export { fileKind, formatBytes, jsonDepthOver, MAX_JSON_DEPTH, readJsonFile, readRegularFile, readTextFile, type FileKind, type JsonReadOptions, type ReadOptions } from './read';
export { openWorkspace, type Workspace } from './workspace';
export { readSourceTree, sourceError, type CodeSource } from './source-tree';
export { detectSecret, findSecrets, REDACTED, redactSecrets, SECRET_FIX, SECRET_SHAPES, type SecretFinding, type SecretShape } from './secrets';
