/**
 * HCL output (`synth --hcl`, `export`): the synthesized JSON rendered as readable, fmt-clean files,
 * laid out by the sidecar the app wrote beside it (layout.ts). No cdktf here.
 */
import { findPattern } from '../catalog';
import { readLayoutSidecar, stackLayout } from './layout';
import { renderHcl, type HclFiles, type TfJson } from './render';

export type { HclFiles, TfJson } from './render';

/** A synthesized stack folder's Terraform JSON (possibly adjusted by the caller) as HCL files, by file name. */
export function stackDirToHcl(stackDir: string, json: TfJson, patternId: string): HclFiles {
  const spec = findPattern(patternId);
  return renderHcl(json, stackLayout(readLayoutSidecar(stackDir), json as Record<string, any>, { id: patternId, title: spec?.title ?? patternId }));
}
