import { TerraformResource, type TerraformStack } from 'cdktf';
import { ConfigError, type ConfigIssue } from '../../generator/config/errors';
import { terraformLiteral } from '../../generator/safety/escape';

/**
 * Resource names: "<stack>-<part>-<part>", readable in the console and stable across syntheses.
 * Written literally: validation keeps "${" out of names, and the boundary escape keeps it that way.
 */
export function awsName(stackName: string, ...parts: string[]): string {
  return terraformLiteral([stackName, ...parts].join('-'));
}

/** "eu-west-1b" → "b": the suffix that names per-AZ resources. */
export function azSuffix(az: string): string {
  return az.slice(-1);
}

/**
 * Load balancer and target group names: at most 32 characters (stack names are at most 20, so keep
 * suffixes short), and an ELB name may not begin with "internal-": then the suffix goes first.
 */
export function loadBalancerName(stackName: string, suffix: string): string {
  const name = awsName(stackName, suffix);
  return name.startsWith('internal-') ? awsName(suffix, stackName) : name;
}

/**
 * Resource types whose name AWS keeps unique in an account and region (security groups: in a VPC),
 * and the attribute holding it. Names of other types are scoped under a parent (a role's inline
 * policy, a function's alias) and may repeat.
 */
const UNIQUE_NAME_ATTRIBUTE: Record<string, string> = {
  aws_lambda_function: 'function_name',
  aws_iam_role: 'name',
  aws_iam_instance_profile: 'name',
  aws_iam_policy: 'name',
  aws_security_group: 'name',
  aws_cloudwatch_log_group: 'name',
  aws_lb: 'name',
  aws_lb_target_group: 'name',
  aws_sns_topic: 'name',
  aws_kms_alias: 'name',
};

interface NamedResource {
  address: string;
  /** Construct path below the stack: "fn-api/role". */
  path: string;
}

/**
 * Refuses a config whose functions would give two resources the same AWS name (a function called
 * "ssm-host" next to the SSM host's role, one named like a NAT instance's role) or the same Terraform
 * address. Derived from the constructs the stack actually built, so every name any block makes is
 * covered; the message names the function field to rename.
 */
export function assertUniqueAwsNames(stack: TerraformStack, config: { functions: { name: string }[] }): void {
  const byName = new Map<string, NamedResource[]>();
  const byAddress = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  const functionIndex = (p: string) => config.functions.findIndex((fn) => p.split('/')[0] === `fn-${fn.name}`);
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const resource = node as TerraformResource;
    const p = node.node.path.slice(stack.node.path.length + 1);
    const address = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
    const other = byAddress.get(address);
    if (other !== undefined) {
      const i = functionIndex(p) >= 0 ? functionIndex(p) : functionIndex(other);
      issues.push({ field: i >= 0 ? `functions[${i}].name` : '(stack)', value: config.functions[i]?.name, message: `gives ${p} the Terraform address ${address}, which ${other} has already; rename the function` });
    }
    byAddress.set(address, p);
    const name = uniqueNameOf(resource);
    if (name === undefined) continue;
    const key = `${resource.terraformResourceType} ${name}`;
    byName.set(key, [...(byName.get(key) ?? []), { address, path: p }]);
  }
  for (const [key, owners] of byName) {
    if (owners.length < 2) continue;
    const [type, name] = key.split(' ');
    const fnOwners = owners.filter((o) => functionIndex(o.path) >= 0);
    for (const owner of fnOwners.length > 0 ? fnOwners : owners) {
      const i = functionIndex(owner.path);
      const others = owners.filter((o) => o !== owner).map((o) => o.address).join(', ');
      issues.push({
        field: i >= 0 ? `functions[${i}].name` : '(stack)',
        value: config.functions[i]?.name,
        message: `gives ${owner.address} the AWS name "${name}", which ${others} has too (${type} names are unique); rename the function`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, 'vpc-lambda-gen.json');
}

/**
 * Environments of one config share an account: no physical name may appear in two of their stacks
 * (generated names carry the environment; a construct main.ts adds to each with a fixed name does
 * not). Run at synthesis, when main.ts has added its constructs.
 */
export function assertNoSharedAwsNames(stacks: TerraformStack[]): void {
  const owner = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const stack of stacks) {
    for (const [key, address] of uniqueNamesOf(stack)) {
      const other = owner.get(key);
      const [type, name] = key.split(' ');
      if (other !== undefined && other !== stack.node.id) {
        issues.push({ field: `(stack ${stack.node.id})`, value: name, message: `gives ${address} the AWS name "${name}", which stack ${other} has too (${type} names are unique in an account): put the environment in the name (stack.node.id)` });
      }
      owner.set(key, stack.node.id);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, 'main.ts');
}

/** "type name" → address, for each literal physical name of a type AWS keeps unique. */
function uniqueNamesOf(stack: TerraformStack): Map<string, string> {
  const names = new Map<string, string>();
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const name = uniqueNameOf(node as TerraformResource);
    if (name !== undefined) names.set(`${(node as TerraformResource).terraformResourceType} ${name}`, `${(node as TerraformResource).terraformResourceType}.${(node as TerraformResource).friendlyUniqueId}`);
  }
  return names;
}

/** The resource's literal name, when its type's name is unique in AWS; computed names cannot collide here. */
function uniqueNameOf(resource: TerraformResource): string | undefined {
  const attribute = UNIQUE_NAME_ATTRIBUTE[resource.terraformResourceType];
  if (!attribute) return undefined;
  const body = (resource.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource;
  const name = body?.[resource.terraformResourceType]?.[resource.friendlyUniqueId]?.[attribute];
  return typeof name !== 'string' || name.includes('${') ? undefined : name;
}
