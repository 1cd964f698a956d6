/**
 * The one stack every project synthesizes: provider and backend from the config, the network with the
 * config's egress, one VpcFunction per configured function, then the pattern's own wiring and each
 * capability's (`with`), and last what the egress grants every function.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, LocalBackend, Op, S3Backend, TerraformElement, TerraformLocal, TerraformStack, Token } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { stackParts } from '../generator/catalog/compose';
import type { BackendConfig } from '../generator/config/schema';
import type { ValidatedConfig } from '../generator/config/validate';
import { MAX_TAGS_PER_RESOURCE, NAME_TAG_KEY, STACK_TAG_KEYS } from '../generator/safety/limits';
import { ExistingNetwork } from './blocks/existing-network';
import { Network, type INetwork } from './blocks/network';
import { SsmHost } from './blocks/ssm-host';
import { stackVariable } from './blocks/variables';
import { VpcFunction } from './blocks/vpc-function';
import { stackOutput, type PatternContext } from './pattern';
import { PATTERN_BUILDERS } from './registry';
import { addEndpoints, allowInternet, egressStrategy } from './stack-egress';

/**
 * The bindings are typed for provider 6.25; everything we emit is also valid on 5.100, which many
 * platform teams still pin, and is tested against it.
 */
export const AWS_PROVIDER_CONSTRAINT = '>= 5.100, < 7.0';

export interface VpcLambdaStackProps {
  validated: ValidatedConfig;
  /** Absolute project directory: function sources are relative to it. */
  projectDir: string;
}

export class VpcLambdaStack extends TerraformStack {
  /** The VPC the functions run in: created (Network) or someone else's (ExistingNetwork). */
  readonly network: INetwork;
  readonly functions: VpcFunction[];
  readonly ssmHost?: SsmHost;

  constructor(scope: Construct, props: VpcLambdaStackProps) {
    const { config, subnets } = props.validated;
    super(scope, config.name);

    const stackTags = new TerraformLocal(this, 'stack_tags', { ManagedBy: 'vpc-lambda-gen', Stack: config.name, Pattern: config.pattern.id });
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
    this.functions = config.functions.map(
      (fn, i) =>
        new VpcFunction(this, `fn-${fn.name}`, {
          stackName: config.name,
          network: this.network,
          fn,
          projectDir: props.projectDir,
          logRetentionDays: config.logRetentionDays,
          configField: `functions[${i}]`,
        }),
    );

    // Before the pattern, so the pattern can let the host reach what it builds (ctx.ssmHost).
    if (config.ssmHost) this.ssmHost = new SsmHost(this, 'ssm-host', { network: this.network, stackName: config.name });

    const context = (id: string, options: Record<string, unknown>): PatternContext => ({
      scope: this,
      config,
      options,
      network: this.network,
      functions: this.functions,
      fn: (name) => {
        const found = this.functions.find((f) => f.config.name === name);
        if (!found) throw new Error(`VLG_UNKNOWN_FUNCTION: ${id} refers to function "${name}", which is not in functions`);
        return found;
      },
      output: (name, value, description, sensitive) => stackOutput(this, name, value, description, sensitive),
      ssmHost: this.ssmHost,
    });
    addEndpoints(context('egress', {}), config.egress);
    // The pattern, then each capability, on the same network and functions.
    for (const { spec, options } of stackParts(config)) PATTERN_BUILDERS[spec.id].build(context(spec.id, options));
    // After the patterns: a rule a pattern wrote for its own reason (Slack over HTTPS) keeps its description.
    allowInternet(this.network, this.functions, config.egress);
    this.ssmHost?.reachInterfaceEndpoints();
    if (config.ssmHostDiagnostics) this.ssmHost?.allowDiagnostics(config.egress.ports ?? []);
    this.addCommonOutputs();
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
    if (backend.type === 'local') {
      // Relative to cdktf.out/stacks/<stack>: the state file sits in the project root, on any machine.
      new LocalBackend(this, { path: backend.path ?? `../../../terraform.${stackName}.tfstate` });
      return;
    }
    new S3Backend(this, {
      bucket: backend.bucket,
      key: backend.key ?? `${stackName}/terraform.tfstate`,
      region: backend.region ?? region,
      encrypt: true,
      dynamodbTable: backend.dynamodbTable,
    });
    // cdktf 0.21's S3Backend predates S3-native locking (Terraform ≥ 1.10).
    if (backend.useLockfile) this.addOverride('terraform.backend.s3.use_lockfile', true);
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
