/**
 * HCL output (`synth --hcl`, `export`): the synthesized JSON rendered as readable, fmt-clean files,
 * laid out by the sidecar the app wrote beside it (layout.ts). No cdktf here.
 */
import { findPattern } from '../catalog';
import { readLayoutSidecar, stackLayout, type SidecarElement } from './layout';
import { renderHcl, type HclFiles, type TfJson } from './render';

export type { HclFiles, TfJson } from './render';

/**
 * A synthesized stack folder's Terraform JSON (possibly adjusted by the caller) as HCL files, by file
 * name. `added`: elements the caller put in the JSON (export's region variable, outputs); variables
 * come first in their file, the rest after the app's. `headers`: file header comments to use instead.
 */
export function stackDirToHcl(stackDir: string, json: TfJson, patternId: string, added: SidecarElement[] = [], headers: Record<string, string> = {}): HclFiles {
  return sidecarToHcl(readLayoutSidecar(stackDir).elements, json, patternId, added, headers);
}

/** As stackDirToHcl, from a sidecar's elements in hand (export: read once per stack; the union module's merged). */
export function sidecarToHcl(sidecar: SidecarElement[], json: TfJson, patternId: string, added: SidecarElement[] = [], headers: Record<string, string> = {}): HclFiles {
  const spec = findPattern(patternId);
  const variables = added.filter((e) => e.kind === 'variable');
  const elements = [...variables, ...sidecar, ...added.filter((e) => e.kind !== 'variable')];
  const layout = stackLayout({ elements }, json as Record<string, any>, { id: patternId, title: spec?.title ?? patternId });
  // A caller's own purpose for a file (export's module: versions.tf holds no backend there).
  return renderHcl(json, { ...layout, fileHeaders: { ...layout.fileHeaders, ...headers } });
}
