/**
 * What every connectivity pattern declares about itself, without loading cdktf: the wizard, `--help`,
 * `patterns --json` and config validation all read this one table, so they always agree.
 */
import type { z } from 'zod';
import type { IssueSink, VpcLambdaConfig } from '../config/schema';
import type { EgressRule } from './egress';

export type FlagType = 'string' | 'number' | 'boolean' | 'list';

/** A `new` flag that sets one field of the pattern's options. */
export interface PatternFlag {
  /** Field of the pattern options the flag sets. */
  field: string;
  type: FlagType;
  describe: string;
  /** Required for the pattern: `new --yes` without it fails naming the flag. */
  required?: boolean;
  // Optional wizard hints; without them the wizard asks `describe` and reads choices and the
  // default from the options schema (a zod enum, an array of enums, `.default(...)`).
  /** The wizard's question, when `describe` does not read as one. */
  prompt?: string;
  /** Allowed values: a string flag becomes a single choice, a list flag a checkbox. */
  choices?: readonly string[];
  /** The answer when none is given (wizard and `--yes`), if it should differ from the schema default. */
  default?: string | number | boolean | readonly string[];
  /** Ask only when this holds for the pattern options answered so far (keyed by options field). */
  when?(options: Record<string, unknown>): boolean;
  /**
   * The value names one of `functions` (which one the pattern wires): the wizard asks it after the
   * function names, offering them, and only when there are more functions than parts to play.
   */
  choosesFunction?: boolean;
}

/**
 * Addresses something of the pattern takes in EACH Lambda (private) subnet, for the subnet capacity
 * check and the READMEs. The functions' Hyperplane ENIs, the SSM host and AWS's five reserved
 * addresses are counted centrally (generator/config/capacity.ts).
 */
export interface SubnetUse {
  /** What takes them, as messages and READMEs name it: "internal ALB (AWS wants 8 free)". */
  what: string;
  addresses: number;
  /** An interface endpoint's service ("lambda"): several parts asking for one endpoint count it once. */
  endpoint?: string;
  /** The longest prefix AWS accepts for a subnet holding it (an ALB needs at least a /27). */
  maxPrefix?: number;
}

/**
 * A VPC the pattern creates besides the stack's own (PrivateLink's consumer VPC): the subnet capacity
 * check, the READMEs and the pattern's constructs all read this one plan.
 */
export interface OtherNetwork {
  /** For messages and READMEs: "consumer VPC". */
  what: string;
  cidr: string;
  /** One private subnet per Lambda subnet of the stack; `az` names it (its last character is the suffix). */
  subnets: { az: string; privateCidr: string }[];
  /** Config names of the functions that run there instead of in the Lambda subnets. */
  functions: string[];
  /** What it places in each of its subnets besides the functions (a handful: any /28 holds them). */
  uses: SubnetUse[];
  /** For the README: how it connects, who owns it, what to do by hand. */
  notes: string[];
}

/** A boundary the README's diagram draws around some of its nodes (a VPC): node ids not drawn are left out, an empty group is not drawn. */
export interface DiagramGroup {
  id: string;
  label: string;
  nodes: string[];
}

/**
 * A function the pattern generates by default, and the sample handler it runs
 * (templates/handlers/<handler>/<nodejs|python>/).
 */
export interface DefaultFunction {
  name: string;
  handler: string;
  description: string;
  /**
   * The pattern option naming the function that plays this part ("function", "caller", "target"):
   * only that function gets this sample, the others a neutral one. @default - every function plays it
   */
  role?: string;
  /** The pattern wires this part only when this holds for its options (PrivateLink's caller). @default always */
  when?(options: Record<string, unknown>): boolean;
  /**
   * Environment variables the pattern sets on the function playing this part: two parts of one
   * stack (the pattern and a capability) may not set the same one on the same function.
   */
  environment?: readonly string[];
}

export interface PatternSpec {
  id: string;
  title: string;
  /** One line that finishes "use this when…". */
  useWhen: string;
  /** zod object for `pattern` in vpc-lambda-gen.json; `id` is the literal pattern id. */
  options: z.ZodTypeAny;
  /** The egress it defaults to and accepts (generator/catalog/egress.ts); the config's `egress` picks one. */
  egress: EgressRule;
  defaultFunctions: DefaultFunction[];
  /** `new` flags, by flag name (kebab-case, without dashes). */
  flags: Record<string, PatternFlag>;
  /**
   * Mermaid flowchart lines (without the "flowchart LR" header) of the pattern's network path, for
   * generated READMEs. Use the function names of defaultFunctions.
   */
  diagram: string[];
  /** The field-notes pitfalls this pattern avoids, one sentence each, for generated READMEs. */
  pitfalls: string[];
  /** What the pattern places in every Lambda subnet besides the functions (see SubnetUse). @default none */
  subnetUse?(options: Record<string, unknown>, config: VpcLambdaConfig): SubnetUse[];
  /**
   * What the pattern adds to the Lambda subnets' route tables besides egress ("the s3 gateway
   * endpoint", "the route to the peer CIDR"): in an existing VPC, its route tables must be named.
   * @default none
   */
  routeTableUse?(options: Record<string, unknown>, config: VpcLambdaConfig): string[];
  /** Boundaries around nodes of `diagram` (the VPCs they sit in). @default none */
  diagramGroups?(options: Record<string, unknown>, config: VpcLambdaConfig): DiagramGroup[];
  /** A second VPC the pattern creates (see OtherNetwork). @default none */
  otherNetwork?(options: Record<string, unknown>, config: VpcLambdaConfig): OtherNetwork | undefined;
  /**
   * Checks that need the whole config (function references, CIDR overlaps...). They read the options
   * as `config.pattern` and report at ['pattern', ...]; for a capability the stack hands them its
   * entry the same way and moves the paths to ['with', i, ...] (catalog/compose.ts).
   */
  refine?(config: VpcLambdaConfig, issue: IssueSink): void;
}
