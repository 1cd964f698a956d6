/** The pattern catalog: one entry per connectivity scenario of ../shared/field-notes.md. */
import type { PatternSpec } from './types';
import { natGateway } from './nat-gateway';

export const PATTERNS: readonly PatternSpec[] = [natGateway];

export const PATTERN_IDS = PATTERNS.map((p) => p.id);

export const DEFAULT_PATTERN = 'nat-gateway';

export function findPattern(id: string): PatternSpec | undefined {
  return PATTERNS.find((p) => p.id === id);
}

export type { PatternSpec, PatternFlag, DefaultFunction } from './types';
