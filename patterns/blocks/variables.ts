/**
 * Root-module variables for what the platform team owns (the VPC CIDR, AZs, a peer, principals, a
 * parameter name, a certificate, tags): each defaulted from the config, described, typed and
 * validated, so the team can change it with `-var` without regenerating, and Terraform refuses a
 * value the generator would have refused. One variable per name per stack, created on first use.
 */
import { TerraformStack, TerraformVariable, type IResolvable } from 'cdktf';
import type { Construct } from 'constructs';

export interface VariableCheck {
  /** A boolean expression over the variable only (Terraform < 1.9 allows nothing else). */
  condition: IResolvable | boolean;
  errorMessage: string;
}

export interface StackVariableProps {
  /** Terraform type constraint: "string", "list(string)", "map(string)". */
  type: string;
  /** Says what it is, what it must be, and what changing it changes. */
  description: string;
  /** From the config; `null` is written as a null default (cdktf drops it otherwise). */
  default: unknown;
  /** Null allowed (for "this account", "this region"). @default false */
  nullable?: boolean;
  /** Validation blocks, each with its own message. */
  checks?: (variable: TerraformVariable) => VariableCheck[];
}

/** The stack's variable `name` (as `var.<name>`), created with these props the first time. */
export function stackVariable(scope: Construct, name: string, props: StackVariableProps): TerraformVariable {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(name);
  if (existing) return existing as TerraformVariable;
  const variable = new TerraformVariable(stack, name, { type: props.type, description: props.description, nullable: props.nullable });
  // Written as given, through an override: cdktf would snake_case the keys of a map default
  // (tag "CostCenter" → "cost_center", and "Cost Center" + "CostCenter" collapse), and cannot write
  // null. Terraform reads a JSON default literally, so no escaping belongs here.
  variable.addOverride('default', props.default);
  for (const check of props.checks?.(variable) ?? []) variable.addValidation(check);
  return variable;
}
