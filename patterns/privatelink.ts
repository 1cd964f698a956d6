/**
 * Scenario 5, PrivateLink to an ALB-fronted function: internal NLB (static IPs) → target group of type
 * alb → internal ALB → target group of type lambda → the target's `live` alias, published as a VPC
 * endpoint service. By default the consumer side proves the whole path the way real consumers use it:
 * a VPC of its own (optionally in another account) where the caller calls through an interface
 * endpoint to the service.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Fn, Op, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { DEFAULT_CONSUMER_ROLE_NAME, privatelink as spec } from '../generator/catalog/privatelink';
import type { VpcLambdaConfig } from '../generator/config/schema';
import { accountId, accountRootArn, partitionOf } from './blocks/account';
import { noOverlapPrecondition } from './blocks/cidr-overlap';
import { Egress } from './blocks/egress';
import { AlbEndpointService, ServiceEndpoint } from './blocks/endpoint-service';
import { InternalAlb } from './blocks/internal-alb';
import { awsName } from './blocks/naming';
import { Network } from './blocks/network';
import { useProvider } from './blocks/provider-scope';
import { stackVariable } from './blocks/variables';
import { PrivateName } from './blocks/private-name';
import { definePattern } from './pattern';

export interface PrivatelinkOptions {
  caller: string;
  target: string;
  listenerPort?: number;
  certificateArn?: string;
  domainName?: string;
  allowedPrincipals: string[];
  allowNoPrincipals: boolean;
  acceptanceRequired: boolean;
  consumerEndpoint: boolean;
  consumerCidr?: string;
  consumerSubnetMask: number;
  consumerAccountId?: string;
  consumerRoleArn?: string;
}

/** Construct id of the consumer VPC: its resources are `consumer_network_…`. */
const CONSUMER_NETWORK_ID = 'consumer-network';
/** Construct id and alias of the consumer account's provider (`aws.consumer`). */
const CONSUMER_PROVIDER_ID = 'aws-consumer';
export const CONSUMER_PROVIDER_ALIAS = 'consumer';

export default definePattern<PrivatelinkOptions>({
  placeFunctions({ scope, config, options, network }) {
    const plan = spec.otherNetwork?.(config.pattern, config);
    if (!plan) return {};
    const consumer = new Network(scope, CONSUMER_NETWORK_ID, {
      stackName: `${config.name}-consumer`,
      region: config.region,
      cidr: plan.cidr,
      subnets: plan.subnets,
      // A consumer needs nothing outside: the endpoint is its only way out.
      egress: Egress.isolated(),
      // The endpoint can use only the AZs the service's NLB is in: the Lambda subnets' zones, by ID.
      zoneIds: network.privateSubnets.map((s) => s.azId),
      variablePrefix: 'consumer_',
    });
    // var.consumer_vpc_cidr and var.vpc_cidr may change apart (and an existing VPC's is read at plan).
    const cidr = consumer.variables.cidr.stringValue;
    consumer.vpc.lifecycle = {
      precondition: [
        noOverlapPrecondition(cidr, network.cidr, `consumer_vpc_cidr ${cidr} overlaps the provider VPC's CIDR ${network.cidr}; give the consumer VPC a range apart from it.`),
      ],
    };
    return Object.fromEntries(plan.functions.map((name) => [name, consumer]));
  },
  build({ scope, config, options, network, fn, output, ssmHost }) {
    const target = fn(options.target);
    const partition = partitionOf(config.region);
    const allowed = allowedPrincipalsVariable(scope, options.allowedPrincipals.map((p) => (/^\d{12}$/.test(p) ? accountRootArn(partition, p) : p)), options.allowNoPrincipals);
    // The consumer side creates its endpoint from its own account, which must be allowed too.
    const principals = options.consumerEndpoint
      ? Fn.concat([allowed.listValue, [accountRootArn(partition, options.consumerAccountId ?? accountId(scope))]])
      : allowed.listValue;

    const alb = new InternalAlb(scope, 'alb', {
      stackName: config.name,
      network,
      target,
      listenerPort: options.listenerPort,
      certificateArn: options.certificateArn,
    });
    const service = new AlbEndpointService(scope, 'privatelink', {
      stackName: config.name,
      network,
      alb,
      acceptanceRequired: options.acceptanceRequired,
      allowedPrincipals: principals,
    });
    // Consumers' traffic passes the NLB's group unchecked; a host in this VPC is checked by it.
    if (ssmHost) service.connections.allowDefaultPortFrom(ssmHost, 'Debug host to the NLB in front of the endpoint service');
    output('endpoint_service_name', service.service.serviceName, 'Service name consumers create their interface endpoints with');
    output('endpoint_service_id', service.service.id, 'ID of the VPC endpoint service (accept connection requests here)');
    output('nlb_dns_name', service.loadBalancer.dnsName, 'DNS name of the internal NLB behind the endpoint service');
    if (!options.consumerEndpoint) return;

    const caller = fn(options.caller);
    const consumerNetwork = caller.network;
    const consumer = new ServiceEndpoint(scope, 'consumer', { name: awsName(consumerNetwork.stackName, 'endpoint'), network: consumerNetwork, service });
    consumer.connections.allowDefaultPortFrom(caller, 'Caller to the endpoint service through the consumer endpoint');
    // The certificate's name resolves to the consumer endpoint inside the consumer VPC only.
    const name = options.domainName ? new PrivateName(scope, 'consumer-dns', { stackName: `${config.name}-consumer`, network: consumerNetwork, name: options.domainName, target: consumer.aliasTarget }) : undefined;
    if (options.consumerAccountId) {
      useProvider(consumerProvider(scope, config, options.consumerAccountId, options.consumerRoleArn), consumerNetwork, caller, consumer, ...(name ? [name] : []));
    }
    // The service owner accepts (its own provider, also for an endpoint in another account).
    if (options.acceptanceRequired) service.accept('consumer', consumer.endpoint);
    const url = alb.url('invoke', name?.fqdn ?? consumer.dnsName);
    caller.addEnvironment('TARGET_URL', url);
    output('consumer_vpc_id', consumerNetwork.vpc.id, 'ID of the consumer VPC, where the caller calls the service through its interface endpoint');
    output('consumer_private_subnet_ids', consumerNetwork.privateSubnetIds, 'Consumer VPC subnets, one per AZ of the Lambda subnets');
    output('consumer_endpoint_id', consumer.endpoint.id, 'Interface endpoint to the service in the consumer VPC (its connection is accepted on the service)');
    output('consumer_endpoint_url', url, 'URL the caller POSTs to, through the consumer interface endpoint');
  },
});

/**
 * The consumer account's provider (`aws.consumer`): the stack's region and tags, a role assumed there,
 * and that account only, so a wrong role can never build the consumer side elsewhere.
 */
function consumerProvider(scope: Construct, config: VpcLambdaConfig, account: string, roleArn: string | undefined): AwsProvider {
  const stack = TerraformStack.of(scope);
  const own = stack.node.findChild('aws') as AwsProvider;
  return new AwsProvider(stack, CONSUMER_PROVIDER_ID, {
    alias: CONSUMER_PROVIDER_ALIAS,
    region: config.region,
    assumeRole: [{ roleArn: roleArn ?? `arn:${partitionOf(config.region)}:iam::${account}:role/${DEFAULT_CONSUMER_ROLE_NAME}`, sessionName: awsName(config.name, 'consumer') }],
    allowedAccountIds: [account],
    defaultTags: own.defaultTags,
  });
}

/** var.allowed_principals: who may connect to the endpoint service, as IAM ARNs (an account is its root ARN). */
function allowedPrincipalsVariable(scope: Construct, arns: string[], allowNone: boolean) {
  const arn = 'arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:(root|role/[A-Za-z0-9_+=,.@-]+|user/[A-Za-z0-9_+=,.@-]+)';
  return stackVariable(scope, 'allowed_principals', {
    type: 'list(string)',
    default: arns,
    description: 'IAM principals that may create endpoints to the service: account roots (arn:aws:iam::<account>:root), roles or users; never "*"',
    checks: (v) => [
      {
        // ARNs hold no spaces, so the joined list splits back into them.
        condition: Op.or(Op.lt(Fn.lengthOf(v.listValue), 1), Fn.can(Fn.regex(`^(${arn} )*${arn}$`, Fn.join(' ', v.listValue)))),
        errorMessage: 'allowed_principals must be IAM ARNs: arn:aws:iam::<account>:root, arn:aws:iam::<account>:role/<name> or :user/<name>.',
      },
      ...(allowNone
        ? []
        : [{ condition: Op.gte(Fn.lengthOf(v.listValue), 1), errorMessage: 'allowed_principals must list at least one principal (the config sets allowNoPrincipals to allow none).' }]),
    ],
  });
}
