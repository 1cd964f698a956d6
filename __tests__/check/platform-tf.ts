/**
 * Hand-written Terraform JSON in the shapes platform teams use (not ours): inline routes or aws_route,
 * inline security-group blocks, aws_security_group_rule or the vpc_* rule resources, private subnets
 * on an explicit route table or on the VPC's main one, NAT gateway or NAT instance behind an ENI.
 * Built by small functions so each test says what differs.
 */
export type Json = Record<string, any>;

export interface Shape {
  routes: 'inline' | 'aws_route';
  sgRules: 'inline' | 'security_group_rule' | 'vpc_rule';
  /** Private subnets associated with their own table, or left on the VPC's main route table. */
  privateTable: 'associated' | 'main';
  nat: 'gateway' | 'instance';
}

export const SHAPES: Shape[] = [
  { routes: 'inline', sgRules: 'inline', privateTable: 'associated', nat: 'gateway' },
  { routes: 'aws_route', sgRules: 'security_group_rule', privateTable: 'main', nat: 'gateway' },
  { routes: 'inline', sgRules: 'security_group_rule', privateTable: 'main', nat: 'instance' },
  { routes: 'aws_route', sgRules: 'vpc_rule', privateTable: 'associated', nat: 'instance' },
];

export const shapeName = (s: Shape) => `${s.routes} routes, ${s.sgRules} rules, private subnets on ${s.privateTable} table, NAT ${s.nat}`;

export const ref = (address: string, attr = 'id') => `\${${address}.${attr}}`;

/** A Terraform JSON document under construction. */
export class Tf {
  readonly json: Json = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '>= 5.100, < 7.0' } } },
    provider: { aws: [{ region: 'eu-central-1' }] },
    resource: {},
  };

  add(type: string, name: string, body: Json): string {
    (this.json.resource[type] ??= {})[name] = body;
    return `${type}.${name}`;
  }

  data(type: string, name: string, body: Json): string {
    ((this.json.data ??= {})[type] ??= {})[name] = body;
    return `data.${type}.${name}`;
  }

  get(address: string): Json {
    const [type, name] = address.split('.');
    const found = this.json.resource[type]?.[name];
    if (!found) throw new Error(`fixture has no ${address}`);
    return found;
  }

  remove(address: string): void {
    const [type, name] = address.split('.');
    delete this.json.resource[type][name];
  }
}

/** An SG rule in the chosen style; inline rules go into the group's own ingress/egress blocks. */
function rule(tf: Tf, style: Shape['sgRules'], sg: string, name: string, r: { ingress: boolean; protocol: string; port?: number; cidr?: string; sg?: string }): string {
  const from = r.protocol === '-1' ? 0 : r.port!;
  if (style === 'inline') {
    const block = sgBlock({ from_port: from, to_port: from, protocol: r.protocol, cidr_blocks: r.cidr ? [r.cidr] : [], security_groups: r.sg ? [ref(r.sg)] : [], description: name });
    const group = tf.get(sg);
    (group[r.ingress ? 'ingress' : 'egress'] ??= []).push(block);
    return `${sg} ${r.ingress ? 'ingress' : 'egress'}`;
  }
  if (style === 'security_group_rule') {
    return tf.add('aws_security_group_rule', name, {
      type: r.ingress ? 'ingress' : 'egress',
      security_group_id: ref(sg),
      protocol: r.protocol,
      from_port: from,
      to_port: from,
      ...(r.cidr ? { cidr_blocks: [r.cidr] } : { source_security_group_id: ref(r.sg!) }),
    });
  }
  return tf.add(r.ingress ? 'aws_vpc_security_group_ingress_rule' : 'aws_vpc_security_group_egress_rule', name, {
    security_group_id: ref(sg),
    ip_protocol: r.protocol,
    ...(r.protocol === '-1' ? {} : { from_port: from, to_port: from }),
    ...(r.cidr ? { cidr_ipv4: r.cidr } : { referenced_security_group_id: ref(r.sg!) }),
  });
}

/**
 * Inline `route`, `ingress` and `egress` are attributes in Terraform JSON: every key must be present
 * (null or empty when unused), as `terraform validate` insists.
 */
const ROUTE_KEYS = ['cidr_block', 'ipv6_cidr_block', 'destination_prefix_list_id', 'carrier_gateway_id', 'core_network_arn', 'egress_only_gateway_id', 'gateway_id', 'local_gateway_id', 'nat_gateway_id', 'network_interface_id', 'transit_gateway_id', 'vpc_endpoint_id', 'vpc_peering_connection_id'];

export function inlineRoute(table: string, r: Json): Json {
  const keys = table.startsWith('aws_default_route_table.') ? [...ROUTE_KEYS, 'instance_id'] : ROUTE_KEYS;
  return { ...Object.fromEntries(keys.map((k) => [k, null])), ...r };
}

export function sgBlock(b: Json): Json {
  return { cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '', ...b };
}

function route(tf: Tf, style: Shape['routes'], table: string, name: string, target: Json): string {
  if (style === 'inline') {
    (tf.get(table).route ??= []).push(inlineRoute(table, { cidr_block: '0.0.0.0/0', ...target }));
    return `${table} route`;
  }
  return tf.add('aws_route', name, { route_table_id: ref(table), destination_cidr_block: '0.0.0.0/0', ...target });
}

/**
 * A VPC (CIDR from a variable), two private "app" subnets in two AZs (AZ names from a data source),
 * one public "edge" subnet, NAT, and a function "orders-worker" that reads SSM parameters, sends
 * HTTPS out, and is subscribed to an SNS topic through its `live` alias.
 */
export function platformStack(shape: Shape): Tf {
  const tf = new Tf();
  tf.json.variable = { vpc_cidr: { type: 'string', default: '172.16.0.0/16' } };
  const azs = tf.data('aws_availability_zones', 'available', { state: 'available' });
  const vpc = tf.add('aws_vpc', 'main', { cidr_block: '${var.vpc_cidr}', enable_dns_support: true, enable_dns_hostnames: true });
  const igw = tf.add('aws_internet_gateway', 'gw', { vpc_id: ref(vpc) });
  const app = [1, 2].map((i) =>
    tf.add('aws_subnet', `app_${i}`, { vpc_id: ref(vpc), cidr_block: `172.16.${i}.0/24`, availability_zone: `\${${azs}.names[${i - 1}]}` }),
  );
  const edge = tf.add('aws_subnet', 'edge', { vpc_id: ref(vpc), cidr_block: '172.16.100.0/24', availability_zone: `\${${azs}.names[0]}` });
  const edgeTable = tf.add('aws_route_table', 'edge', { vpc_id: ref(vpc) });
  route(tf, shape.routes, edgeTable, 'edge_default', { gateway_id: ref(igw) });
  tf.add('aws_route_table_association', 'edge', { subnet_id: ref(edge), route_table_id: ref(edgeTable) });

  const lambdaSg = tf.add('aws_security_group', 'lambda', { name: 'orders-worker', vpc_id: ref(vpc) });
  rule(tf, shape.sgRules, lambdaSg, 'lambda_https_out', { ingress: false, protocol: 'tcp', port: 443, cidr: '0.0.0.0/0' });

  let natTarget: Json;
  if (shape.nat === 'gateway') {
    const eip = tf.add('aws_eip', 'nat', { domain: 'vpc' });
    const nat = tf.add('aws_nat_gateway', 'nat', { allocation_id: ref(eip, 'allocation_id'), subnet_id: ref(edge), depends_on: [igw] });
    natTarget = { nat_gateway_id: ref(nat) };
  } else {
    const natSg = tf.add('aws_security_group', 'nat', { name: 'nat', vpc_id: ref(vpc) });
    rule(tf, shape.sgRules, natSg, 'nat_from_vpc', { ingress: true, protocol: '-1', cidr: '172.16.0.0/16' });
    rule(tf, shape.sgRules, natSg, 'nat_out', { ingress: false, protocol: '-1', cidr: '0.0.0.0/0' });
    const eni = tf.add('aws_network_interface', 'nat', { subnet_id: ref(edge), security_groups: [ref(natSg)], source_dest_check: false });
    tf.data('aws_ami', 'al2023', { most_recent: true, owners: ['amazon'], filter: [{ name: 'name', values: ['al2023-ami-2023.*-arm64'] }] });
    tf.add('aws_instance', 'nat', {
      ami: '${data.aws_ami.al2023.id}',
      instance_type: 't4g.nano',
      network_interface: [{ network_interface_id: ref(eni), device_index: 0 }],
      metadata_options: { http_tokens: 'required' },
      user_data: '#!/bin/bash\nsysctl -w net.ipv4.ip_forward=1\niptables -t nat -A POSTROUTING -o ens5 -j MASQUERADE\n',
    });
    const eip = tf.add('aws_eip', 'nat', { domain: 'vpc' });
    tf.add('aws_eip_association', 'nat', { allocation_id: ref(eip), network_interface_id: ref(eni) });
    natTarget = { network_interface_id: ref(eni) };
  }

  if (shape.privateTable === 'associated') {
    const table = tf.add('aws_route_table', 'app', { vpc_id: ref(vpc) });
    route(tf, shape.routes, table, 'app_default', natTarget);
    app.forEach((s, i) => tf.add('aws_route_table_association', `app_${i + 1}`, { subnet_id: ref(s), route_table_id: ref(table) }));
  } else {
    const main = tf.add('aws_default_route_table', 'main', { default_route_table_id: ref(vpc, 'default_route_table_id') });
    route(tf, shape.routes, main, 'main_default', natTarget);
  }

  const role = tf.add('aws_iam_role', 'worker', {
    name: 'orders-worker',
    assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  });
  tf.add('aws_iam_role_policy_attachment', 'worker_vpc', { role: ref(role, 'name'), policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole' });
  tf.add('aws_iam_role_policy', 'worker_params', {
    role: ref(role),
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: 'arn:aws:ssm:eu-central-1:111122223333:parameter/orders/*' }] }),
  });
  tf.add('aws_cloudwatch_log_group', 'worker', { name: '/aws/lambda/orders-worker', retention_in_days: 14 });
  const fn = tf.add('aws_lambda_function', 'worker', {
    function_name: 'orders-worker',
    role: ref(role, 'arn'),
    runtime: 'nodejs22.x',
    handler: 'index.handler',
    filename: 'worker.zip',
    publish: true,
    vpc_config: [{ subnet_ids: app.map((s) => ref(s)), security_group_ids: [ref(lambdaSg)] }],
    environment: [{ variables: { PARAMETER_PREFIX: '/orders/', API_URL: 'https://api.example.com/orders' } }],
    replace_security_groups_on_destroy: true,
    replacement_security_group_ids: [ref(vpc, 'default_security_group_id')],
  });
  const alias = tf.add('aws_lambda_alias', 'live', { name: 'live', function_name: ref(fn, 'function_name'), function_version: ref(fn, 'version') });
  const topic = tf.add('aws_sns_topic', 'orders', { name: 'orders' });
  tf.add('aws_lambda_permission', 'sns', {
    action: 'lambda:InvokeFunction',
    function_name: ref(fn, 'function_name'),
    qualifier: ref(alias, 'name'),
    principal: 'sns.amazonaws.com',
    source_arn: ref(topic, 'arn'),
  });
  tf.add('aws_sns_topic_subscription', 'orders_worker', { topic_arn: ref(topic, 'arn'), protocol: 'lambda', endpoint: ref(alias, 'arn') });
  return tf;
}

/**
 * An IGW-less VPC where the function reaches SQS through an interface endpoint whose subnets and
 * security group are attached by association resources, and S3 through a gateway endpoint (its group
 * sends 443 to the endpoint's prefix list).
 */
export function isolatedStack(): Tf {
  const tf = new Tf();
  const vpc = tf.add('aws_vpc', 'core', { cidr_block: '10.20.0.0/16' });
  const subnets = ['a', 'b'].map((az) => tf.add('aws_subnet', `core_${az}`, { vpc_id: ref(vpc), cidr_block: az === 'a' ? '10.20.0.0/20' : '10.20.16.0/20', availability_zone: `eu-central-1${az}` }));
  const tables = ['a', 'b'].map((az, i) => {
    const t = tf.add('aws_route_table', `core_${az}`, { vpc_id: ref(vpc) });
    tf.add('aws_route_table_association', `core_${az}`, { subnet_id: ref(subnets[i]), route_table_id: ref(t) });
    return t;
  });
  // 443 to the VPC (the SQS endpoint) and to the S3 prefix list (the gateway endpoint's public addresses).
  const fnSg = tf.add('aws_security_group', 'consumer', {
    vpc_id: ref(vpc),
    egress: [
      sgBlock({ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.20.0.0/16'] }),
      sgBlock({ from_port: 443, to_port: 443, protocol: 'tcp', prefix_list_ids: [ref('aws_vpc_endpoint.s3', 'prefix_list_id')] }),
    ],
  });
  const epSg = tf.add('aws_security_group', 'endpoints', { vpc_id: ref(vpc) });
  tf.add('aws_security_group_rule', 'endpoints_https', { type: 'ingress', security_group_id: ref(epSg), source_security_group_id: ref(fnSg), protocol: 'tcp', from_port: 443, to_port: 443 });
  const sqs = tf.add('aws_vpc_endpoint', 'sqs', { vpc_id: ref(vpc), service_name: 'com.amazonaws.${data.aws_region.current.name}.sqs', vpc_endpoint_type: 'Interface', private_dns_enabled: true });
  tf.data('aws_region', 'current', {});
  subnets.forEach((s, i) => tf.add('aws_vpc_endpoint_subnet_association', `sqs_${i}`, { vpc_endpoint_id: ref(sqs), subnet_id: ref(s) }));
  tf.add('aws_vpc_endpoint_security_group_association', 'sqs', { vpc_endpoint_id: ref(sqs), security_group_id: ref(epSg) });
  tf.add('aws_vpc_endpoint', 's3', { vpc_id: ref(vpc), service_name: 'com.amazonaws.eu-central-1.s3', route_table_ids: tables.map((t) => ref(t)) });
  const role = tf.add('aws_iam_role', 'consumer', { name: 'queue-consumer', assume_role_policy: '{}' });
  tf.add('aws_iam_role_policy_attachment', 'consumer_vpc', { role: ref(role, 'name'), policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole' });
  const queue = tf.add('aws_sqs_queue', 'jobs', { name: 'jobs' });
  tf.data('aws_iam_policy_document', 'consumer', { statement: [{ actions: ['sqs:SendMessage'], resources: [ref(queue, 'arn')] }] });
  tf.add('aws_iam_role_policy', 'consumer_sqs', { role: ref(role, 'name'), policy: '${data.aws_iam_policy_document.consumer.json}' });
  const fn = tf.add('aws_lambda_function', 'consumer', {
    function_name: 'queue-consumer',
    role: ref(role, 'arn'),
    runtime: 'python3.12',
    handler: 'app.handler',
    filename: 'consumer.zip',
    publish: true,
    vpc_config: { subnet_ids: subnets.map((s) => ref(s)), security_group_ids: [ref(fnSg)] },
    environment: { variables: { QUEUE_URL: ref(queue, 'url') } },
  });
  tf.add('aws_lambda_alias', 'live', { name: 'live', function_name: ref(fn, 'arn'), function_version: ref(fn, 'version') });
  return tf;
}
