/** The pattern catalog: one entry per connectivity scenario of ../shared/field-notes.md. */
import type { PatternSpec } from './types';
import { natGateway } from './nat-gateway';
import { natInstance } from './nat-instance';
import { endpoints } from './endpoints';
import { peering } from './peering';
import { privateApi } from './private-api';
import { internalAlb } from './internal-alb';
import { privatelink } from './privatelink';
import { efs } from './efs';
import { snsSlack } from './sns-slack';

export const PATTERNS: readonly PatternSpec[] = [natGateway, natInstance, endpoints, peering, privateApi, internalAlb, privatelink, efs, snsSlack];

export const PATTERN_IDS = PATTERNS.map((p) => p.id);

export const DEFAULT_PATTERN = 'nat-gateway';

export function findPattern(id: string): PatternSpec | undefined {
  return PATTERNS.find((p) => p.id === id);
}

export type { PatternSpec, PatternFlag, DefaultFunction, SubnetUse, OtherNetwork, DiagramGroup } from './types';
export { NEUTRAL_SAMPLE } from './samples';
export { wiredRoles } from './checks';
