/**
 * What `export` changes in the synthesized Terraform JSON so the folder stands on its own as a root
 * module a platform team accepts, without touching what `synth` writes (cdk.tf.json stays
 * byte-identical): a `required_version`; `var.region` read by the provider and by every resource
 * and validation that named the region; archives named after their functions with
 * `source_code_hash` following the file; outputs for what other stacks wire to. Pure: JSON in, JSON
 * and the layout of what it added out. No cdktf here: the CLI loads this.
 */
import type { TfJson } from './hcl';
import type { SidecarElement } from './hcl/layout';

/** Cross-variable validation (availability_zones checked against var.region) needs Terraform 1.9. */
export const EXPORT_REQUIRED_VERSION = '>= 1.9.0';

/** One function's code in the export: the archive Terraform uploads and its source beside it. */
export interface ExportArchive {
  /** The function's config name (or its Terraform name for a function the config does not know). */
  function: string;
  /** Where the synthesized stack has the archive, relative to its folder. */
  from: string;
  /** `assets/<function>.zip`. */
  archive: string;
  /** `assets/<function>/`: the archive's files, unpacked. */
  source: string;
  /** Run in the folder, it rebuilds the archive from the source (source_code_hash follows the file). */
  rebuild: string;
}

export interface ExportTerraform {
  json: TfJson & Record<string, any>;
  /** Sidecar entries for what was added (variable, outputs), so they land in their files. */
  layout: SidecarElement[];
  archives: ExportArchive[];
}

/** Outputs by resource type: every resource of the type, by Terraform name, when the stack has one. */
const WIRING_OUTPUTS: { name: string; type: string; attribute: string; what: string }[] = [
  { name: 'subnet_ids', type: 'aws_subnet', attribute: 'id', what: 'Every subnet' },
  { name: 'route_table_ids', type: 'aws_route_table', attribute: 'id', what: 'Every route table' },
  { name: 'security_group_ids', type: 'aws_security_group', attribute: 'id', what: 'Every security group' },
  { name: 'role_arns', type: 'aws_iam_role', attribute: 'arn', what: 'ARN of every IAM role' },
  { name: 'nat_gateway_ids', type: 'aws_nat_gateway', attribute: 'id', what: 'Every NAT gateway' },
  { name: 'instance_ids', type: 'aws_instance', attribute: 'id', what: 'Every EC2 instance (NAT instance, SSM host)' },
  { name: 'vpc_endpoint_ids', type: 'aws_vpc_endpoint', attribute: 'id', what: 'Every VPC endpoint (interface and gateway)' },
  { name: 'lb_arns', type: 'aws_lb', attribute: 'arn', what: 'ARN of every load balancer' },
];

export function exportTerraform(synthesized: TfJson, sidecar: SidecarElement[], config: { name: string; region: string }): ExportTerraform {
  const json = structuredClone(synthesized) as TfJson & Record<string, any>;
  json.terraform = { required_version: EXPORT_REQUIRED_VERSION, ...(json.terraform ?? {}) };
  const layout: SidecarElement[] = [];
  regionAsVariable(json, config.region, layout);
  namePrefixAsVariable(json, config.name, layout);
  const functions = functionNames(sidecar);
  const archives = namedArchives(json, functions);
  wiringOutputs(json, functions, layout);
  return { json, layout, archives };
}

/** The user's own values (a function's environment, tags) stay as written, whatever they say. */
const USER_VALUES = new Set(['environment', 'tags', 'tags_all']);

/**
 * `var.region`, defaulted from the config: the provider reads it, and so does every string of a
 * resource, data source or validation that named the region (endpoint service names, ARNs, the AZ
 * check), so another region is one `-var` away and the AZs are checked against it.
 */
function regionAsVariable(json: TfJson & Record<string, any>, region: string, layout: SidecarElement[]): void {
  const literal = new RegExp(`${region.replace(/[-]/g, '\\-')}(?![0-9])`, 'g');
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(literal, '${var.region}');
    if (Array.isArray(value)) return value.map(swap);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, USER_VALUES.has(k) ? v : swap(v)]));
    return value;
  };
  for (const kind of ['resource', 'data'] as const) json[kind] = swap(json[kind]) as typeof json[typeof kind];
  json.provider = swap(json.provider) as typeof json.provider;
  // Outputs too: a command an output prints (the SSM session) must name the region the stack is in.
  // Only their values: a description is a literal.
  for (const output of Object.values<Record<string, any>>(json.output ?? {})) output.value = swap(output.value);
  for (const variable of Object.values<Record<string, any>>(json.variable ?? {})) {
    if (variable.validation) variable.validation = swap(variable.validation);
    // A description is a literal: it names the variable instead.
    if (typeof variable.description === 'string') variable.description = variable.description.replace(literal, 'var.region');
  }
  json.variable = {
    region: {
      description: `AWS region of every resource (the provider's); availability_zones must be in it`,
      type: 'string',
      default: region,
      validation: [
        {
          condition: '${can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))}',
          error_message: 'region must be an AWS region name, such as "eu-west-1".',
        },
      ],
    },
    ...(json.variable ?? {}),
  };
  layout.push(element('variable', 'region', { validation: {} }));
}

/** Function config name by Terraform name of its aws_lambda_function (the app's construct path is fn-<name>). */
function functionNames(sidecar: SidecarElement[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of sidecar) {
    if (e.kind === 'resource' && e.type === 'aws_lambda_function' && e.path[0]?.startsWith('fn-')) names.set(e.name, e.path[0].slice(3));
  }
  return names;
}

/** `assets/<function>.zip` for each function (functions sharing code get a copy each), hashed from the file. */
function namedArchives(json: TfJson, functions: Map<string, string>): ExportArchive[] {
  const archives: ExportArchive[] = [];
  for (const [name, fn] of Object.entries<Record<string, any>>(json.resource?.aws_lambda_function ?? {})) {
    if (typeof fn.filename !== 'string' || !fn.filename.startsWith('assets/')) continue;
    const key = functions.get(name) ?? name;
    const archive = `assets/${key}.zip`;
    archives.push({ function: key, from: fn.filename, archive, source: `assets/${key}/`, rebuild: `cd assets/${key} && rm -f ../${key}.zip && zip -q -r -X ../${key}.zip .` });
    fn.filename = archive;
    fn.source_code_hash = `\${filebase64sha256("${archive}")}`;
  }
  return archives;
}

/** Outputs for what other stacks wire to, beside the pattern's own (which keep their names). */
function wiringOutputs(json: TfJson & Record<string, any>, functions: Map<string, string>, layout: SidecarElement[]): void {
  const outputs: Record<string, unknown> = {};
  const lambdas = Object.keys(json.resource?.aws_lambda_function ?? {});
  if (lambdas.length > 0) {
    outputs.function_arns = {
      description: 'ARN of every function, by config name',
      value: Object.fromEntries(lambdas.map((name) => [functions.get(name) ?? name, `\${aws_lambda_function.${name}.arn}`])),
    };
  }
  for (const { name, type, attribute, what } of WIRING_OUTPUTS) {
    const resources = Object.keys(json.resource?.[type] ?? {});
    if (resources.length === 0) continue;
    outputs[name] = {
      description: `${what}, by its Terraform name in this folder`,
      value: Object.fromEntries(resources.map((r) => [r, `\${${type}.${r}.${attribute}}`])),
    };
  }
  for (const [name, output] of Object.entries(outputs)) {
    if (json.output?.[name]) continue;
    json.output = { ...(json.output ?? {}), [name]: output };
    layout.push(element('output', name, {}));
  }
}

/** Physical names and their AWS length limits: what bounds `var.name_prefix`. */
const NAME_LIMITS: Record<string, Record<string, number>> = {
  aws_lambda_function: { function_name: 64 },
  aws_iam_role: { name: 64 },
  aws_iam_instance_profile: { name: 128 },
  aws_iam_policy: { name: 128 },
  aws_iam_role_policy: { name: 128 },
  aws_lb: { name: 32 },
  aws_lb_target_group: { name: 32 },
  aws_security_group: { name: 255 },
  aws_cloudwatch_log_group: { name: 512 },
  aws_sns_topic: { name: 256 },
  aws_efs_file_system: { creation_token: 64 },
};

/**
 * `var.name_prefix`, defaulted from the stack's name: every physical name the stack derived from it
 * (`<stack>-<function>`, `/aws/lambda/<stack>-…`, Name tags) reads the variable, so a second copy in
 * the same account is one `-var` away. The longest prefix every name still fits AWS's limit with is
 * the variable's bound.
 */
function namePrefixAsVariable(json: TfJson & Record<string, any>, name: string, layout: SidecarElement[]): void {
  // The stack's name where it starts a derived name: after a start, '/', ':' or a space, before '-'.
  const derived = new RegExp(`(?<=^|[/: ])${name}(?=-)`, 'g');
  let budget = 20;
  const swap = (value: unknown, limit?: number): unknown => {
    if (typeof value === 'string') {
      const count = value.match(derived)?.length ?? 0;
      if (count > 0 && limit !== undefined) budget = Math.min(budget, Math.floor((limit - value.length + count * name.length) / count));
      return value.replace(derived, '${var.name_prefix}');
    }
    if (Array.isArray(value)) return value.map((v) => swap(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'environment' ? v : swap(v)]));
    return value;
  };
  let found = false;
  // Data sources too: a policy document's ARN names a function or log group.
  const elements = [...Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {}), ...Object.entries<Record<string, Record<string, unknown>>>(json.data ?? {})];
  for (const [type, byName] of elements) {
    for (const body of Object.values(byName)) {
      for (const [key, value] of Object.entries(body)) {
        if (key === 'environment') continue;
        const swapped = swap(value, NAME_LIMITS[type]?.[key]);
        if (swapped !== value && JSON.stringify(swapped) !== JSON.stringify(value)) found = true;
        body[key] = swapped;
      }
    }
  }
  if (!found) return;
  const variables = { ...(json.variable ?? {}) };
  const { region, ...rest } = variables;
  json.variable = {
    ...(region ? { region } : {}),
    name_prefix: {
      description: `Starts every physical name (functions, roles, log groups, security groups...): another value deploys a second copy beside this one in the same account`,
      type: 'string',
      default: name,
      validation: [
        {
          condition: `\${can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", var.name_prefix)) && length(var.name_prefix) <= ${budget}}`,
          error_message: `name_prefix must be 2-${budget} lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen: the longest names here must stay within AWS's limits.`,
        },
      ],
    },
    ...rest,
  };
  layout.push(element('variable', 'name_prefix', { validation: {} }));
}

/** An element export adds (a variable, an output), for the layout: it lands in the file of its kind. */
export function element(kind: 'variable' | 'output', name: string, blocks: SidecarElement['blocks'] = {}): SidecarElement {
  return { kind, name, path: ['export'], origin: 'stack', blocks };
}
