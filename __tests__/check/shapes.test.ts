/**
 * `check` on Terraform written the way platform teams write it, not the way we synthesize it: the
 * model must not depend on our resource names or on one way of spelling routes and rules.
 */
import { checkJson, type CheckReport } from '../../generator/check';
import { inlineRoute, isolatedStack, platformStack, ref, sgBlock, SHAPES, shapeName, type Shape } from './platform-tf';

const fails = (r: CheckReport) => r.results.filter((x) => x.status === 'fail');
const only = (r: CheckReport, check: string) => r.results.filter((x) => x.check === check);

describe.each(SHAPES.map((s) => [shapeName(s), s] as [string, Shape]))('platform Terraform: %s', (_name, shape) => {
  test('GIVEN a working stack THEN every promised path passes', () => {
    const report = checkJson([platformStack(shape).json]);
    expect(fails(report)).toEqual([]);
    const checks = new Set(report.results.filter((r) => r.status === 'pass').map((r) => r.check));
    for (const c of ['vpc-role', 'private-subnets', 'internet-egress', 'aws-service', 'invoke-sns', 'alias', 'secrets', 'open-ingress']) {
      expect({ c, found: checks.has(c) }).toEqual({ c, found: true });
    }
    // One NAT in the first AZ serves both: the second AZ's internet traffic depends on the first.
    expect(only(report, 'multi-az')).toEqual([expect.objectContaining({ status: 'warn', message: expect.stringMatching(/egress from .* goes through .* in /) })]);
    // Both AZs traced to the internet gateway, through this shape's NAT.
    const egress = only(report, 'internet-egress');
    expect(egress).toHaveLength(2);
    for (const e of egress) {
      expect(e.path).toContain('aws_internet_gateway.gw');
      expect(e.path).toContain(shape.nat === 'gateway' ? 'aws_nat_gateway.nat' : 'aws_network_interface.nat');
      expect(e.path).toContain(shape.privateTable === 'main' ? 'aws_default_route_table.main' : 'aws_route_table.app');
    }
  });

  test('WHEN the private default route is removed THEN internet egress fails in both AZs, naming the table', () => {
    const tf = platformStack(shape);
    const table = shape.privateTable === 'main' ? 'aws_default_route_table.main' : 'aws_route_table.app';
    if (shape.routes === 'inline') delete tf.get(table).route;
    else tf.remove(shape.privateTable === 'main' ? 'aws_route.main_default' : 'aws_route.app_default');
    const report = checkJson([tf.json]);
    // The SSM call goes through NAT too: both promises break at the same hop.
    expect(new Set(fails(report).map((f) => f.check))).toEqual(new Set(['internet-egress', 'aws-service']));
    for (const f of only(report, 'internet-egress')) {
      expect(f.status).toBe('fail');
      expect(f.message).toContain(`${table}${shape.privateTable === 'main' ? ' (the main route table)' : ''} has no 0.0.0.0/0 route`);
      expect(f.fix).toContain(`add an aws_route 0.0.0.0/0`);
    }
    expect(only(report, 'aws-service')[0].message).toMatch(/ssm .*calls time out/);
  });

  test('WHEN the main route table sends 0.0.0.0/0 to the internet gateway THEN the function sits in public subnets', () => {
    const tf = platformStack(shape);
    const table = shape.privateTable === 'main' ? 'aws_default_route_table.main' : 'aws_route_table.app';
    const target = { gateway_id: ref('aws_internet_gateway.gw') };
    if (shape.routes === 'inline') tf.get(table).route = [inlineRoute(table, { cidr_block: '0.0.0.0/0', ...target })];
    else Object.assign(tf.get(shape.privateTable === 'main' ? 'aws_route.main_default' : 'aws_route.app_default'), { nat_gateway_id: undefined, network_interface_id: undefined, ...target });
    const report = checkJson([tf.json]);
    const priv = only(report, 'private-subnets');
    expect(priv.map((p) => p.status)).toEqual(['fail', 'fail']);
    expect(priv[0].message).toMatch(/aws_subnet\.app_1 is public .*never gets a public IP/);
    expect(only(report, 'internet-egress').every((e) => e.status === 'fail' && /is public/.test(e.message))).toBe(true);
  });

  if (shape.nat === 'instance') {
    test('WHEN the NAT ENI keeps source/destination check on THEN egress fails at the ENI', () => {
      const tf = platformStack(shape);
      tf.get('aws_network_interface.nat').source_dest_check = true;
      const [first] = fails(checkJson([tf.json])).filter((f) => f.check === 'internet-egress');
      expect(first.message).toContain('source/destination check is on for aws_network_interface.nat');
      expect(first.fix).toBe('set source_dest_check = false on aws_network_interface.nat');
    });

    test('WHEN the NAT group stops admitting the VPC THEN egress fails at the NAT security group, whichever rule style', () => {
      const tf = platformStack(shape);
      if (shape.sgRules === 'inline') delete tf.get('aws_security_group.nat').ingress;
      else if (shape.sgRules === 'security_group_rule') tf.remove('aws_security_group_rule.nat_from_vpc');
      else tf.remove('aws_vpc_security_group_ingress_rule.nat_from_vpc');
      const egress = fails(checkJson([tf.json])).filter((f) => f.check === 'internet-egress');
      expect(egress).toHaveLength(2);
      expect(egress[0].message).toContain("the NAT instance's security group aws_security_group.nat does not admit TCP 443 from the function");
    });

    test('WHEN the EIP association is gone THEN the NAT instance has no public IP', () => {
      const tf = platformStack(shape);
      tf.remove('aws_eip_association.nat');
      const [first] = fails(checkJson([tf.json]));
      expect(first.message).toContain('NAT instance aws_network_interface.nat has no public IP');
    });
  }

  test("WHEN the function's HTTPS egress rule is gone THEN nothing is promised but the SSM call has no path", () => {
    const tf = platformStack(shape);
    if (shape.sgRules === 'inline') delete tf.get('aws_security_group.lambda').egress;
    else if (shape.sgRules === 'security_group_rule') tf.remove('aws_security_group_rule.lambda_https_out');
    else tf.remove('aws_vpc_security_group_egress_rule.lambda_https_out');
    const report = checkJson([tf.json]);
    // The API_URL environment variable still promises internet egress.
    expect(fails(report).map((f) => f.check).sort()).toEqual(['aws-service', 'internet-egress']);
    expect(only(report, 'internet-egress')[0].message).toContain('environment API_URL calls https://api.example.com/orders');
  });
});

describe('isolated VPC with endpoints attached by association resources', () => {
  test('GIVEN an SQS interface endpoint and an S3 gateway endpoint THEN the SQS call and the S3 routes pass', () => {
    const report = checkJson([isolatedStack().json]);
    expect(fails(report)).toEqual([]);
    const sqs = only(report, 'aws-service');
    expect(sqs).toHaveLength(1);
    expect(sqs[0].message).toMatch(/^sqs \(role allows sqs:SendMessage; environment QUEUE_URL references aws_sqs_queue\.jobs; security groups pair it with aws_vpc_endpoint\.sqs\)/);
    expect(sqs[0].path).toEqual(expect.arrayContaining(['aws_vpc_endpoint.sqs', 'aws_security_group.consumer egress[0]', 'aws_security_group_rule.endpoints_https']));
    expect(only(report, 'gateway-endpoint')[0].status).toBe('pass');
    // No log group, no destroy-time swap, no consumer.zip beside the Terraform to open: advice, not failures.
    expect(report.results.filter((r) => r.status === 'warn').map((r) => r.check).sort()).toEqual(['destroy', 'handler-archive', 'log-retention']);
  });

  test('WHEN the group sends 443 only to the VPC CIDR THEN the gateway endpoint is routed but its traffic dropped: a warning, the S3 need being unknown', () => {
    const tf = isolatedStack();
    (tf.get('aws_security_group.consumer').egress as unknown[]).pop();
    const report = checkJson([tf.json]);
    expect(fails(report)).toEqual([]);
    const [gw] = only(report, 'gateway-endpoint');
    expect(gw.status).toBe('warn');
    expect(gw.message).toContain('sends no TCP 443 to s3 (the endpoint\'s prefix list or 0.0.0.0/0)');
    expect(gw.fix).toBe('add an egress rule TCP 443 to aws_vpc_endpoint.s3.prefix_list_id on aws_security_group.consumer, if the function calls s3');
  });

  test('WHEN the function evidently calls S3 and its group shuts out the prefix list THEN aws-service fails, and gateway-endpoint only speaks of the routes', () => {
    const tf = isolatedStack();
    (tf.get('aws_security_group.consumer').egress as unknown[]).pop();
    tf.get('aws_lambda_function.consumer').environment = { variables: { QUEUE_URL: ref('aws_sqs_queue.jobs', 'url'), BUCKET: ref('aws_s3_bucket.files') } };
    tf.add('aws_s3_bucket', 'files', { bucket: 'files' });
    const report = checkJson([tf.json]);
    expect(fails(report).map((f) => `${f.check}: ${f.message.slice(0, 3)}`)).toEqual(['aws-service: s3 ']);
    expect(only(report, 'aws-service').find((r) => r.message.startsWith('s3 '))?.message).toContain('allows no TCP 443 to s3 (its prefix list or 0.0.0.0/0)');
    expect(only(report, 'gateway-endpoint').map((r) => r.status)).toEqual(['pass']);
  });

  test('WHEN private DNS is off THEN the SDK goes to the public endpoint and, without NAT, times out', () => {
    const tf = isolatedStack();
    delete tf.get('aws_vpc_endpoint.sqs').private_dns_enabled;
    const [f] = fails(checkJson([tf.json]));
    expect(f.message).toContain('aws_vpc_endpoint.sqs has private DNS off');
    expect(f.fix).toBe('set private_dns_enabled = true on aws_vpc_endpoint.sqs');
  });

  test('WHEN the endpoint loses its security-group association THEN it sits on the default group, which admits nothing', () => {
    const tf = isolatedStack();
    tf.remove('aws_vpc_endpoint_security_group_association.sqs');
    const [f] = fails(checkJson([tf.json]));
    expect(f.message).toContain("aws_vpc_endpoint.sqs's security group aws_vpc.core#default-sg does not admit TCP 443");
    expect(f.message).toContain("sits on the VPC's default security group");
  });

  test('WHEN there is no SQS endpoint THEN the call times out (no NAT either)', () => {
    const tf = isolatedStack();
    tf.remove('aws_vpc_endpoint.sqs');
    const [f] = fails(checkJson([tf.json]));
    expect(f.message).toContain('calls time out: aws_vpc.core has no sqs VPC endpoint');
    expect(f.fix).toContain('add an interface endpoint com.amazonaws.eu-central-1.sqs with private_dns_enabled = true');
  });

  test('WHEN the S3 gateway endpoint misses one route table THEN that subnet is named', () => {
    const tf = isolatedStack();
    tf.get('aws_vpc_endpoint.s3').route_table_ids = [ref('aws_route_table.core_a')];
    const [f] = fails(checkJson([tf.json]));
    expect(f.check).toBe('gateway-endpoint');
    expect(f.message).toContain('aws_vpc_endpoint.s3 is not on aws_route_table.core_b (subnet aws_subnet.core_b)');
  });

  test('WHEN a network ACL lets HTTPS out but not the replies in THEN the endpoint call and the internet egress fail at the ACL', () => {
    const tf = isolatedStack();
    tf.add('aws_network_acl', 'core', {
      vpc_id: ref('aws_vpc.core'),
      subnet_ids: [ref('aws_subnet.core_a'), ref('aws_subnet.core_b')],
      egress: [{ rule_no: 100, action: 'allow', protocol: 'tcp', cidr_block: '0.0.0.0/0', from_port: 443, to_port: 443 }],
    });
    tf.get('aws_security_group.consumer').egress.push(sgBlock({ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }));
    // An open egress rule is permission, not a need: the tag states that the function calls the internet.
    tf.get('aws_lambda_function.consumer').tags = { 'vlg:needs': 'internet' };
    const failed = fails(checkJson([tf.json]));
    expect(failed.map((f) => f.check)).toEqual(['internet-egress', 'internet-egress', 'aws-service']);
    expect(failed[0].message).toContain('network ACL aws_network_acl.core on aws_subnet.core_a denies the return traffic (TCP 1024-65535 from 0.0.0.0/0)');
    expect(failed[2].message).toContain('network ACL aws_network_acl.core on aws_subnet.core_a denies the return traffic (TCP 1024-65535 from 10.20.16.0/20)');
    expect(failed[2].fix).toBe('add an ingress rule allowing TCP 1024-65535 from 10.20.16.0/20 to aws_network_acl.core');
  });

  test('WHEN the ACL also admits the replies THEN both pass again', () => {
    const tf = isolatedStack();
    tf.add('aws_network_acl', 'core', {
      vpc_id: ref('aws_vpc.core'),
      subnet_ids: [ref('aws_subnet.core_a'), ref('aws_subnet.core_b')],
    });
    tf.add('aws_network_acl_rule', 'out', { network_acl_id: ref('aws_network_acl.core'), rule_number: 100, egress: true, protocol: '-1', rule_action: 'allow', cidr_block: '0.0.0.0/0' });
    tf.add('aws_network_acl_rule', 'in', { network_acl_id: ref('aws_network_acl.core'), rule_number: 100, egress: false, protocol: '-1', rule_action: 'allow', cidr_block: '0.0.0.0/0' });
    expect(fails(checkJson([tf.json]))).toEqual([]);
  });
});

describe('what cannot be read statically is a warning, never a pass or a fail', () => {
  test('GIVEN subnets made with a literal count THEN each instance counts, with its own AZ expression', () => {
    const tf = isolatedStack();
    tf.add('aws_subnet', 'many', { count: 2, vpc_id: ref('aws_vpc.core'), cidr_block: '${cidrsubnet("10.20.0.0/16", 4, count.index + 4)}', availability_zone: '${data.aws_availability_zones.az.names[count.index]}' });
    tf.get('aws_lambda_function.consumer').vpc_config.subnet_ids = '${aws_subnet.many[*].id}';
    const azs = checkJson([tf.json]).results.filter((r) => r.check === 'multi-az');
    expect(azs).toEqual([expect.objectContaining({ status: 'pass', resources: expect.arrayContaining(['aws_subnet.many[0]', 'aws_subnet.many[1]']) })]);
  });

  test('GIVEN subnets made with a count that is not known statically THEN multi-az warns', () => {
    const tf = isolatedStack();
    tf.json.variable = { subnet_count: { type: 'number' } };
    tf.add('aws_subnet', 'many', { count: '${var.subnet_count}', vpc_id: ref('aws_vpc.core'), cidr_block: '${cidrsubnet("10.20.0.0/16", 4, count.index + 4)}' });
    tf.get('aws_lambda_function.consumer').vpc_config.subnet_ids = '${aws_subnet.many[*].id}';
    const azs = checkJson([tf.json]).results.filter((r) => r.check === 'multi-az');
    expect(azs).toEqual([expect.objectContaining({ status: 'warn', message: expect.stringContaining('aws_subnet.many use count/for_each') })]);
  });

  test('GIVEN subnets and a role outside the configuration THEN the checks that need them warn', () => {
    const tf = isolatedStack();
    Object.assign(tf.get('aws_lambda_function.consumer'), { role: 'arn:aws:iam::111122223333:role/platform-lambda' });
    tf.get('aws_lambda_function.consumer').vpc_config.subnet_ids = ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'];
    const report = checkJson([tf.json]);
    expect(fails(report)).toEqual([]);
    const warned = report.results.filter((r) => r.status === 'warn').map((r) => r.check);
    expect(warned).toEqual(expect.arrayContaining(['vpc-role', 'multi-az']));
  });
});
