/**
 * The fixed-cost estimate: read from the synthesized Terraform (not from the pattern), priced from the
 * one data file, and a table whose rows add up to its total.
 */
import { KNOWN_REGIONS } from '../generator/config/regions';
import { estimateMonthlyCost, formatCostMarkdown, formatCostText, formatUsageMarkdown, formatUsageText, money, PRICES, type TerraformJson } from '../generator/cost';
import { PATTERN_IDS } from '../generator/catalog';
import { synthPattern } from './check/pattern-stacks';
import { rawConfig, synth } from './helpers/synth';

const HOURS = 730;
const eu = PRICES.regions['eu-west-1'];

/** Every kind of charged resource the estimator knows, with its pricing quirks. */
const everything: TerraformJson = {
  resource: {
    aws_nat_gateway: { a: { subnet_id: 'x' }, b: { subnet_id: 'y' } },
    aws_eip: { nat_a: { domain: 'vpc' }, nat_b: { domain: 'vpc' }, bastion: { domain: 'vpc', instance: '${aws_instance.bastion.id}' } },
    aws_instance: {
      nat: { instance_type: 't4g.nano', root_block_device: { volume_size: 20 } },
      host: { instance_type: 't4g.nano' },
      public: { instance_type: 't3.micro', associate_public_ip_address: true },
      bastion: { instance_type: 't3.micro', associate_public_ip_address: true },
      odd: { instance_type: 'm9.huge' },
    },
    aws_vpc_endpoint: {
      sts: { vpc_endpoint_type: 'Interface', subnet_ids: ['a', 'b', 'c'] },
      ssm: { vpc_endpoint_type: 'Interface', subnet_ids: ['a', 'b', 'c'] },
      lambda: { vpc_endpoint_type: 'Interface', subnet_ids: ['a', 'b'] },
      s3: { vpc_endpoint_type: 'Gateway', route_table_ids: ['r'] },
    },
    aws_lb: { alb: { internal: true }, nlb: { load_balancer_type: 'network', internal: true } },
    aws_vpc_endpoint_service: { svc: { acceptance_required: true } },
    aws_secretsmanager_secret: { webhook: {} },
    aws_kms_key: { topic: {}, more: { count: 2 } },
    aws_subnet: { a: {}, b: {} },
  },
};

describe('estimated monthly fixed cost', () => {
  const estimate = estimateMonthlyCost(everything, 'eu-west-1');
  const line = (item: string) => {
    const found = estimate.lines.find((l) => l.item === item);
    if (!found) throw new Error(`no line "${item}"; have: ${estimate.lines.map((l) => l.item).join(', ')}`);
    return found;
  };

  test('GIVEN every charged resource kind THEN each line counts it and prices it per hour or month', () => {
    expect(line('NAT gateway')).toMatchObject({ quantity: 2, unitPrice: eu.natGatewayHour, monthly: 2 * eu.natGatewayHour * HOURS });
    expect(line('EC2 instance t4g.nano')).toMatchObject({ quantity: 2, monthly: round(2 * eu.instanceHour['t4g.nano'] * HOURS) });
    expect(line('EC2 instance t3.micro')).toMatchObject({ quantity: 2, monthly: round(2 * eu.instanceHour['t3.micro'] * HOURS) });
    // 20 GB given + 4 × 8 GB assumed
    expect(line('EBS gp3 root volume storage')).toMatchObject({ quantity: 52, unit: 'GB-month', monthly: round(52 * eu.ebsGp3GbMonth) });
    // 3 EIPs + the one instance whose public IP is not replaced by an EIP
    expect(line('Public IPv4 address')).toMatchObject({ quantity: 4, monthly: round(4 * 0.005 * HOURS) });
    // an interface endpoint is billed in each AZ it has a subnet in
    expect(line('Interface VPC endpoint × AZ (3 endpoints)')).toMatchObject({ quantity: 8, monthly: round(8 * eu.interfaceEndpointAzHour * HOURS) });
    expect(line('Gateway VPC endpoint (S3, DynamoDB)')).toMatchObject({ quantity: 1, monthly: 0 });
    expect(line('Application Load Balancer')).toMatchObject({ quantity: 1, monthly: round(eu.albHour * HOURS) });
    expect(line('Network Load Balancer')).toMatchObject({ quantity: 1, monthly: round(eu.nlbHour * HOURS) });
    expect(line('VPC endpoint service (PrivateLink)')).toMatchObject({ quantity: 1, monthly: 0 });
    expect(line('Secrets Manager secret')).toMatchObject({ quantity: 1, unit: 'month', monthly: 0.4 });
    expect(line('KMS customer managed key')).toMatchObject({ quantity: 3, monthly: 3 });
  });

  test('GIVEN an instance type missing from the price table THEN its line says so and stays out of the total', () => {
    expect(line('EC2 instance m9.huge')).toMatchObject({ quantity: 1, unitPrice: undefined, monthly: undefined, note: expect.stringMatching(/not in the price table/) });
    expect(estimate.notes).toContain('Resources marked as not in the price table are left out of the total.');
  });

  test('THEN the lines add up to the total, and both tables show the same rows and total', () => {
    const sum = estimate.lines.reduce((total, l) => total + (l.monthly ?? 0), 0);
    expect(estimate.totalMonthly).toBeCloseTo(sum, 10);
    const expected =
      2 * eu.natGatewayHour * HOURS +
      (2 * eu.instanceHour['t4g.nano'] + 2 * eu.instanceHour['t3.micro']) * HOURS +
      52 * eu.ebsGp3GbMonth +
      4 * 0.005 * HOURS +
      8 * eu.interfaceEndpointAzHour * HOURS +
      (eu.albHour + eu.nlbHour) * HOURS +
      0.4 +
      3;
    expect(estimate.totalMonthly).toBeCloseTo(expected, 1);

    const markdown = formatCostMarkdown(estimate).split('\n');
    const rows = markdown.slice(2, -1);
    expect(rows).toHaveLength(estimate.lines.length);
    const fromRows = rows.reduce((total, r) => total + (/\$([\d.]+) \|$/.exec(r) ? Number(/\$([\d.]+) \|$/.exec(r)![1]) : 0), 0);
    expect(money(fromRows)).toBe(money(estimate.totalMonthly));
    expect(markdown[markdown.length - 1]).toBe(`| **Total fixed cost** | | | **${money(estimate.totalMonthly)}** |`);
    const text = formatCostText(estimate).split('\n');
    expect(text[text.length - 1]).toMatch(new RegExp(`^Total fixed cost\\s+\\${money(estimate.totalMonthly)}$`));
    expect(text).toHaveLength(estimate.lines.length + 3);
  });

  test('GIVEN usage-priced resources THEN each is a usage line with its unit price, outside the total', () => {
    expect(estimate.usage.map((u) => [u.item, u.unitPrice, u.unit])).toEqual([
      ['NAT gateway data processing', eu.natGatewayGb, 'GB'],
      ['Interface endpoint data processing', eu.interfaceEndpointGb, 'GB'],
      ['ALB capacity units', eu.albLcuHour, 'LCU-hour'],
      ['NLB capacity units', eu.nlbLcuHour, 'LCU-hour'],
    ]);
    expect(estimate.notes.join(' ')).toMatch(/Usage-based charges come on top: the usage-priced parts listed, Lambda requests/);
    const usage = formatUsageMarkdown(estimate).split('\n');
    expect(usage.slice(2)).toEqual(estimate.usage.map((u) => `| ${u.item} | ${money(u.unitPrice)}/${u.unit} | ${u.basis} |`));
    expect(formatUsageText(estimate)[0]).toMatch(/^NAT gateway data processing\s+\$0\.048\/GB$/);
  });

  test('GIVEN EFS with backups, an HTTP API and a REST API THEN storage, backup and request prices are usage lines', () => {
    const apis: TerraformJson = {
      resource: {
        aws_efs_file_system: { fs: { encrypted: true } },
        aws_efs_backup_policy: { on: { backup_policy: { status: 'ENABLED' } } },
        aws_apigatewayv2_api: { http: { protocol_type: 'HTTP' }, ws: { protocol_type: 'WEBSOCKET' } },
        aws_api_gateway_rest_api: { rest: {} },
      },
    };
    const e = estimateMonthlyCost(apis, 'eu-west-1');
    expect(e.usage.map((u) => [u.item, u.unitPrice, u.unit])).toEqual([
      ['EFS Standard storage', eu.efsStandardGbMonth, 'GB-month'],
      ['AWS Backup of EFS (warm storage)', eu.backupEfsWarmGbMonth, 'GB-month'],
      ['HTTP API requests', eu.httpApiMillion, 'million requests'],
      ['REST API requests', eu.restApiMillion, 'million requests'],
    ]);
    expect(e.lines).toEqual([]);
    expect(e.totalMonthly).toBe(0);
    // Backups switched off: no backup line.
    const noBackup = estimateMonthlyCost({ resource: { ...apis.resource, aws_efs_backup_policy: { off: { backup_policy: { status: 'DISABLED' } } } } }, 'eu-west-1');
    expect(noBackup.usage.map((u) => u.item)).not.toContain('AWS Backup of EFS (warm storage)');
  });

  test('GIVEN a region the table lacks THEN it uses the fallback region\'s prices and says so', () => {
    const other = estimateMonthlyCost(everything, 'ca-central-1');
    expect(other.priceRegion).toBe(PRICES.fallbackRegion);
    expect(other.notes[0]).toMatch(/no list prices for ca-central-1; these are us-east-1 prices/);
    expect(other.lines.find((l) => l.item === 'NAT gateway')!.unitPrice).toBe(PRICES.regions['us-east-1'].natGatewayHour);
    expect(estimate.notes[0]).not.toMatch(/no list prices/);
  });

  test('GIVEN nothing charged by the hour THEN the total is zero and there are no lines', () => {
    const none = estimateMonthlyCost({ resource: { aws_vpc: { v: {} }, aws_lambda_function: { f: {} } } }, 'eu-west-1');
    expect(none.lines).toEqual([]);
    expect(none.usage).toEqual([]);
    expect(none.totalMonthly).toBe(0);
    expect(formatUsageMarkdown(none)).toBe('');
    expect(none.notes).toEqual(['Usage-based charges come on top: Lambda requests and duration, data transfer, CloudWatch Logs.']);
  });

  test('money() shows cents, and up to 4 decimals for unit prices', () => {
    expect([money(35.04), money(0.4), money(1), money(0.0042), money(0.048), money(1234.5)]).toEqual(['$35.04', '$0.40', '$1.00', '$0.0042', '$0.048', '$1234.50']);
  });

  describe('from real synthesized stacks', () => {
    /** The usage-priced parts each pattern's stack has (with its defaults). */
    const USAGE: Record<string, string[]> = {
      'nat-gateway': ['NAT gateway data processing'],
      'nat-instance': [],
      endpoints: ['Interface endpoint data processing'],
      peering: [],
      'private-api': ['Interface endpoint data processing', 'REST API requests'],
      'internal-alb': ['ALB capacity units'],
      privatelink: ['Interface endpoint data processing', 'ALB capacity units', 'NLB capacity units'],
      efs: ['EFS Standard storage', 'AWS Backup of EFS (warm storage)', 'HTTP API requests'],
      'sns-slack': ['NAT gateway data processing'],
    };
    test.each(PATTERN_IDS)('GIVEN pattern %s THEN every usage-priced part it creates is a usage line', (id) => {
      const e = estimateMonthlyCost(synthPattern(id).json as TerraformJson, 'eu-west-1');
      expect(e.usage.map((u) => u.item)).toEqual(USAGE[id]);
      for (const u of e.usage) expect(u.unitPrice).toBeGreaterThan(0);
    });

    test('GIVEN nat-gateway with a NAT per AZ in 3 AZs THEN 3 NAT gateways and 3 public IPv4 addresses', () => {
      const { json } = synth(rawConfig({ availabilityZones: 3, pattern: { id: 'nat-gateway', natPerAz: true } }));
      const e = estimateMonthlyCost(json as TerraformJson, 'eu-west-1');
      expect(e.lines.map((l) => [l.item, l.quantity])).toEqual([
        ['NAT gateway', 3],
        ['Public IPv4 address', 3],
      ]);
    });

    test('GIVEN the endpoints pattern THEN no NAT, and one endpoint-hour per interface endpoint per Lambda subnet', () => {
      const { json } = synth(rawConfig({ availabilityZones: 3, pattern: { id: 'endpoints', endpoints: ['sts', 's3'] }, functions: [{ name: 'caller' }, { name: 'target' }] }));
      const e = estimateMonthlyCost(json as TerraformJson, 'eu-west-1');
      const interfaces = Object.values(json.resource.aws_vpc_endpoint).filter((r) => r.vpc_endpoint_type === 'Interface');
      expect(interfaces.length).toBeGreaterThanOrEqual(2);
      expect(e.lines.find((l) => l.item.startsWith('Interface VPC endpoint'))!.quantity).toBe(interfaces.length * 3);
      expect(e.lines.some((l) => l.item === 'NAT gateway' || l.item === 'Public IPv4 address')).toBe(false);
    });
  });

  test('the price table: every region has every price, is a known region, and the file names its sources and date', () => {
    expect(PRICES.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.sources.length).toBeGreaterThan(3);
    expect(PRICES.usage.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.usage.sources.length).toBeGreaterThan(3);
    expect(PRICES.regions[PRICES.fallbackRegion]).toBeDefined();
    const types = Object.keys(PRICES.regions[PRICES.fallbackRegion].instanceHour).sort();
    for (const [region, p] of Object.entries(PRICES.regions)) {
      expect(KNOWN_REGIONS).toContain(region);
      expect(Object.keys(p.instanceHour).sort()).toEqual(types);
      for (const [k, v] of Object.entries(p)) if (typeof v === 'number') expect({ region, k, positive: v > 0 }).toEqual({ region, k, positive: true });
    }
  });
});

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
