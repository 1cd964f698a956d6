/** Pattern id → construct code. The metadata (titles, options, flags) lives in generator/catalog. */
import type { Pattern } from './pattern';
import natGateway from './nat-gateway';
import natInstance from './nat-instance';
import endpoints from './endpoints';
import peering from './peering';
import privateApi from './private-api';
import internalAlb from './internal-alb';
import privatelink from './privatelink';
import efs from './efs';
import snsSlack from './sns-slack';

export const PATTERN_BUILDERS: Record<string, Pattern<any>> = {
  'nat-gateway': natGateway,
  'nat-instance': natInstance,
  endpoints,
  peering,
  'private-api': privateApi,
  'internal-alb': internalAlb,
  privatelink,
  efs,
  'sns-slack': snsSlack,
};
