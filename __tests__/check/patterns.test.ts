/**
 * Every pattern of the catalog, synthesized with its required options (and a few option variants):
 * `check` passes on each, and the paths the pattern exists for are among the checks that pass, so a
 * pass is never vacuous. A false positive here is fixed in the checker; a real break is a pattern bug.
 */
import { PATTERNS } from '../../generator/catalog';
import { checkStackDir, type CheckReport } from '../../generator/check';
import type { RawConfig } from '../../generator/config/schema';
import { synthPattern } from './pattern-stacks';

/** The promises each pattern is about: these checks must be present and pass. */
const PROMISES: Record<string, string[]> = {
  'nat-gateway': ['internet-egress'],
  'nat-instance': ['internet-egress', 'imds', 'ssm-host'],
  endpoints: ['aws-service', 'call-lambda', 'gateway-endpoint'],
  peering: ['peering'],
  'private-api': ['invoke-rest-api', 'call-api', 'aws-service'],
  'internal-alb': ['invoke-alb', 'call-lb'],
  privatelink: ['privatelink', 'call-endpoint', 'invoke-alb'],
  efs: ['efs', 'invoke-http-api', 'efs-encryption'],
  'sns-slack': ['invoke-sns', 'internet-egress', 'aws-service', 'gateway-endpoint'],
};
/** What every VPC function gets checked for, whatever the pattern. */
const EVERY_FUNCTION = ['vpc-role', 'multi-az', 'private-subnets', 'alias', 'secrets', 'open-ingress', 'log-retention', 'destroy', 'handler-archive'];
/** Patterns whose functions reach the internet through NAT: one shared NAT (the default) makes every AZ depend on one. */
const NAT_EGRESS = new Set(['nat-gateway', 'nat-instance', 'sns-slack']);

interface Case {
  name: string;
  pattern: string;
  options?: Record<string, unknown>;
  config?: Partial<RawConfig>;
  promises?: string[];
}

const CASES: Case[] = [
  ...PATTERNS.map((p) => ({ name: p.id, pattern: p.id })),
  ...PATTERNS.map((p) => ({ name: `${p.id} with the SSM host`, pattern: p.id, config: { ssmHost: true }, promises: ['ssm-host', 'imds'] })),
  { name: 'nat-gateway, one NAT per AZ over 3 AZs', pattern: 'nat-gateway', options: { natPerAz: true }, config: { availabilityZones: 3 } },
  { name: 'nat-instance, one per AZ', pattern: 'nat-instance', options: { natPerAz: true } },
  { name: 'sns-slack through a NAT instance', pattern: 'sns-slack', options: { nat: 'instance' } },
  { name: 'endpoints for sts, ssm, sqs, dynamodb', pattern: 'endpoints', options: { endpoints: ['lambda', 'sts', 'ssm', 'sqs', 'dynamodb'] } },
  { name: 'privatelink with the consumer side in another account', pattern: 'privatelink', options: { consumerAccountId: '210987654321' } },
  { name: 'peering with routes back in the peer tables', pattern: 'peering', options: { peerRouteTableIds: ['rtb-0123456789abcdef0'] } },
];

describe('check passes on every pattern', () => {
  test('every catalog pattern has its promises listed here', () => {
    expect(PATTERNS.map((p) => p.id).filter((id) => !PROMISES[id])).toEqual([]);
  });

  test.each(CASES.map((c) => [c.name, c] as [string, Case]))('%s', (_name, c) => {
    const { stackDir } = synthPattern(c.pattern, c.options, c.config);
    const report: CheckReport = checkStackDir(stackDir);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    // The one warning a pattern may give: internet egress of every AZ through a single shared NAT.
    const sharedNat = NAT_EGRESS.has(c.pattern) && c.options?.natPerAz !== true;
    const warnings = report.results.filter((r) => r.status === 'warn');
    expect(warnings.filter((w) => !(sharedNat && w.check === 'multi-az' && /egress from .* goes through .* in /.test(w.message)))).toEqual([]);
    if (sharedNat) expect(warnings.length).toBeGreaterThan(0);
    const passed = (check: string, subject?: string) => report.results.some((r) => r.status === 'pass' && r.check === check && (!subject || r.subject === subject));
    for (const check of [...(PROMISES[c.pattern] ?? []), ...(c.promises ?? [])]) expect({ check, passed: passed(check) }).toEqual({ check, passed: true });
    const promisedOfEach = EVERY_FUNCTION.filter((check) => !(sharedNat && check === 'multi-az'));
    for (const fn of report.inventory.functions) {
      for (const check of promisedOfEach) expect({ fn, check, passed: passed(check, fn) }).toEqual({ fn, check, passed: true });
    }
  });
});
