/**
 * What both generated READMEs say about a stack (the project's, templates/project/README.md.hbs, and
 * the hand-off folder's, templates/export/README.md.hbs): the diagram, the resources by role, the cost,
 * the pitfalls and the subnet capacity, as one context and the partials in templates/partials/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { findPattern, NEUTRAL_SAMPLE, type PatternSpec } from './catalog';
import { stackParts, type StackPart } from './catalog/compose';
import { EGRESS_TITLES, hasInternet } from './catalog/egress';
import { samplesOfParts } from './catalog/samples';
import { slackParameterOf } from './catalog/sns-slack';
import { formatCapacityMarkdown, lambdaSubnetSizes, otherNetworkCapacity, subnetCapacity } from './config/capacity';
import type { VpcLambdaConfig } from './config/schema';
import type { ExistingSubnet } from './config/existing';
import type { SubnetPlanEntry } from './config/validate';
import { formatCostMarkdown, formatUsageMarkdown, money, type CostEstimate, type TerraformJson } from './cost';
import { packageRoot } from './new/package-root';
import { verifyInstructions } from './verify/instructions';
import { verifyPlan } from './verify/steps';

export interface ReadmeInputs {
  config: VpcLambdaConfig;
  subnets: SubnetPlanEntry[];
  existingSubnets?: ExistingSubnet[];
  terraform: TerraformJson & { variable?: Record<string, any>; output?: Record<string, any> };
  cost: CostEstimate;
}

export function readmeContext(inputs: ReadmeInputs) {
  const { config, terraform, cost } = inputs;
  const parts = stackParts(config);
  const egressPart = egressDrawing(config, parts);
  const capacity = subnetCapacity(config, lambdaSubnetSizes(inputs), parts);
  const frees = capacity.map((s) => s.free).filter((f): f is number => f !== undefined);
  const other = otherNetworkCapacity(config, parts[0].spec);
  const [main, ...capabilities] = parts.map((part) => ({ title: part.at.length === 1 ? '' : `With ${part.spec.id}: ${part.spec.title}`, lines: diagramFor(part, config, parts) }));
  const mainLines = [...main.lines, ...diagramExtras(terraform, parts, config)];
  return {
    network: networkText(config, inputs.existingSubnets),
    otherNetwork: other && { ...other.network, capacityTable: formatCapacityMarkdown(other.capacity) },
    diagrams: [
      // The VPCs the main drawing spans (PrivateLink's consumer VPC beside the stack's).
      { title: '', lines: [...mainLines, ...diagramGroups(mainLines, parts[0].spec, config)] },
      ...capabilities,
      ...(egressPart ? [{ title: `Egress ${config.egress.type}: ${EGRESS_TITLES[config.egress.type]}`, lines: diagramFor(egressPart, config, [egressPart]) }] : []),
    ],
    pitfalls: [...parts, ...(egressPart ? [egressPart] : [])].flatMap((p) => p.spec.pitfalls),
    slackParameters: slackParametersOf(config),
    egress: egressText(config),
    capabilities: parts.slice(1).map((p) => ({ id: p.spec.id, title: p.spec.title })),
    internetEgress: hasInternet(config.egress.type),
    resourceSummary: resourceSummary(terraform),
    roles: resourcesByRole(terraform, parts),
    cost: {
      table: formatCostMarkdown(cost),
      usageTable: formatUsageMarkdown(cost),
      usageDate: cost.usageDate,
      total: money(cost.totalMonthly),
      notes: cost.notes,
      region: cost.priceRegion,
      date: cost.date,
      sources: cost.sources.join(', '),
    },
    capacity: {
      table: formatCapacityMarkdown(capacity),
      minFree: frees.length === capacity.length ? Math.min(...frees) : undefined,
      unknown: frees.length < capacity.length,
    },
    verify: verifyInstructions(verifyPlan(terraform as Record<string, unknown>), config.region),
  };
}

/** Secrets the functions read at run time: created by hand before the first deploy, never by Terraform. */
export function slackParametersOf(config: VpcLambdaConfig): { name: string; region: string }[] {
  return stackParts(config)
    .filter((p) => p.spec.id === 'sns-slack')
    .map((p) => ({ name: slackParameterOf(p.options, config.name), region: config.region }));
}

/** How both READMEs name the network: a VPC created here, or the existing one and what goes into it. */
function networkText(config: VpcLambdaConfig, existingSubnets: ExistingSubnet[] | undefined) {
  const existing = config.network.existing;
  if (!existing) {
    return {
      summary: `VPC \`${config.network.cidr}\` in ${config.region} across ${config.availabilityZones.join(', ')}`,
      swapGroup: "the VPC's rule-less default security group",
      variables: '`vpc_cidr`, `availability_zones`, `tags`',
      variableExample: "-var='vpc_cidr=10.42.0.0/16'",
    };
  }
  const subnets = (existingSubnets ?? existing.subnetIds.map((id) => ({ id, az: undefined, cidr: undefined }))).map(
    (s) => `\`${s.id}\`${s.az || s.cidr ? ` (${[s.az, s.cidr].filter(Boolean).join(', ')})` : ''}`,
  );
  return {
    existing,
    summary: `the existing VPC \`${existing.vpcId}\`${existing.vpcCidr ? ` (\`${existing.vpcCidr}\`)` : ''} in ${config.region}, subnets ${subnets.join(', ')}`,
    subnets,
    swapGroup: "a rule-less security group of the stack's own (never the VPC's default group: the VPC's owner keeps that one)",
    variables: `\`vpc_id\`, \`subnet_ids\`${existing.routeTableIds ? ', `route_table_ids`' : ''}${existing.publicSubnetId ? ', `public_subnet_id`' : ''}, \`tags\``,
    variableExample: `-var='subnet_ids=${JSON.stringify(existing.subnetIds)}'`,
  };
}

/**
 * The NAT egress drawn on its own when no entry of the stack is about it (an EFS stack with
 * --egress nat-gateway): the nat-gateway or nat-instance entry's drawing, which every function plays.
 */
function egressDrawing(config: VpcLambdaConfig, parts: StackPart[]): StackPart | undefined {
  if (!hasInternet(config.egress.type) || parts.some((p) => p.spec.diagram.some((line) => /NAT/.test(line)))) return undefined;
  return { spec: findPattern(config.egress.type)!, options: {}, at: ['egress'] };
}

/** How the README says what the egress is: its kind, and the ports and endpoints it opens. */
function egressText(config: VpcLambdaConfig): string {
  const { egress } = config;
  const ports = egress.ports ? `; every function may open TCP ${egress.ports.join(', ')} to the internet` : '';
  const endpoints = egress.endpoints?.length ? `; VPC endpoints for ${egress.endpoints.join(', ')}` : '';
  return `\`${egress.type}\`: ${EGRESS_TITLES[egress.type]}${ports}${endpoints}`;
}

/** A handlebars instance with the README partials and helpers registered. */
export function readmeHandlebars(): typeof Handlebars {
  const handlebars = Handlebars.create();
  const dir = path.join(packageRoot(), 'templates', 'partials');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort()) {
    handlebars.registerPartial(file.replace(/\.hbs$/, ''), fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\n  '));
  handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  return handlebars;
}

const PART_LABEL = /λ ([a-z][a-z0-9-]*)/g;

/**
 * The catalog's diagram drawn with the functions that really play each part: "λ <part>" names the
 * function the pattern wires there (the one its option names, or every function for a part all of
 * them play); a line about a part no function plays is left out; a function that plays no part is
 * drawn alone, with no path.
 */
function diagramFor(part: StackPart, config: VpcLambdaConfig, parts: StackPart[]): string[] {
  const { spec } = part;
  const names = config.functions.map((fn) => fn.name);
  const samples = samplesOfParts([part], names);
  const players = new Map(spec.defaultFunctions.map((f) => [f.name, names.filter((name) => samples[name] === f)]));
  const lines = spec.diagram.flatMap((line) => {
    const parts = [...line.matchAll(PART_LABEL)].map((m) => m[1]).filter((part) => players.has(part));
    if (parts.some((part) => players.get(part)!.length === 0)) return [];
    return [line.replace(PART_LABEL, (all, part: string) => (players.has(part) ? `λ ${players.get(part)!.join(', ')}` : all))];
  });
  // Drawn once, with the main pattern: functions no entry of the stack wires.
  if (part !== parts[0]) return lines;
  const all = samplesOfParts(parts, names);
  for (const name of names.filter((n) => all[n] === NEUTRAL_SAMPLE)) {
    lines.push(`own_${name.replace(/-/g, '_')}["λ ${name} (private subnets): your handler, no trigger or target"]`);
  }
  return lines;
}

/**
 * What the Terraform adds beyond the catalog's drawing (endpoints chosen as options or added for the
 * SSM host, the host itself), so the diagram shows every endpoint the stack creates.
 */
function diagramExtras(terraform: TerraformJson, parts: StackPart[], config: VpcLambdaConfig): string[] {
  const drawn = parts.flatMap((p) => p.spec.diagram).join('\n').toLowerCase();
  const lines: string[] = [];
  const from = 'subnets["Lambda subnets"]';
  for (const [, endpoint] of Object.entries(terraform.resource?.aws_vpc_endpoint ?? {})) {
    const service = /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(String(endpoint.service_name ?? ''))?.[1];
    if (!service) continue;
    const type = String(endpoint.vpc_endpoint_type ?? 'Gateway').toLowerCase();
    const label = type === 'interface' ? `${service} interface endpoint` : `${service} gateway endpoint`;
    if (drawn.includes(label.toLowerCase()) || (type !== 'interface' && drawn.includes(`${service} gateway endpoint`))) continue;
    const id = `vpce_${service.replace(/[^a-z0-9]/g, '_')}`;
    lines.push(type === 'interface' ? `${from} -->|HTTPS 443| ${id}["${label} (private DNS)"]` : `${from} -.->|route table| ${id}["${label}"]`);
  }
  if (config.ssmHost) lines.push('ssmhost["SSM debug host (first Lambda subnet, Session Manager only)"] -.-> subnets["Lambda subnets"]');
  return lines;
}

/** The pattern's boundaries (its VPCs) around the nodes drawn, as mermaid subgraphs listing them. */
function diagramGroups(drawn: string[], spec: PatternSpec, config: VpcLambdaConfig): string[] {
  return (spec.diagramGroups?.(config.pattern, config) ?? []).flatMap((group) => {
    const nodes = group.nodes.filter((id) => drawn.some((line) => new RegExp(`(^|[^\\w])${id}[[(]`).test(line)));
    return nodes.length === 0 ? [] : [`subgraph ${group.id}["${group.label}"]`, ...nodes.map((id) => `  ${id}`), 'end'];
  });
}

/** "aws_eip × 1, aws_lambda_function × 1, …": every resource type the Terraform creates, counted. */
function resourceSummary(terraform: TerraformJson): { total: number; types: string } {
  const entries = Object.entries(terraform.resource ?? {})
    .map(([type, byName]) => [type, Object.keys(byName).length] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return { total: entries.reduce((n, [, c]) => n + c, 0), types: entries.map(([type, count]) => `\`${type}\` × ${count}`).join(', ') };
}

/**
 * Every resource by role, read from its address: the stack's construct ids are the first words of
 * each logical name (network_…, fn_<name>_…, ssm_host_…; the rest is the pattern's).
 */
function resourcesByRole(terraform: TerraformJson, parts: StackPart[]): { title: string; lines: string[] }[] {
  const [{ spec }, ...capabilities] = parts;
  const roles = [
    { title: 'Network: VPC, subnets, routes, egress', test: (n: string) => n.startsWith('network_') },
    { title: 'Functions: security group, role, log group, code and `live` alias each', test: (n: string) => n.startsWith('fn_') },
    {
      title: `Pattern ${spec.id}: ${spec.title}${capabilities.length > 0 ? `; with ${capabilities.map((c) => c.spec.id).join(', ')}` : ''}`,
      test: (n: string) => !n.startsWith('ssm_host_'),
    },
    { title: 'SSM debug host', test: () => true },
  ];
  const grouped = roles.map((r) => ({ title: r.title, byType: new Map<string, string[]>() }));
  for (const [type, byName] of Object.entries(terraform.resource ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    for (const name of Object.keys(byName)) {
      const role = roles.findIndex((r) => r.test(name));
      const list = grouped[role].byType.get(type) ?? [];
      list.push(`\`${type}.${name}\``);
      grouped[role].byType.set(type, list);
    }
  }
  return grouped
    .filter((g) => g.byType.size > 0)
    .map((g) => ({ title: g.title, lines: [...g.byType.entries()].map(([type, addresses]) => `${type} × ${addresses.length}: ${addresses.join(', ')}`) }));
}
