/**
 * vpc-lambda-gen.json: the one config object that describes a generated stack. Everything downstream
 * (constructs, templates, checks) reads the validated value of this schema and nothing else.
 */
import { z } from 'zod';
import type { EgressConfig } from '../catalog/egress';
import { exampleId, ROUTE_TABLE_ID, SUBNET_ID, VPC_ID } from './aws-ids';

export const CONFIG_FILE = 'vpc-lambda-gen.json';
export const CONFIG_VERSION = 1;

export const DEFAULT_REGION = 'eu-west-1';
export const DEFAULT_AZ_COUNT = 2;
export const MIN_AZ_COUNT = 1;
export const MAX_AZ_COUNT = 6;
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
/** /20 = 4,091 usable addresses per Lambda subnet: room for Hyperplane ENIs, endpoints, LBs and growth. */
export const DEFAULT_PRIVATE_SUBNET_MASK = 20;
/** /24 = 251 usable addresses: public subnets only hold NATs and EIPs. */
export const DEFAULT_PUBLIC_SUBNET_MASK = 24;
/** nodejs20.x reached end of support in 2026; 22 is the newest runtime provider 5.100 and 6.x both accept. */
export const DEFAULT_RUNTIME = 'nodejs22.x';
export const DEFAULT_MEMORY_MB = 256;
export const DEFAULT_TIMEOUT_SECONDS = 15;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10240;
export const MAX_TIMEOUT_SECONDS = 900;

export const RUNTIMES = ['nodejs22.x', 'nodejs20.x', 'python3.13', 'python3.12', 'python3.11'] as const;
/** The values CloudWatch Logs accepts for retention_in_days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Stack names become resource-name prefixes; load balancer names allow 32 characters, so keep room for a suffix. */
export const STACK_NAME_PATTERN = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;
export const FUNCTION_NAME_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/;
/** A Lambda function's name in AWS (what an adopted function is imported by). */
export const LAMBDA_FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** AWS allows 64 characters for a function name; ours is "<stack>-<function>". */
export const MAX_FUNCTION_NAME_LENGTH = 64;

const FunctionSchema = z
  .object({
    /** Short name; the AWS function is named "<stack>-<name>". */
    name: z.string().regex(FUNCTION_NAME_PATTERN, {
      message: 'use lowercase letters, digits and hyphens, starting with a letter (for example "api")',
    }),
    /** @default nodejs22.x */
    runtime: z.enum(RUNTIMES).default(DEFAULT_RUNTIME),
    /** 128–10240 MB. @default 256 */
    memoryMb: z
      .number()
      .int()
      .min(MIN_MEMORY_MB, { message: `AWS Lambda needs at least ${MIN_MEMORY_MB} MB; use ${MIN_MEMORY_MB}–${MAX_MEMORY_MB}` })
      .max(MAX_MEMORY_MB, { message: `AWS Lambda allows at most ${MAX_MEMORY_MB} MB; use ${MIN_MEMORY_MB}–${MAX_MEMORY_MB}` })
      .default(DEFAULT_MEMORY_MB),
    /** 1–900 seconds. @default 15 */
    timeoutSeconds: z
      .number()
      .int()
      .min(1, { message: `use 1–${MAX_TIMEOUT_SECONDS} seconds` })
      .max(MAX_TIMEOUT_SECONDS, { message: `AWS Lambda allows at most ${MAX_TIMEOUT_SECONDS} seconds; use 1–${MAX_TIMEOUT_SECONDS}` })
      .default(DEFAULT_TIMEOUT_SECONDS),
    /** Directory with the handler code, relative to the project directory. @default functions/<name> */
    source: z.string().min(1).optional(),
    /** "<file>.<export>" inside source. @default index.handler */
    handler: z.string().regex(/^[\w./-]+\.\w+$/, { message: 'use "<file>.<export>", for example "index.handler"' }).default('index.handler'),
    /** arm64 (Graviton) is about 20% cheaper per GB-second. @default arm64 */
    architecture: z.enum(['arm64', 'x86_64']).default('arm64'),
    /** Extra environment variables (never secrets: read those from SSM at run time). */
    environment: z.record(z.string()).default({}),
    /**
     * An existing Lambda function to take over instead of creating one: imported, moved into the VPC
     * with the role permissions it needs and given a `live` alias. Its code, runtime and settings stay
     * as they are unless `source` is given. @default - a new function named "<stack>-<name>"
     */
    adopt: z
      .object({
        /** Its name in AWS. */
        functionName: z.string().regex(LAMBDA_FUNCTION_NAME, { message: 'use the function\'s name in AWS: 1–64 letters, digits, hyphens and underscores' }),
        /** It already has an alias named `live`: imported and pointed at the published version too. @default false */
        liveAliasExists: z.boolean().default(false),
      })
      .strict()
      .optional(),
  })
  .strict();

const BackendSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('local'),
      /** State file path, relative to the synthesized stack directory. @default ../../../terraform.<stack>.tfstate (the project root) */
      path: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('s3'),
      bucket: z.string().min(3),
      /** @default <stack>/terraform.tfstate */
      key: z.string().optional(),
      /** @default the stack's region */
      region: z.string().optional(),
      /** S3 native lock file (Terraform ≥ 1.10). @default true */
      useLockfile: z.boolean().default(true),
      /** Legacy DynamoDB locking, for Terraform < 1.10. */
      dynamodbTable: z.string().optional(),
    })
    .strict(),
]);

const subnetId = z.string().regex(SUBNET_ID, { message: `use a subnet id such as "${exampleId('subnet')}"` });

/**
 * A VPC someone else owns: the stack creates no VPC, subnets or internet gateway, and adds routes only
 * to the route tables named here. Each id becomes a Terraform variable the platform team may change.
 */
const ExistingNetworkSchema = z
  .object({
    /** The VPC the functions go into. */
    vpcId: z.string().regex(VPC_ID, { message: `use a VPC id such as "${exampleId('vpc')}"` }),
    /** The private subnets the functions run in: two or more, each in its own AZ. */
    subnetIds: z.array(subnetId).min(2, { message: 'give at least two subnets, in distinct AZs, so one AZ outage does not stop the functions' }),
    /** The Lambda subnets' route tables: where the pattern's routes (NAT, peer) and gateway endpoints go. @default none */
    routeTableIds: z.array(z.string().regex(ROUTE_TABLE_ID, { message: `use a route table id such as "${exampleId('rtb')}"` })).optional(),
    /** A public subnet (0.0.0.0/0 → internet gateway) for the NAT the pattern creates. @default - the VPC's own egress, nothing created */
    publicSubnetId: subnetId.optional(),
    /** The VPC's CIDR, if known: the peer-overlap check and the READMEs. @default - from the snapshot, if any */
    vpcCidr: z.string().optional(),
    /** Each Lambda subnet's CIDR (subnetIds order), if known: the IP capacity check. @default - from the snapshot, if any */
    subnetCidrs: z.array(z.string()).optional(),
  })
  .strict();

const NetworkSchema = z
  .object({
    /** @default 10.0.0.0/16 */
    cidr: z.string().default(DEFAULT_VPC_CIDR),
    /** Prefix length of each private (Lambda) subnet, 16–28. @default 20 */
    privateSubnetMask: z.number().int().min(16).max(28).default(DEFAULT_PRIVATE_SUBNET_MASK),
    /** Prefix length of each public subnet (only created when the pattern has internet egress), 16–28. @default 24 */
    publicSubnetMask: z.number().int().min(16).max(28).default(DEFAULT_PUBLIC_SUBNET_MASK),
    /** Explicit private subnet CIDRs, one per AZ, instead of the masks. */
    privateSubnets: z.array(z.string()).optional(),
    /** Explicit public subnet CIDRs, one per AZ, instead of the masks. */
    publicSubnets: z.array(z.string()).optional(),
    /** An existing VPC instead of a new one; then none of the fields above applies. */
    existing: ExistingNetworkSchema.optional(),
  })
  .strict();

/** Short, no hyphen: "<name>-<env>" then never equals another environment's name plus a suffix. */
export const ENVIRONMENT_NAME_PATTERN = /^[a-z][a-z0-9]{0,9}$/;
/** A stack name, environment included, keeps the budget of a name: load balancer names allow 32 characters with their suffix. */
export const MAX_STACK_NAME_LENGTH = 20;

const FunctionOverrideSchema = z
  .object({
    memoryMb: z.number().optional(),
    timeoutSeconds: z.number().optional(),
    /** Merged over the function's own environment variables. */
    environment: z.record(z.string()).optional(),
  })
  .strict();

/**
 * What an environment may change. Objects are merged into the base config's (network, egress,
 * pattern options, tags); anything else replaces it. `network.existing` replaces the whole network.
 */
export const EnvironmentOverridesSchema = z
  .object({
    region: z.string().optional(),
    availabilityZones: z.union([z.number().int(), z.array(z.string())]).optional(),
    network: z.object({}).passthrough().optional(),
    egress: z.object({}).passthrough().optional(),
    /** The pattern's options (its id stays the base config's). */
    pattern: z.object({}).passthrough().optional(),
    /** By function name. */
    functions: z.record(FunctionOverrideSchema).optional(),
    tags: z.record(z.string()).optional(),
    backend: z.object({}).passthrough().optional(),
    logRetentionDays: z.number().optional(),
    ssmHost: z.boolean().optional(),
    ssmHostDiagnostics: z.boolean().optional(),
  })
  .strict();

/** `environments` in the config: by name, in the order given. */
export const EnvironmentsSchema = z.record(
  z.string().regex(ENVIRONMENT_NAME_PATTERN, { message: 'environment names are 1–10 lowercase letters and digits, starting with a letter (dev, stg, prod)' }),
  EnvironmentOverridesSchema,
);

export const ConfigSchema = z
  .object({
    version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
    /** Stack name and resource-name prefix. */
    name: z.string().regex(STACK_NAME_PATTERN, {
      message: 'use 2–20 lowercase letters, digits and hyphens, starting with a letter (for example "orders-api")',
    }),
    /** @default eu-west-1 */
    region: z.string().default(DEFAULT_REGION),
    /** AZ names of the region, or a count (1–6) meaning the region's first N. @default 2 */
    availabilityZones: z.union([z.number().int(), z.array(z.string())]).default(DEFAULT_AZ_COUNT),
    network: NetworkSchema.default({}),
    /** The connectivity pattern and its options; `id` picks the pattern (see `vpc-lambda-gen patterns`). */
    pattern: z.object({ id: z.string() }).passthrough(),
    /**
     * How the Lambda subnets reach the outside: { type: nat-gateway | nat-instance | endpoints | none,
     * perAz, instanceType, ssmAccess, ports, endpoints } (generator/catalog/egress.ts, checked there).
     * @default - the pattern's
     */
    egress: z.object({}).passthrough().optional(),
    /**
     * Capabilities added to the pattern, each a catalog entry with its own options ({ "id": "efs", ... }),
     * built on the same network and egress (generator/catalog/compose.ts). @default []
     */
    with: z.array(z.object({ id: z.string() }).passthrough()).default([]),
    functions: z.array(FunctionSchema).min(1, { message: 'add at least one function' }),
    /** An SSM Session Manager host in the Lambda subnets for debugging connectivity. @default false */
    ssmHost: z.boolean().default(false),
    /**
     * The SSM host may also send ICMP (ping, traceroute) to the VPC, the peer and the internet, and
     * the functions' internet egress ports, so every probe works from the Lambda subnets. Needs ssmHost.
     * @default false
     */
    ssmHostDiagnostics: z.boolean().default(false),
    /** Retention of every function's CloudWatch log group. @default 30 */
    logRetentionDays: z
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `CloudWatch accepts only ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(DEFAULT_LOG_RETENTION_DAYS),
    /** Tags on every resource (provider default_tags). */
    tags: z.record(z.string().max(256)).default({}),
    /** Terraform backend. @default { "type": "local" } */
    backend: BackendSchema.default({ type: 'local' }),
    /**
     * Named environments (dev, stg, prod), each its own stack "<name>-<env>" with its own state: the
     * config above with the environment's overrides merged in. @default - one stack, "<name>"
     */
    environments: EnvironmentsSchema.optional(),
    /**
     * Written by earlier versions: files `new` generated, without hashes. Read (never removed, replaced
     * only when identical) by `new --force`, then dropped: .vpc-lambda-gen/manifest.json replaces it.
     */
    generatedFiles: z.array(z.string()).optional(),
  })
  .strict();

export type RawConfig = z.input<typeof ConfigSchema>;
type ParsedConfig = z.output<typeof ConfigSchema>;
/** A function; `source` is absent only for an adopted function whose code stays in AWS. */
export type FunctionConfig = ParsedConfig['functions'][number] & { source?: string };
export type BackendConfig = ParsedConfig['backend'];
export type EnvironmentOverrides = z.output<typeof EnvironmentOverridesSchema>;

type ParsedNetwork = ParsedConfig['network'];
export type ExistingNetworkConfig = NonNullable<ParsedNetwork['existing']>;
/** A VPC the stack creates: its CIDR and subnet layout. */
export type CreatedNetworkConfig = Omit<ParsedNetwork, 'existing'> & { existing?: undefined };
/** Either kind; `existing` tells them apart. */
export type NetworkConfig = CreatedNetworkConfig | { existing: ExistingNetworkConfig };

/** Fields of `network` that describe a VPC to create, refused next to `existing`. */
export const CREATED_NETWORK_FIELDS = ['cidr', 'privateSubnetMask', 'publicSubnetMask', 'privateSubnets', 'publicSubnets'] as const;

/** A validated config with every default applied and every derived value made explicit. */
export interface VpcLambdaConfig extends Omit<ParsedConfig, 'availabilityZones' | 'functions' | 'pattern' | 'network' | 'egress' | 'with'> {
  network: NetworkConfig;
  /** Resolved: the type and the fields that apply to it, with defaults. */
  egress: EgressConfig;
  /** Capabilities, each with its options parsed by its catalog entry. */
  with: ({ id: string } & Record<string, unknown>)[];
  /** The Lambda subnets' AZs; with network.existing, what is known of them (hints, possibly none). */
  availabilityZones: string[];
  functions: FunctionConfig[];
  pattern: { id: string } & Record<string, unknown>;
  /** Set on an environment's stack config (its name is then "<name>-<env>"); absent on the base config. */
  environment?: string;
}

export type IssueSink = (path: (string | number)[], message: string) => void;
