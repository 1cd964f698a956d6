/**
 * The one stack every project synthesizes: provider and backend from the config, the network with the
 * config's egress, one VpcFunction per configured function, then the pattern's own wiring and each
 * capability's (`with`), and last what the egress grants every function. A project's main.ts gets it
 * from buildApp and adds its own constructs to it.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, LocalBackend, Op, S3Backend, TerraformElement, TerraformLocal, TerraformStack, Token } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { backendSettings } from '../generator/backend';
import { stackParts } from '../generator/catalog/compose';
import type { BackendConfig, FunctionConfig, RawConfig, VpcLambdaConfig } from '../generator/config/schema';
import { ConfigError } from '../generator/config/errors';
import { validateConfig, type ValidatedConfig } from '../generator/config/validate';
import { MAX_TAGS_PER_RESOURCE, NAME_TAG_KEY, STACK_TAG_KEYS } from '../generator/safety/limits';
import { ExistingNetwork } from './blocks/existing-network';
import { Network, type INetwork } from './blocks/network';
import { SsmHost } from './blocks/ssm-host';
import { stackVariable } from './blocks/variables';
import { VpcFunction } from './blocks/vpc-function';
import { stackOutput, type PatternContext } from './pattern';
import { PATTERN_BUILDERS } from './registry';
import { addStackSynthesis } from './synthesis';
import { addEndpoints, allowInternet, egressStrategy } from './stack-egress';

/**
 * The bindings are typed for provider 6.25; everything we emit is also valid on 5.100, which many
 * platform teams still pin, and is tested against it.
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 5.100, < 7.0';

/** An entry of `functions` in vpc-lambda-gen.json, as written there: only `name` is required. */
export type FunctionInput = RawConfig['functions'][number];

export interface VpcLambdaStackProps {
  validated: ValidatedConfig;
  /** Absolute project directory: function sources are relative to it. */
  projectDir: string;
}

/**
 * The generated stack: what vpc-lambda-gen.json describes, ready for more. Add constructs with it as
 * their scope; they synthesize into the same cdk.tf.json, are checked with the rest (synthesis runs
 * the network check), and go to `main.tf` in `export`.
 *
 * @example
 *   const { app, stack } = buildApp({ projectDir: __dirname });
 *   stack.fn('api').addEnvironment('STAGE', 'prod');
 *   new TerraformOutput(stack, 'api_role_arn', { value: stack.fn('api').role.arn });
 *   app.synth();
 */
export class VpcLambdaStack extends TerraformStack {
  /** The validated config it was built from, every default filled in. */
  readonly config: VpcLambdaConfig;
  /** The VPC the functions run in: created (`Network`) or someone else's (`ExistingNetwork`). */
  readonly network: INetwork;
  /** One per entry of `functions` in the config, in config order, then those added with `addFunction`. */
  readonly functions: VpcFunction[];
  /** The SSM Session Manager debug host, when `ssmHost` is on. */
  readonly ssmHost?: SsmHost;
  private readonly projectDir: string;

  constructor(scope: Construct, props: VpcLambdaStackProps) {
    const { config, subnets } = props.validated;
    super(scope, config.name);
    this.config = config;
    this.projectDir = props.projectDir;

    const stackTags = new TerraformLocal(this, 'stack_tags', {
      ManagedBy: 'vpc-lambda-gen',
      Stack: config.name,
      Pattern: config.pattern.id,
      ...(config.environment ? { Environment: config.environment } : {}),
    });
    new AwsProvider(this, 'aws', {
      region: config.region,
      // Ours first: the team's tags (var.tags, defaulted from the config) win on a clash, as config tags did.
      defaultTags: [{ tags: Token.asStringMap(Fn.merge([stackTags.expression, tagsVariable(this, config.tags).value])) }],
    });
    // cdktf pins the bindings' own major ("~> 6.0"); widen it to what we test against.
    this.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: AWS_PROVIDER_CONSTRAINT });
    this.configureBackend(config.name, config.region, config.backend);

    const egress = egressStrategy(config.egress);
    const network = config.network;
    this.network = network.existing
      ? new ExistingNetwork(this, 'network', { stackName: config.name, region: config.region, existing: network.existing, egress })
      : new Network(this, 'network', { stackName: config.name, region: config.region, cidr: network.cidr, subnets, egress });
    const parts = stackParts(config);
    // A part may run some functions in a network of its own (PrivateLink's consumer VPC).
    const placed: Record<string, INetwork> = Object.assign({}, ...parts.map(({ spec, options }) => PATTERN_BUILDERS[spec.id].placeFunctions?.({ scope: this, config, options, network: this.network })));
    this.functions = config.functions.map((fn, i) => this.vpcFunction(fn, `functions[${i}]`, placed[fn.name]));

    // Before the pattern, so the pattern can let the host reach what it builds (ctx.ssmHost).
    if (config.ssmHost) this.ssmHost = new SsmHost(this, 'ssm-host', { network: this.network, stackName: config.name });

    const context = (options: Record<string, unknown>): PatternContext => ({
      scope: this,
      config,
      options,
      network: this.network,
      functions: this.functions,
      fn: (name) => this.fn(name),
      output: (name, value, description, sensitive) => stackOutput(this, name, value, description, sensitive),
      ssmHost: this.ssmHost,
    });
    addEndpoints(context({}), config.egress);
    // The pattern, then each capability, on the same network and functions.
    for (const { spec, options } of parts) PATTERN_BUILDERS[spec.id].build(context(options));
    // After the patterns: a rule a pattern wrote for its own reason (Slack over HTTPS) keeps its description.
    allowInternet(this.network, this.functions, config.egress);
    this.ssmHost?.reachInterfaceEndpoints();
    if (config.ssmHostDiagnostics) this.ssmHost?.allowDiagnostics(config.egress.ports ?? []);
    this.addCommonOutputs();
    // What exists now is the generated stack; constructs added later at its top are the user's.
    addStackSynthesis(this, new Set(this.node.children.map((c) => c.node.id)), this.projectDir);
  }

  /**
   * Adds a VPC function of your own beside the config's: the same network, a security group with no
   * rules, a role with AWSLambdaVPCAccessExecutionRole, a log group, a `live` alias. `fn` takes the
   * fields of an entry of `functions` in vpc-lambda-gen.json and is validated the same way, with
   * the others (defaults filled in, limits, a unique name); its code (`source`, default
   * `functions/<name>`) must be in the project. It reaches nothing until you allow it: open a path
   * with `connections`, endpoints (`InterfaceEndpoints.of(stack.network).allowFrom(fn, [...])`) or the
   * pattern's own blocks, and say what it needs with `declareNeeds` so the check proves the path.
   * The stack's outputs (function_names, ...) list the config's functions only.
   */
  addFunction(fn: FunctionInput): VpcFunction {
    const known = this.functions.map((f) => f.config);
    const { config } = validateConfig({ ...this.config, functions: [...known, fn] }, `stack.addFunction(${JSON.stringify((fn as { name?: unknown }).name ?? '')})`);
    const added = this.vpcFunction(config.functions[known.length], `addFunction(${config.functions[known.length].name})`);
    this.functions.push(added);
    return added;
  }

  /**
   * The function with this name: from the config's `functions`, or added with `addFunction`.
   * @throws when there is none, naming those there are.
   */
  fn(name: string): VpcFunction {
    const found = this.functions.find((f) => f.config.name === name);
    if (!found) {
      const names = this.functions.map((f) => `"${f.config.name}"`).join(', ');
      throw new ConfigError([{ field: `stack.fn(${JSON.stringify(name)})`, message: `stack "${this.node.id}" has no such function; name one of ${names}, or add it (functions in vpc-lambda-gen.json, or stack.addFunction)` }], 'main.ts');
    }
    return found;
  }

  /** A function in the stack's network, or in `network` when the pattern placed it in one of its own. */
  private vpcFunction(fn: FunctionConfig, configField: string, network: INetwork = this.network): VpcFunction {
    return new VpcFunction(this, `fn-${fn.name}`, {
      stackName: this.config.name,
      network,
      fn,
      projectDir: this.projectDir,
      logRetentionDays: this.config.logRetentionDays,
      configField,
    });
  }

  /**
   * Readable, stable addresses ("aws_subnet.network_private_subnet_a") instead of cdktf's hashed ids:
   * the construct path below the stack, joined with underscores. Construct ids are unique per scope.
   */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const below = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id);
    return below.join('_').replace(/[^A-Za-z0-9_]/g, '_');
  }

  private configureBackend(stackName: string, region: string, backend: BackendConfig): void {
    const settings = backendSettings(backend, stackName, region);
    if (settings.type === 'local') {
      new LocalBackend(this, { path: settings.path });
      return;
    }
    const { type: _s3, useLockfile, ...s3 } = settings;
    new S3Backend(this, s3);
    // cdktf 0.21's S3Backend predates S3-native locking (Terraform ≥ 1.10).
    if (useLockfile) this.addOverride('terraform.backend.s3.use_lockfile', true);
  }

  private addCommonOutputs(): void {
    const byName = <T>(pick: (fn: VpcFunction) => T) => Object.fromEntries(this.functions.map((fn) => [fn.config.name, pick(fn)]));
    stackOutput(this, 'vpc_id', this.network.vpc.id, 'ID of the VPC the functions run in');
    stackOutput(this, 'private_subnet_ids', this.network.privateSubnetIds, 'Private (Lambda) subnet IDs, one per AZ');
    if (this.network.publicSubnets.length > 0) {
      stackOutput(this, 'public_subnet_ids', this.network.publicSubnetIds, 'Public subnet IDs (NAT), one per AZ');
    }
    stackOutput(this, 'function_names', byName((fn) => fn.function.functionName), 'AWS function names, by config name');
    stackOutput(this, 'function_alias_arns', byName((fn) => fn.alias.arn), 'ARNs of the `live` aliases: invoke these, not $LATEST');
    stackOutput(this, 'function_security_group_ids', byName((fn) => fn.securityGroup.id), 'Security group of each function');
    if (this.network.egress.publicIps.length > 0) {
      stackOutput(this, 'egress_public_ips', this.network.egress.publicIps, 'Public IPs the functions\' internet traffic leaves from (NAT EIPs): allowlist these');
    }
    if (this.ssmHost) {
      stackOutput(this, 'ssm_host_instance_id', this.ssmHost.instance.id, 'SSM debug host in the first Lambda subnet');
      stackOutput(
        this,
        'ssm_host_session_command',
        `aws ssm start-session --region ${this.network.region} --target ${this.ssmHost.instance.id}`,
        'Opens a shell on the SSM debug host (needs the Session Manager plugin of the AWS CLI)',
      );
    }
  }
}

/**
 * AWS tag keys: up to 128 letters, digits, spaces and _ . : / = + - @ (no comma, so joined keys split
 * back). Backslashes doubled: cdktf writes function arguments into HCL strings without escaping them.
 */
const TAG_KEYS = '^([\\\\p{L}\\\\p{Z}\\\\p{N}_.:/=+@-]{1,128},)*[\\\\p{L}\\\\p{Z}\\\\p{N}_.:/=+@-]{1,128}$';

/** var.tags: the config's tags, on every resource through the provider's default_tags. */
function tagsVariable(scope: Construct, tags: Record<string, string>) {
  return stackVariable(scope, 'tags', {
    type: 'map(string)',
    default: tags,
    description: 'Tags on every resource (provider default_tags), besides ManagedBy, Stack and Pattern; a key given here wins',
    checks: (v) => {
      const keys = Fn.join(',', Fn.keys(v.value));
      return [
        {
          condition: Op.and(
            // What lands on each resource: these, ours (ManagedBy, Stack, Pattern) and its Name.
            Op.lte(Fn.lengthOf(Fn.setunion(Fn.keys(v.value), [[...STACK_TAG_KEYS, NAME_TAG_KEY]])), MAX_TAGS_PER_RESOURCE),
            // Not `== 0`: cdktf writes a literal 0 operand as "undefined".
            Op.or(Op.lt(Fn.lengthOf(v.value), 1), Op.and(Fn.can(Fn.regex(TAG_KEYS, keys)), Op.not(Fn.can(Fn.regex('(^|,)aws:', keys))))),
          ),
          errorMessage: `tags: at most ${MAX_TAGS_PER_RESOURCE} on each resource with ours (${STACK_TAG_KEYS.join(', ')}, ${NAME_TAG_KEY}), keys of 1-128 letters, digits, spaces and _ . : / = + - @, none starting with "aws:".`,
        },
      ];
    },
  });
}
