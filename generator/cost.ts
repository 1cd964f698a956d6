/**
 * Estimated monthly fixed cost of a synthesized stack: what AWS charges every hour whether or not the
 * functions run (NAT gateways and instances, public IPv4 addresses, interface endpoints, load
 * balancers...), and beside it, never in the total, the unit price of every usage-priced part the
 * stack has (NAT and endpoint data, EFS storage and its backups, API requests, load balancer
 * capacity units). It reads the Terraform JSON, not the pattern, so it is right for every pattern
 * without per-pattern code. Pure: no cdktf, no file system; prices come from data/prices.json.
 */
import PRICE_DATA from './data/prices.json';

export interface RegionPrices {
  natGatewayHour: number;
  natGatewayGb: number;
  interfaceEndpointAzHour: number;
  interfaceEndpointGb: number;
  albHour: number;
  nlbHour: number;
  ebsGp3GbMonth: number;
  efsStandardGbMonth: number;
  backupEfsWarmGbMonth: number;
  httpApiMillion: number;
  restApiMillion: number;
  albLcuHour: number;
  nlbLcuHour: number;
  instanceHour: Record<string, number>;
}

export interface PriceTable {
  currency: string;
  date: string;
  sources: string[];
  /** When and where the per-use prices were read. */
  usage: { date: string; sources: string[] };
  hoursPerMonth: number;
  fallbackRegion: string;
  global: { publicIpv4Hour: number; secretsManagerSecretMonth: number; kmsKeyMonth: number; route53HostedZoneMonth: number; assumedRootVolumeGb: number };
  regions: Record<string, RegionPrices>;
}

export const PRICES: PriceTable = PRICE_DATA;

export interface CostLine {
  /** What is charged, for people: "NAT gateway", "EC2 instance t4g.nano". */
  item: string;
  /** Terraform resource type(s) the line counts. */
  resourceType: string;
  quantity: number;
  /** What one unit is: an hour of one resource, a GB-month, a month. */
  unit: 'hour' | 'GB-month' | 'month';
  /** Undefined when the table has no price for it (then it is left out of the total). */
  unitPrice?: number;
  /** Rounded to cents, so the lines add up to the total shown. */
  monthly?: number;
  note?: string;
}

/** A part charged per use: its unit price, never a monthly amount (that depends on traffic). */
export interface UsageLine {
  /** "NAT gateway data processing", "HTTP API requests". */
  item: string;
  /** Terraform resource type(s) that bring the charge. */
  resourceType: string;
  unit: 'GB' | 'GB-month' | 'million requests' | 'LCU-hour';
  unitPrice: number;
  /** What is counted, for people. */
  basis: string;
}

export interface CostEstimate {
  region: string;
  /** The region whose prices were used (the fallback when `region` is not in the table). */
  priceRegion: string;
  currency: string;
  hoursPerMonth: number;
  lines: CostLine[];
  /** Sum of the lines' monthly amounts. */
  totalMonthly: number;
  /** Usage-priced parts of the stack, not in the total. */
  usage: UsageLine[];
  usageDate: string;
  /** Caveats: fallback prices, unpriced resources, and the usage-based charges not included. */
  notes: string[];
  date: string;
  sources: string[];
}

/** The subset of cdk.tf.json the estimator reads. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

type Resource = Record<string, unknown>;

export function estimateMonthlyCost(terraform: TerraformJson, region: string, prices: PriceTable = PRICES): CostEstimate {
  const known = prices.regions[region];
  const priceRegion = known ? region : prices.fallbackRegion;
  const p = prices.regions[priceRegion];
  const hours = prices.hoursPerMonth;
  const notes: string[] = [];
  if (!known) notes.push(`The price table has no list prices for ${region}; these are ${priceRegion} prices (most regions cost the same or up to about 30% more).`);

  const all = (type: string) => Object.entries(terraform.resource?.[type] ?? {});
  const lines: CostLine[] = [];
  const add = (line: Omit<CostLine, 'monthly'>) => {
    if (line.quantity <= 0) return;
    const perUnitMonth = line.unitPrice === undefined ? undefined : line.unit === 'hour' ? line.unitPrice * hours : line.unitPrice;
    lines.push({ ...line, monthly: perUnitMonth === undefined ? undefined : cents(perUnitMonth * line.quantity) });
  };

  const natGateways = sum(all('aws_nat_gateway'), ([, r]) => countOf(r));
  add({ item: 'NAT gateway', resourceType: 'aws_nat_gateway', quantity: natGateways, unit: 'hour', unitPrice: p.natGatewayHour });

  // Instances: one line per type, then their root volumes and auto-assigned public IPs.
  const instances = all('aws_instance');
  const byType = new Map<string, number>();
  for (const [, r] of instances) {
    const type = typeof r.instance_type === 'string' ? r.instance_type : '(unknown type)';
    byType.set(type, (byType.get(type) ?? 0) + countOf(r));
  }
  for (const [type, quantity] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const unitPrice = p.instanceHour[type];
    add({
      item: `EC2 instance ${type}`,
      resourceType: 'aws_instance',
      quantity,
      unit: 'hour',
      unitPrice,
      note: unitPrice === undefined ? `${type} is not in the price table; not included in the total` : undefined,
    });
  }
  let rootGb = 0;
  let assumedSize = false;
  for (const [, r] of instances) {
    const size = firstBlock(r.root_block_device)?.volume_size;
    if (typeof size === 'number') rootGb += size * countOf(r);
    else {
      rootGb += prices.global.assumedRootVolumeGb * countOf(r);
      assumedSize = true;
    }
  }
  add({
    item: 'EBS gp3 root volume storage',
    resourceType: 'aws_instance',
    quantity: rootGb,
    unit: 'GB-month',
    unitPrice: p.ebsGp3GbMonth,
    note: assumedSize ? `${prices.global.assumedRootVolumeGb} GB assumed where the image's size is not set` : undefined,
  });

  // Every public IPv4 address is billed hourly, attached or not (NAT gateway EIPs included).
  const eips = all('aws_eip');
  const eipTargets = eips.map(([, r]) => `${r.instance ?? ''} ${r.network_interface ?? ''}`).join(' ');
  const instancePublicIps = sum(instances, ([name, r]) =>
    r.associate_public_ip_address === true && !eipTargets.includes(`aws_instance.${name}.`) ? countOf(r) : 0,
  );
  add({
    item: 'Public IPv4 address',
    resourceType: instancePublicIps > 0 ? 'aws_eip, aws_instance' : 'aws_eip',
    quantity: sum(eips, ([, r]) => countOf(r)) + instancePublicIps,
    unit: 'hour',
    unitPrice: prices.global.publicIpv4Hour,
  });

  // Interface endpoints are billed per AZ (one ENI per subnet); gateway endpoints are free.
  const endpoints = all('aws_vpc_endpoint');
  const isInterface = (r: Resource) => String(r.vpc_endpoint_type ?? 'Gateway').toLowerCase() === 'interface';
  const interfaceAzs = sum(endpoints, ([, r]) => (isInterface(r) ? subnetCount(r) * countOf(r) : 0));
  const interfaceCount = sum(endpoints, ([, r]) => (isInterface(r) ? countOf(r) : 0));
  add({
    item: `Interface VPC endpoint × AZ (${interfaceCount} endpoint${interfaceCount === 1 ? '' : 's'})`,
    resourceType: 'aws_vpc_endpoint',
    quantity: interfaceAzs,
    unit: 'hour',
    unitPrice: p.interfaceEndpointAzHour,
  });
  add({
    item: 'Gateway VPC endpoint (S3, DynamoDB)',
    resourceType: 'aws_vpc_endpoint',
    quantity: sum(endpoints, ([, r]) => (String(r.vpc_endpoint_type ?? 'Gateway').toLowerCase() === 'gateway' ? countOf(r) : 0)),
    unit: 'hour',
    unitPrice: 0,
  });

  const lbs = all('aws_lb').concat(all('aws_alb'));
  const lbType = (r: Resource) => String(r.load_balancer_type ?? 'application');
  add({ item: 'Application Load Balancer', resourceType: 'aws_lb', quantity: sum(lbs, ([, r]) => (lbType(r) === 'application' ? countOf(r) : 0)), unit: 'hour', unitPrice: p.albHour });
  add({ item: 'Network Load Balancer', resourceType: 'aws_lb', quantity: sum(lbs, ([, r]) => (lbType(r) === 'network' ? countOf(r) : 0)), unit: 'hour', unitPrice: p.nlbHour });
  add({
    item: 'VPC endpoint service (PrivateLink)',
    resourceType: 'aws_vpc_endpoint_service',
    quantity: sum(all('aws_vpc_endpoint_service'), ([, r]) => countOf(r)),
    unit: 'hour',
    unitPrice: 0,
    note: 'free for the provider; each consumer pays for its interface endpoint',
  });
  add({ item: 'Secrets Manager secret', resourceType: 'aws_secretsmanager_secret', quantity: sum(all('aws_secretsmanager_secret'), ([, r]) => countOf(r)), unit: 'month', unitPrice: prices.global.secretsManagerSecretMonth });
  add({ item: 'Route 53 hosted zone', resourceType: 'aws_route53_zone', quantity: sum(all('aws_route53_zone'), ([, r]) => countOf(r)), unit: 'month', unitPrice: prices.global.route53HostedZoneMonth });
  add({ item: 'KMS customer managed key', resourceType: 'aws_kms_key', quantity: sum(all('aws_kms_key'), ([, r]) => countOf(r)), unit: 'month', unitPrice: prices.global.kmsKeyMonth });

  const totalMonthly = cents(sum(lines, (l) => l.monthly ?? 0));
  if (lines.some((l) => l.unitPrice === undefined)) notes.push('Resources marked as not in the price table are left out of the total.');
  const usage = usageLines(terraform, p);
  notes.push(`Usage-based charges come on top: ${usage.length > 0 ? 'the usage-priced parts listed, ' : ''}Lambda requests and duration, data transfer, CloudWatch Logs.`);
  return {
    region,
    priceRegion,
    currency: prices.currency,
    hoursPerMonth: hours,
    lines,
    totalMonthly,
    usage,
    usageDate: prices.usage.date,
    notes,
    date: prices.date,
    sources: [...new Set([...prices.sources, ...prices.usage.sources])],
  };
}

/** The usage-priced parts present in the Terraform, each once, with its first-tier unit price. */
function usageLines(terraform: TerraformJson, p: RegionPrices): UsageLine[] {
  const all = (type: string) => Object.values(terraform.resource?.[type] ?? {});
  const any = (type: string, where: (r: Resource) => boolean = () => true) => all(type).some(where);
  const lbType = (r: Resource) => String(r.load_balancer_type ?? 'application');
  const isInterface = (r: Resource) => String(r.vpc_endpoint_type ?? 'Gateway').toLowerCase() === 'interface';
  const parts: (UsageLine & { present: boolean })[] = [
    { present: any('aws_nat_gateway'), item: 'NAT gateway data processing', resourceType: 'aws_nat_gateway', unit: 'GB', unitPrice: p.natGatewayGb, basis: 'every GB through a NAT gateway, either way' },
    { present: any('aws_vpc_endpoint', isInterface), item: 'Interface endpoint data processing', resourceType: 'aws_vpc_endpoint', unit: 'GB', unitPrice: p.interfaceEndpointGb, basis: 'every GB through an interface endpoint, either way' },
    { present: any('aws_efs_file_system'), item: 'EFS Standard storage', resourceType: 'aws_efs_file_system', unit: 'GB-month', unitPrice: p.efsStandardGbMonth, basis: 'data stored; files moved to Infrequent Access cost less' },
    {
      present: any('aws_efs_backup_policy', (r) => firstBlock(r.backup_policy)?.status === 'ENABLED') || any('aws_backup_plan'),
      item: 'AWS Backup of EFS (warm storage)',
      resourceType: 'aws_efs_backup_policy',
      unit: 'GB-month',
      unitPrice: p.backupEfsWarmGbMonth,
      basis: 'backup data kept (the first backup is a full copy, then changes)',
    },
    { present: any('aws_apigatewayv2_api', (r) => r.protocol_type === 'HTTP'), item: 'HTTP API requests', resourceType: 'aws_apigatewayv2_api', unit: 'million requests', unitPrice: p.httpApiMillion, basis: 'requests, in 512 KB steps (first 300 million a month)' },
    { present: any('aws_api_gateway_rest_api'), item: 'REST API requests', resourceType: 'aws_api_gateway_rest_api', unit: 'million requests', unitPrice: p.restApiMillion, basis: 'requests (first 333 million a month)' },
    { present: any('aws_lb', (r) => lbType(r) === 'application') || any('aws_alb'), item: 'ALB capacity units', resourceType: 'aws_lb', unit: 'LCU-hour', unitPrice: p.albLcuHour, basis: 'the largest of new and active connections, GB processed and rule evaluations, each hour' },
    { present: any('aws_lb', (r) => lbType(r) === 'network'), item: 'NLB capacity units', resourceType: 'aws_lb', unit: 'LCU-hour', unitPrice: p.nlbLcuHour, basis: 'the largest of new and active flows and GB processed, each hour' },
  ];
  return parts.filter((l) => l.present).map(({ present: _present, ...line }) => line);
}

/** A Markdown table (for the generated README), with the total as its last row. */
export function formatCostMarkdown(estimate: CostEstimate): string {
  const rows = estimate.lines.map((l) => `| ${l.item}${l.note ? ` (${l.note})` : ''} | ${l.quantity} | ${unitPrice(l)} | ${l.monthly === undefined ? 'n/a' : money(l.monthly)} |`);
  return [
    '| Resource | Quantity | Unit price | Per month |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    `| **Total fixed cost** | | | **${money(estimate.totalMonthly)}** |`,
  ].join('\n');
}

/** The usage-priced parts as a Markdown table; empty when the stack has none. */
export function formatUsageMarkdown(estimate: CostEstimate): string {
  if (estimate.usage.length === 0) return '';
  return [
    '| Usage-priced part | Unit price | Charged for |',
    '| --- | ---: | --- |',
    ...estimate.usage.map((u) => `| ${u.item} | ${money(u.unitPrice)}/${u.unit} | ${u.basis} |`),
  ].join('\n');
}

/** The usage-priced parts as aligned lines, for the terminal; none when the stack has none. */
export function formatUsageText(estimate: CostEstimate): string[] {
  const width = Math.max(0, ...estimate.usage.map((u) => u.item.length));
  return estimate.usage.map((u) => `${u.item.padEnd(width)}  ${money(u.unitPrice)}/${u.unit}`);
}

/** Aligned plain-text columns, for the terminal. */
export function formatCostText(estimate: CostEstimate): string {
  const rows = [
    ['Resource', 'Qty', 'Unit price', 'Per month'],
    ...estimate.lines.map((l) => [l.item, String(l.quantity), unitPrice(l), l.monthly === undefined ? 'n/a' : money(l.monthly)]),
    ['Total fixed cost', '', '', money(estimate.totalMonthly)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(rows[0]), ...rows.slice(1, -1).map(line), widths.map((w) => '-'.repeat(w)).join('  '), line(rows[rows.length - 1])].join('\n');
}

/** "$35.04", "$0.0042", "$0.40". */
export function money(amount: number): string {
  const fixed = amount.toFixed(4).replace(/0{1,2}$/, '');
  return `$${fixed}`;
}

function unitPrice(line: CostLine): string {
  if (line.unitPrice === undefined) return 'not in table';
  return `${money(line.unitPrice)}/${line.unit}`;
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function sum<T>(items: T[], of: (item: T) => number): number {
  return items.reduce((total, item) => total + of(item), 0);
}

/** A resource's `count` meta-argument when it is a literal number; 1 otherwise. */
function countOf(r: Resource): number {
  return typeof r.count === 'number' ? r.count : 1;
}

function subnetCount(r: Resource): number {
  return Array.isArray(r.subnet_ids) ? r.subnet_ids.length : 1;
}

function firstBlock(block: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(block)) return block[0] as Record<string, unknown> | undefined;
  return block && typeof block === 'object' ? (block as Record<string, unknown>) : undefined;
}
