/**
 * Availability zones per region, so configs name real AZs without a runtime `aws_availability_zones`
 * lookup (that keeps output deterministic and plannable offline).
 *
 * Source: AWS Regions and Availability Zones documentation, checked 2026-11. Letter suffixes map to
 * physical zones per account; a few regions (us-west-1, ap-northeast-1, ca-central-1) skip letters,
 * and the first listed zones are the ones every account has.
 */
export const REGION_AZ_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['a', 'b', 'c', 'd', 'e', 'f'],
  'us-east-2': ['a', 'b', 'c'],
  'us-west-1': ['a', 'c'],
  'us-west-2': ['a', 'b', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'ca-west-1': ['a', 'b', 'c'],
  'sa-east-1': ['a', 'b', 'c'],
  'eu-west-1': ['a', 'b', 'c'],
  'eu-west-2': ['a', 'b', 'c'],
  'eu-west-3': ['a', 'b', 'c'],
  'eu-central-1': ['a', 'b', 'c'],
  'eu-central-2': ['a', 'b', 'c'],
  'eu-north-1': ['a', 'b', 'c'],
  'eu-south-1': ['a', 'b', 'c'],
  'eu-south-2': ['a', 'b', 'c'],
  'ap-south-1': ['a', 'b', 'c'],
  'ap-south-2': ['a', 'b', 'c'],
  'ap-southeast-1': ['a', 'b', 'c'],
  'ap-southeast-2': ['a', 'b', 'c'],
  'ap-southeast-3': ['a', 'b', 'c'],
  'ap-southeast-4': ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ap-northeast-2': ['a', 'b', 'c', 'd'],
  'ap-northeast-3': ['a', 'b', 'c'],
  'ap-east-1': ['a', 'b', 'c'],
  'me-south-1': ['a', 'b', 'c'],
  'me-central-1': ['a', 'b', 'c'],
  'af-south-1': ['a', 'b', 'c'],
  'il-central-1': ['a', 'b', 'c'],
};

export const KNOWN_REGIONS = Object.keys(REGION_AZ_SUFFIXES);

/** All AZ names of a region, or an empty list for a region we do not know. */
export function azNamesOf(region: string): string[] {
  return (REGION_AZ_SUFFIXES[region] ?? []).map((suffix) => `${region}${suffix}`);
}

/** The first `count` AZs of a region: the default when a config gives a count instead of names. */
export function defaultAzs(region: string, count: number): string[] {
  return azNamesOf(region).slice(0, count);
}
