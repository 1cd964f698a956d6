/** Pattern id → construct code. The metadata (titles, options, flags) lives in generator/catalog. */
import type { Pattern } from './pattern';
import natGateway from './nat-gateway';

export const PATTERN_BUILDERS: Record<string, Pattern<any>> = {
  'nat-gateway': natGateway,
};
