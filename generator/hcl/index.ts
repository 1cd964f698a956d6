/**
 * HCL output (`synth --hcl`, `export`): the synthesized JSON rendered as readable, fmt-clean files.
 * Loads cdktf (through layout.ts): require it only where a stack is built anyway.
 */
import type { TerraformStack } from 'cdktf';
import { findPattern } from '../catalog';
import { stackLayout } from './layout';
import { renderHcl, type HclFiles, type TfJson } from './render';

export type { HclFiles, TfJson } from './render';

/** The stack's Terraform JSON (as synthesized) as HCL files, by file name. */
export function stackToHcl(stack: TerraformStack, json: TfJson, patternId: string): HclFiles {
  const spec = findPattern(patternId);
  return renderHcl(json, stackLayout(stack, json as Record<string, any>, { id: patternId, title: spec?.title ?? patternId }));
}
