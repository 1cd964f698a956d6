import type { RawConfig } from '../generator/config/schema';
import { validateConfig } from '../generator/config/validate';
import { rawConfig } from './helpers/synth';
import { issuesOf } from './helpers/config-issues';

function expectIssue(raw: unknown, field: string, message: RegExp): void {
  const issues = issuesOf(raw);
  expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringMatching(message) })]));
}

const withNetwork = (network: RawConfig['network']) => rawConfig({ network });

describe('config defaults', () => {
  test('GIVEN a minimal config WHEN validated THEN region AZs, subnets and function defaults are explicit', () => {
    const { config, subnets } = validateConfig(rawConfig());
    expect(config.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(config.functions[0]).toMatchObject({ runtime: 'nodejs22.x', memoryMb: 256, timeoutSeconds: 15, source: 'functions/api' });
    expect(config.backend).toEqual({ type: 'local' });
    expect(subnets).toEqual([
      { az: 'eu-west-1a', privateCidr: '10.0.0.0/20', publicCidr: '10.0.32.0/24' },
      { az: 'eu-west-1b', privateCidr: '10.0.16.0/20', publicCidr: '10.0.33.0/24' },
    ]);
  });

  test('an AZ count picks the first N zones of the region, skipping letters the region lacks', () => {
    expect(validateConfig(rawConfig({ region: 'ap-northeast-1', availabilityZones: 3 })).config.availabilityZones).toEqual([
      'ap-northeast-1a',
      'ap-northeast-1c',
      'ap-northeast-1d',
    ]);
  });

  test('explicit subnets are kept as given', () => {
    const { subnets } = validateConfig(
      withNetwork({ cidr: '10.1.0.0/16', privateSubnets: ['10.1.0.0/24', '10.1.1.0/24'], publicSubnets: ['10.1.100.0/28', '10.1.100.16/28'] }),
    );
    expect(subnets.map((s) => [s.privateCidr, s.publicCidr])).toEqual([
      ['10.1.0.0/24', '10.1.100.0/28'],
      ['10.1.1.0/24', '10.1.100.16/28'],
    ]);
  });
});

describe('bad input names the field, the value and the fix', () => {
  test('malformed CIDR', () => expectIssue(withNetwork({ cidr: '10.0.0/16' }), 'network.cidr', /not an IPv4 CIDR/));
  test('CIDR with host bits suggests the network address', () =>
    expectIssue(withNetwork({ cidr: '10.0.0.1/16' }), 'network.cidr', /did you mean "10\.0\.0\.0\/16"/));
  test('VPC prefix AWS does not allow', () => expectIssue(withNetwork({ cidr: '10.0.0.0/8' }), 'network.cidr', /\/16 to \/28/));
  test('subnets that do not fit the VPC', () =>
    expectIssue(withNetwork({ cidr: '10.0.0.0/24' }), 'network.cidr', /need 8,704 addresses but the VPC has 256/));
  test('explicit subnet outside the VPC', () =>
    expectIssue(withNetwork({ privateSubnets: ['10.9.0.0/24', '10.0.1.0/24'] }), 'network.privateSubnets[0]', /outside the VPC CIDR 10\.0\.0\.0\/16/));
  test('overlapping subnets', () =>
    expectIssue(withNetwork({ privateSubnets: ['10.0.0.0/20', '10.0.8.0/24'] }), 'network.privateSubnets[1]', /overlaps 10\.0\.0\.0\/20/));
  test('wrong number of explicit subnets', () =>
    expectIssue(withNetwork({ privateSubnets: ['10.0.0.0/24'] }), 'network.privateSubnets', /2 expected, 1 given/));
  test('AZ count above 6', () => expectIssue(rawConfig({ availabilityZones: 7 }), 'availabilityZones', /use 1–6/));
  test('AZ count 0', () => expectIssue(rawConfig({ availabilityZones: 0 }), 'availabilityZones', /use 1–6/));
  test('one AZ is refused for Lambda subnets', () => expectIssue(rawConfig({ availabilityZones: 1 }), 'availabilityZones', /at least 2 AZs/));
  test('more AZs than the region has', () =>
    expectIssue(rawConfig({ region: 'us-east-2', availabilityZones: 4 }), 'availabilityZones', /has only 3 AZs/));
  test('AZ name not in the region', () =>
    expectIssue(rawConfig({ availabilityZones: ['eu-west-1a', 'us-east-1b'] }), 'availabilityZones[1]', /not an AZ of eu-west-1/));
  test('unknown region suggests the closest', () => expectIssue(rawConfig({ region: 'eu-wset-1' }), 'region', /did you mean "eu-west-1"/));
  test('unknown pattern id', () =>
    expectIssue(rawConfig({ pattern: { id: 'nat-gatway' } }), 'pattern.id', /did you mean "nat-gateway"/));
  test('function name AWS would reject', () =>
    expectIssue(rawConfig({ functions: [{ name: 'my function!' }] }), 'functions[0].name', /lowercase letters, digits and hyphens/));
  test('function name too long once prefixed', () =>
    expectIssue(rawConfig({ functions: [{ name: `f${'x'.repeat(60)}` }] }), 'functions[0].name', /AWS allows 64/));
  test('duplicate function names', () =>
    expectIssue(rawConfig({ functions: [{ name: 'api' }, { name: 'api' }] }), 'functions[1].name', /unique/));
  test('memory below AWS minimum', () =>
    expectIssue(rawConfig({ functions: [{ name: 'api', memoryMb: 64 }] }), 'functions[0].memoryMb', /at least 128 MB/));
  test('memory above AWS maximum', () =>
    expectIssue(rawConfig({ functions: [{ name: 'api', memoryMb: 20000 }] }), 'functions[0].memoryMb', /at most 10240 MB/));
  test('timeout above 900 s', () =>
    expectIssue(rawConfig({ functions: [{ name: 'api', timeoutSeconds: 901 }] }), 'functions[0].timeoutSeconds', /at most 900 seconds/));
  test('unknown top-level key (typo) suggests the right one', () =>
    expectIssue({ ...rawConfig(), regoin: 'eu-west-1' }, '(top level)', /unknown key "regoin" \(did you mean "region"\?\)/));
  test('unknown key inside pattern options', () =>
    expectIssue(rawConfig({ pattern: { id: 'nat-gateway', natPeraz: true } as never }), 'pattern', /"natPeraz" \(did you mean "natPerAz"\?\)/));
  test('unknown key inside a function', () =>
    expectIssue(rawConfig({ functions: [{ name: 'api', memory: 512 } as never] }), 'functions[0]', /did you mean "memoryMb"/));
  test('stack name with capitals', () => expectIssue(rawConfig({ name: 'MyApp' }), 'name', /lowercase/));
  test('log retention CloudWatch does not accept', () =>
    expectIssue(rawConfig({ logRetentionDays: 10 }), 'logRetentionDays', /CloudWatch accepts only/));
  test('absolute local state path', () =>
    expectIssue(rawConfig({ backend: { type: 'local', path: '/var/state.tfstate' } }), 'backend.path', /relative path/));
  test('every problem is reported at once, each with its value', () => {
    const issues = issuesOf(rawConfig({ region: 'mars-1', functions: [{ name: 'api' }, { name: 'api' }] }));
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['region', 'functions[1].name']));
    expect(issues.find((i) => i.field === 'region')).toMatchObject({ value: 'mars-1' });
  });
});
