/**
 * What both generated READMEs say about a stack (the project's, templates/project/README.md.hbs, and
 * the hand-off folder's, templates/export/README.md.hbs): the diagram, the resources by role, the cost,
 * the pitfalls and the subnet capacity, as one context and the partials in templates/partials/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import type { DefaultFunction, PatternSpec } from './catalog';
import { formatCapacityMarkdown, subnetCapacity } from './config/capacity';
import type { VpcLambdaConfig } from './config/schema';
import type { SubnetPlanEntry } from './config/validate';
import { formatCostMarkdown, money, type CostEstimate, type TerraformJson } from './cost';
import { packageRoot } from './new/package-root';
import { verifyInstructions } from './verify/instructions';
import { verifyPlan } from './verify/steps';

export interface ReadmeInputs {
  config: VpcLambdaConfig;
  subnets: SubnetPlanEntry[];
  spec: PatternSpec;
  /** Each function with the sample it started from (its name in the catalog diagram). */
  functions: { name: string; sample: DefaultFunction }[];
  terraform: TerraformJson & { variable?: Record<string, any>; output?: Record<string, any> };
  cost: CostEstimate;
}

export function readmeContext(inputs: ReadmeInputs) {
  const { config, subnets, spec, terraform, cost } = inputs;
  const capacity = subnetCapacity(config, subnets, spec);
  return {
    diagram: [...diagramFor(spec, inputs.functions), ...diagramExtras(terraform, spec, config)],
    resourceSummary: resourceSummary(terraform),
    roles: resourcesByRole(terraform, spec),
    cost: {
      table: formatCostMarkdown(cost),
      total: money(cost.totalMonthly),
      notes: cost.notes,
      region: cost.priceRegion,
      date: cost.date,
      sources: cost.sources.join(', '),
    },
    capacity: {
      table: formatCapacityMarkdown(capacity),
      minFree: Math.min(...capacity.map((s) => s.free)),
    },
    verify: verifyInstructions(verifyPlan(terraform as Record<string, unknown>), config.region),
  };
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

/** The catalog's diagram, with "λ <sample>" labels showing the names the functions were given. */
function diagramFor(spec: PatternSpec, functions: { name: string; sample: DefaultFunction }[]): string[] {
  const renamed = new Map<string, string>();
  for (const fn of functions) if (fn.sample.name !== fn.name && !renamed.has(fn.sample.name)) renamed.set(fn.sample.name, fn.name);
  return spec.diagram.map((line) => line.replace(/λ ([a-z][a-z0-9-]*)/g, (all, name: string) => (renamed.has(name) ? `λ ${renamed.get(name)}` : all)));
}

/**
 * What the Terraform adds beyond the catalog's drawing (endpoints chosen as options or added for the
 * SSM host, the host itself), so the diagram shows every endpoint the stack creates.
 */
function diagramExtras(terraform: TerraformJson, spec: PatternSpec, config: VpcLambdaConfig): string[] {
  const drawn = spec.diagram.join('\n').toLowerCase();
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
function resourcesByRole(terraform: TerraformJson, spec: PatternSpec): { title: string; lines: string[] }[] {
  const roles = [
    { title: 'Network: VPC, subnets, routes, egress', test: (n: string) => n.startsWith('network_') },
    { title: 'Functions: security group, role, log group, code and `live` alias each', test: (n: string) => n.startsWith('fn_') },
    { title: `Pattern ${spec.id}: ${spec.title}`, test: (n: string) => !n.startsWith('ssm_host_') },
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
