/** The contract between the stack and a connectivity pattern (one file per pattern in this folder). */
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { VpcLambdaConfig } from '../generator/config/schema';
import type { INetwork } from './blocks/network';
import type { SsmHost } from './blocks/ssm-host';
import type { VpcFunction } from './blocks/vpc-function';

export interface PatternContext<Options = Record<string, unknown>> {
  /** The stack: construct scope for the pattern's resources. */
  scope: Construct;
  config: VpcLambdaConfig;
  /** This entry's options: the pattern's (config.pattern), or a capability's (an entry of config.with). */
  options: Options;
  network: INetwork;
  functions: VpcFunction[];
  /** The function with this config name (throws naming the pattern option when absent). */
  fn(name: string): VpcFunction;
  /** A described stack output with a stable snake_case name. */
  output(name: string, value: unknown, description: string, sensitive?: boolean): void;
  /**
   * The SSM debug host when config.ssmHost is on: let it reach what the functions reach (an EFS, an
   * ALB, a peer) so connectivity can be tested from the Lambda subnets. It already has HTTPS out
   * (NAT) or to the interface endpoints.
   */
  ssmHost?: SsmHost;
}

/** What a pattern may read before the functions exist. */
export type PlacementContext<Options = Record<string, unknown>> = Pick<PatternContext<Options>, 'scope' | 'config' | 'options' | 'network'>;

/**
 * A pattern builds what its scenario adds to the stack, the same whether it is the stack's pattern or
 * a capability added with `with`. How the Lambda subnets reach the outside is not its choice: the
 * stack applies config.egress (patterns/stack-egress.ts) to the network and every function.
 */
export interface Pattern<Options = Record<string, unknown>> {
  /**
   * Networks of the pattern's own for some functions, by config name (PrivateLink's consumer VPC);
   * called before the functions are built. @default every function in the stack's network
   */
  placeFunctions?(ctx: PlacementContext<Options>): Record<string, INetwork>;
  /** Adds the pattern's resources and wires them to the network and the functions. */
  build(ctx: PatternContext<Options>): void;
}

export function definePattern<Options>(pattern: Pattern<Options>): Pattern<Options> {
  return pattern;
}

export function stackOutput(scope: Construct, name: string, value: unknown, description: string, sensitive = false): void {
  const stack = TerraformStack.of(scope);
  // Terraform lets an output share its name with a variable (vpc_id in an existing VPC); construct ids
  // in one scope may not, so such an output lives one level down under its own name.
  if (!stack.node.tryFindChild(name)) {
    new TerraformOutput(stack, name, { value, description, sensitive });
    return;
  }
  const outputs = stack.node.tryFindChild(SHADOWED_OUTPUTS) ?? new Construct(stack, SHADOWED_OUTPUTS);
  new TerraformOutput(outputs, name, { value, description, sensitive }).overrideLogicalId(name);
}

const SHADOWED_OUTPUTS = 'outputs-named-like-variables';
