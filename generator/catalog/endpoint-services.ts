/**
 * AWS services our patterns and options know by endpoint name (com.amazonaws.<region>.<name>). Kept
 * free of cdktf so config validation, `--help` and the constructs share one list.
 */

/** Services reachable through an interface endpoint. */
export const INTERFACE_ENDPOINT_SERVICES = [
  'lambda',
  'sts',
  'ssm',
  'ssmmessages',
  'ec2messages',
  'secretsmanager',
  'sqs',
  'sns',
  'kms',
  'logs',
  'execute-api',
  'ec2',
  'ecr.api',
  'ecr.dkr',
  'events',
  'states',
  'elasticfilesystem',
  'monitoring',
  'xray',
  'dynamodb',
  's3',
] as const;

/** Services with a (free) gateway endpoint: routes on the private route tables. */
export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];
