/**
 * The verification plan is read from the synthesized Terraform, not from the pattern id: for every
 * pattern it names each function, its own URL, topic and host; a change to the Terraform (a rule, a
 * subscription) changes the plan.
 */
import { PATTERN_IDS, findPattern } from '../generator/catalog';
import { verifyPlan, type HostStep, type InvokeStep, type VerifyStep } from '../generator/verify/steps';
import { synthPattern } from './check/pattern-stacks';

const plan = (id: string, options: Record<string, unknown> = {}, config: Record<string, unknown> = {}) => verifyPlan(synthPattern(id, options, config).json);
const invokes = (steps: VerifyStep[]) => steps.filter((s): s is InvokeStep => s.kind === 'invoke');
const invokeOf = (steps: VerifyStep[], name: string) => invokes(steps).find((s) => 'literal' in s.functionName && s.functionName.literal === name)!;
const hostOf = (steps: VerifyStep[]) => steps.find((s): s is HostStep => s.kind === 'ssm-host');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe.each(PATTERN_IDS)('GIVEN pattern %s WHEN the verification plan is derived', (id) => {
  test('THEN every function is invoked by its own name through its live alias, in the stack region', () => {
    const { region, steps } = plan(id);
    expect(region).toBe('eu-west-1');
    const names = findPattern(id)!.defaultFunctions.map((f) => `demo-${f.name}`);
    expect(invokes(steps).map((s) => ('literal' in s.functionName ? s.functionName.literal : undefined)).sort()).toEqual([...names].sort());
    for (const step of invokes(steps)) expect({ name: step.functionName, qualifier: step.qualifier, payload: step.payload }).toEqual({ name: step.functionName, qualifier: 'live', payload: {} });
  });

  test('THEN there is no host step without the SSM host, and with it the host is read from its output', () => {
    expect(hostOf(plan(id).steps)).toBeUndefined();
    const host = hostOf(plan(id, {}, { ssmHost: true }).steps)!;
    expect(host.instance).toEqual({ output: 'ssm_host_instance_id' });
  });
});

describe('GIVEN a caller that uses a name of its own (certificate + domainName)', () => {
  const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
  test('THEN the caller step follows the name through its DNS record to the ALB and the target', () => {
    const { steps } = plan('internal-alb', { certificateArn: CERTIFICATE, domainName: 'api.internal.example.com' });
    expect(invokeOf(steps, 'demo-caller').calls?.via).toEqual(['internal ALB aws_lb.alb_load_balancer', 'λ demo-target']);
  });
});

describe('GIVEN the callers of the inside-only patterns', () => {
  test.each([
    ['private-api', 'private_api_invoke_url', ['execute-api interface endpoint aws_vpc_endpoint.network_endpoints_execute_api', 'private REST API aws_api_gateway_rest_api.private_api_api', 'λ demo-target']],
    ['internal-alb', 'alb_url', ['internal ALB aws_lb.alb_load_balancer', 'λ demo-target']],
    [
      'privatelink',
      'consumer_endpoint_url',
      ['consumer endpoint aws_vpc_endpoint.consumer_endpoint', 'endpoint service aws_vpc_endpoint_service.privatelink_service', 'internal NLB aws_lb.privatelink_load_balancer', 'internal ALB aws_lb.alb_load_balancer', 'λ demo-target'],
    ],
  ])('%s: THEN the caller step goes through every hop to the target, with the URL output it POSTs to', (id, urlOutput, via) => {
    const { steps } = plan(id);
    const caller = invokeOf(steps, 'demo-caller');
    expect(caller.calls).toEqual({ via, url: { output: urlOutput } });
    // The target alone first: when it fails, the caller's failure follows from it.
    expect(steps.indexOf(invokeOf(steps, 'demo-target'))).toBeLessThan(steps.indexOf(caller));
    expect(steps.filter((s) => s.kind === 'note')).toEqual([]);
  });

  test('endpoints: THEN the caller reaches the target through the Lambda API on the lambda interface endpoint', () => {
    expect(invokeOf(plan('endpoints').steps, 'demo-caller').calls).toEqual({
      via: ['Lambda API through the lambda interface endpoint aws_vpc_endpoint.network_endpoints_lambda', 'λ demo-target'],
      url: undefined,
    });
  });

  test('privatelink without the consumer endpoint: THEN one note says consumers connect to the service name, and none for its load balancers', () => {
    const notes = plan('privatelink', { consumerEndpoint: false }).steps.filter((s) => s.kind === 'note');
    expect(notes.map((n) => n.address)).toEqual(['aws_vpc_endpoint_service.privatelink_service']);
    expect(notes[0].kind === 'note' && notes[0].text).toMatch(/terraform output -raw endpoint_service_name/);
  });
});

describe('GIVEN egress, APIs and topics', () => {
  test.each(['nat-gateway', 'nat-instance', 'sns-slack'])('%s: THEN each function compares its egress IP with the egress_public_ips list output', (id) => {
    for (const step of invokes(plan(id).steps)) expect(step.egressIps).toEqual({ output: 'egress_public_ips', list: true });
  });

  test.each(['endpoints', 'peering', 'private-api', 'internal-alb', 'privatelink', 'efs'])('%s: THEN no function has an egress IP to compare (no NAT route)', (id) => {
    for (const step of invokes(plan(id).steps)) expect(step.egressIps).toBeUndefined();
  });

  test('efs: THEN the public HTTP API is fetched at its URL output, on a path its routes answer', () => {
    const http = plan('efs').steps.filter((s) => s.kind === 'http');
    expect(http).toEqual([expect.objectContaining({ address: 'aws_apigatewayv2_api.http_api_api', url: { output: 'http_api_url' }, path: '/', title: 'HTTP API aws_apigatewayv2_api.http_api_api (public) → λ demo-api' })]);
  });

  test('sns-slack: THEN the topic is published to from its ARN output, and the notifier log group is read', () => {
    const publish = plan('sns-slack').steps.filter((s) => s.kind === 'publish');
    expect(publish).toEqual([
      expect.objectContaining({
        topic: { output: 'topic_arn' },
        kmsKey: 'aws_kms_key.notifications_key',
        subscribers: [{ functionName: { literal: 'demo-notifier' }, logGroup: { literal: '/aws/lambda/demo-notifier' } }],
      }),
    ]);
  });

  test('sns-slack WHEN the subscription is removed from the Terraform THEN nothing is published (the plan follows the Terraform)', () => {
    const json = clone(synthPattern('sns-slack').json);
    delete json.resource.aws_sns_topic_subscription;
    expect(verifyPlan(json).steps.filter((s) => s.kind === 'publish')).toEqual([]);
  });

  test('peering with --peer-url: THEN the function call goes over the peering connection to that URL', () => {
    const step = invokes(plan('peering', { peerApiUrl: 'https://10.1.2.3/health' }).steps)[0];
    expect(step.calls).toEqual({ via: ['peering connection aws_vpc_peering_connection.peering_connection', 'the API at https://10.1.2.3/health'], url: { literal: 'https://10.1.2.3/health' } });
    expect(step.needs).toBeUndefined();
  });

  test('peering without a URL: THEN the step says what it needs instead of calling nothing', () => {
    const step = invokes(plan('peering').steps)[0];
    expect(step.calls).toBeUndefined();
    expect(step.needs).toMatch(/peer VPC \(10\.1\.0\.0\/16\).*PEER_API_URL.*--peer-url/);
  });
});

describe('GIVEN the SSM host WHEN its probes are derived from its security group', () => {
  const probes = (id: string, options: Record<string, unknown> = {}) => hostOf(plan(id, options, { ssmHost: true }).steps)!.probes;

  test('efs: THEN it tries NFS 2049 to the file system named by its output', () => {
    expect(probes('efs')).toEqual([
      expect.objectContaining({ command: "timeout 3 bash -c '</dev/tcp/<file_system_id>.efs.eu-west-1.amazonaws.com/2049' && echo open", values: { file_system_id: { output: 'efs_file_system_id' } } }),
    ]);
  });

  test.each([
    ['internal-alb', 'alb_url'],
    ['private-api', 'private_api_invoke_url'],
  ])('%s: THEN it POSTs to the URL the caller uses', (id, output) => {
    const post = probes(id).filter((p) => p.command.includes('-X POST'));
    expect(post.map((p) => p.values)).toEqual([{ url: { output } }]);
  });

  test('privatelink: THEN the host, in the provider VPC, opens the NLB behind the service (the caller, in the consumer VPC, proves the endpoint)', () => {
    expect(probes('privatelink')).toEqual([
      expect.objectContaining({ what: 'aws_lb.privatelink_load_balancer on TCP 80', values: { lb_dns: { output: 'nlb_dns_name' } } }),
    ]);
  });

  test('endpoints: THEN it checks private DNS and HTTPS of the lambda endpoint, and never the session endpoints', () => {
    const commands = probes('endpoints').map((p) => p.command);
    expect(commands).toContain('getent hosts lambda.eu-west-1.amazonaws.com');
    expect(commands.join('\n')).not.toMatch(/ssmmessages|ec2messages|ssm\.eu-west-1/);
  });

  test.each(['nat-gateway', 'sns-slack'])('%s: THEN it compares what checkip sees with the NAT IPs', (id) => {
    expect(probes(id)).toEqual([expect.objectContaining({ command: 'curl -sS -m 5 https://checkip.amazonaws.com', values: { egress_ips: { output: 'egress_public_ips', list: true } } })]);
  });

  test('peering: THEN it tries TCP, a TCP traceroute and curl to the API in the peer VPC, and no ping without ICMP out', () => {
    const commands = probes('peering', { peerApiUrl: 'https://10.1.2.3/health' }).map((p) => p.command);
    expect(commands).toEqual(["timeout 3 bash -c '</dev/tcp/10.1.2.3/443' && echo open", 'sudo traceroute -n -T -p 443 10.1.2.3', 'curl -sS -m 5 -i https://10.1.2.3/health']);
  });

  test('peering WHEN the Terraform lets the host send ICMP to the peer THEN a ping appears (the probes follow the rules)', () => {
    const json = clone(synthPattern('peering', { peerApiUrl: 'https://10.1.2.3/health' }, { ssmHost: true }).json);
    json.resource.aws_vpc_security_group_egress_rule.ssm_host_icmp = {
      security_group_id: '${aws_security_group.ssm_host_security_group.id}',
      ip_protocol: 'icmp',
      from_port: -1,
      to_port: -1,
      cidr_ipv4: '10.1.0.0/16',
    };
    const host = hostOf(verifyPlan(json).steps)!;
    expect(host.probes.map((p) => p.command)).toContain('ping -c 3 10.1.2.3');
  });

  test('nat-instance: THEN the NAT instance (Session Manager reachable too) is not taken for the debug host', () => {
    expect(hostOf(plan('nat-instance').steps)).toBeUndefined();
    expect(hostOf(plan('nat-instance', {}, { ssmHost: true }).steps)!.address).toBe('aws_instance.ssm_host_instance');
  });
});
