/**
 * The construct API a project's main.ts composes with, in-process (no install): stack.fn,
 * stack.addFunction, GatewayEndpoints, where user constructs land in HCL, and the check that runs
 * inside synthesis with its opt-out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { TerraformOutput } from 'cdktf';
import { ConfigError } from '../generator/config/errors';
import { readLayoutSidecar, stackLayout } from '../generator/hcl/layout';
import { buildApp } from '../patterns/app';
import { GatewayEndpoints } from '../patterns/blocks/vpc-endpoints';
import { SynthesisCheckError } from '../patterns/synthesis';
import { HANDLERS_DIR, rawConfig } from './helpers/synth';
import { makeTempDir } from './helpers/temp';

/** A project with the config and a Node.js sample in each function folder named. */
function project(raw = rawConfig({ pattern: { id: 'nat-instance' } }), extraFunctions: string[] = []): string {
  const dir = makeTempDir('vlg-api-');
  for (const name of [...raw.functions.map((f) => f.name), ...extraFunctions]) {
    fs.cpSync(path.join(HANDLERS_DIR, 'egress-check', 'nodejs'), path.join(dir, 'functions', name), { recursive: true });
  }
  fs.writeFileSync(path.join(dir, 'vpc-lambda-gen.json'), JSON.stringify(raw));
  return dir;
}

function built(dir: string, context?: Record<string, unknown>) {
  const outdir = makeTempDir('vlg-api-out-');
  const { app, stack } = buildApp({ projectDir: dir, outdir, exitOnError: false, context });
  const stackDir = path.join(outdir, 'stacks', stack.node.id);
  const json = () => JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  return { app, stack, stackDir, json };
}

describe('stack.fn and stack.addFunction', () => {
  test('GIVEN addEnvironment THEN a plain string is written literally and a reference stays a reference', () => {
    const { app, stack, json } = built(project());
    const queue = new SqsQueue(stack, 'orders', { name: 'demo-orders' });
    stack.fn('api').addEnvironment('NOTE', '${file("/etc/passwd")} %{ if true }x%{ endif }');
    stack.fn('api').addEnvironment('QUEUE_URL', queue.url);
    app.synth();
    const variables = Object.values<any>(json().resource.aws_lambda_function)[0].environment.variables;
    expect(variables.NOTE).toBe('$${file("/etc/passwd")} %%{ if true }x%%{ endif }');
    expect(variables.QUEUE_URL).toBe('${aws_sqs_queue.orders.url}');
  });

  test('GIVEN a name the stack does not have THEN stack.fn refuses it naming the functions there are', () => {
    const { stack } = built(project());
    expect(() => stack.fn('nope')).toThrow(ConfigError);
    expect(() => stack.fn('nope')).toThrow(/stack\.fn\("nope"\): stack "demo" has no such function; name one of "api"/);
    expect(stack.fn('api').config.name).toBe('api');
  });

  test('WHEN a function is added THEN it gets what config functions get, validated like them, and stack.fn finds it', () => {
    const { app, stack, json } = built(project(undefined, ['reporter']));
    const reporter = stack.addFunction({ name: 'reporter', memoryMb: 512 });
    expect(stack.fn('reporter')).toBe(reporter);
    app.synth();
    const tf = json();
    expect(tf.resource.aws_lambda_function.fn_reporter_function).toMatchObject({
      function_name: 'demo-reporter',
      memory_size: 512,
      timeout: 15,
      handler: 'index.handler',
      replace_security_groups_on_destroy: true,
      vpc_config: { security_group_ids: ['${aws_security_group.fn_reporter_security_group.id}'] },
    });
    expect(tf.resource.aws_lambda_alias.fn_reporter_alias.function_version).toBe('${aws_lambda_function.fn_reporter_function.version}');
    expect(tf.resource.aws_iam_role_policy_attachment.fn_reporter_vpc_access_policy).toBeDefined();
  });

  test('GIVEN a bad or duplicate function THEN addFunction refuses it naming the field, before anything is built', () => {
    const { stack } = built(project());
    expect(() => stack.addFunction({ name: 'small', memoryMb: 64 })).toThrow(/stack\.addFunction\("small"\) is invalid:\n {2}- functions\[1\]\.memoryMb \(got 64\)/);
    expect(() => stack.addFunction({ name: 'api' })).toThrow(/functions\[1\]\.name/);
    expect(stack.node.tryFindChild('fn-small')).toBeUndefined();
  });
});

describe('GatewayEndpoints', () => {
  test('WHEN a function is allowed to S3 THEN the endpoint is on every private route table and the function may send 443 to its prefix list', () => {
    const { app, stack, json } = built(project());
    GatewayEndpoints.of(stack.network).allowFrom(stack.fn('api'), ['s3']);
    app.synth();
    const tf = json();
    expect(tf.resource.aws_vpc_endpoint.network_s3_gateway_endpoint).toMatchObject({
      vpc_endpoint_type: 'Gateway',
      route_table_ids: ['${aws_route_table.network_private_route_table_a.id}', '${aws_route_table.network_private_route_table_b.id}'],
    });
    expect(tf.resource.aws_vpc_security_group_egress_rule.fn_api_egress_to_s3_tcp_443).toMatchObject({
      prefix_list_id: '${aws_vpc_endpoint.network_s3_gateway_endpoint.prefix_list_id}',
      from_port: 443,
    });
  });
});

describe('the layout sidecar', () => {
  test("GIVEN user constructs THEN the stack's top-level ones go to main.tf, an added function to functions.tf, outputs to outputs.tf", () => {
    const { app, stack, stackDir, json } = built(project(undefined, ['reporter']));
    new SqsQueue(stack, 'orders', { name: 'demo-orders' });
    new TerraformOutput(stack, 'orders_note', { value: 'x' });
    stack.addFunction({ name: 'reporter' });
    app.synth();
    const layout = stackLayout(readLayoutSidecar(stackDir), json(), { id: 'nat-instance', title: 'NAT instance' });
    const fileOf = (name: string) => layout.elements.find((e) => e.name === name)?.file;
    expect(fileOf('orders')).toBe('main.tf');
    expect(fileOf('fn_reporter_function')).toBe('functions.tf');
    expect(fileOf('orders_note')).toBe('outputs.tf');
    expect(fileOf('network_vpc')).toBe('network.tf');
  });

  test('GIVEN a resource added by a raw override, which no construct accounts for THEN it still lands in main.tf', () => {
    const { app, stack, stackDir, json } = built(project());
    stack.addOverride('resource.aws_sqs_queue.raw', { name: 'demo-raw', redrive_allow_policy: [{ a: 1 }] });
    app.synth();
    const layout = stackLayout(readLayoutSidecar(stackDir), json(), { id: 'nat-instance', title: 'NAT instance' });
    expect(layout.elements.find((e) => e.name === 'raw')).toMatchObject({ file: 'main.tf', blocks: { redrive_allow_policy: {} } });
  });
});

describe('the check inside synthesis', () => {
  const breakNat = (stack: { addOverride(path: string, value: unknown): void }) =>
    stack.addOverride('resource.aws_instance.network_nat_instance_instance_a.source_dest_check', true);

  test('GIVEN main.ts turns the NAT instance source/dest check on THEN app.synth() throws the report naming it, and leaves no cdk.tf.json', () => {
    const { app, stack, stackDir } = built(project());
    breakNat(stack);
    let error: SynthesisCheckError | undefined;
    try {
      app.synth();
    } catch (err) {
      error = err as SynthesisCheckError;
    }
    expect(error).toBeInstanceOf(SynthesisCheckError);
    expect(error!.code).toBe('VLG_CHECK_FAILED');
    expect(error!.report).toMatch(/FAIL .*internet-egress .*source\/destination check is on for aws_instance\.network_nat_instance_instance_a/);
    expect(error!.message).toMatch(/^stack "demo": 2 network check\(s\) failed .*VLG_SKIP_CHECK=1/);
    expect(fs.existsSync(path.join(stackDir, 'cdk.tf.json'))).toBe(false);
  });

  test('GIVEN the context opt-out THEN it synthesizes, warning that the check was skipped', () => {
    const { app, stack, json } = built(project(), { 'vpc-lambda-gen:skipCheck': true });
    breakNat(stack);
    const warn = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      app.synth();
      expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/network check was skipped for stack "demo" \(the context key "vpc-lambda-gen:skipCheck"\)/);
    } finally {
      warn.mockRestore();
    }
    expect(json().resource.aws_instance.network_nat_instance_instance_a.source_dest_check).toBe(true);
  });

  test('GIVEN the stock stack THEN synthesis checks it and passes', () => {
    const { app, json } = built(project());
    expect(() => app.synth()).not.toThrow();
    expect(json().resource.aws_instance.network_nat_instance_instance_a.source_dest_check).toBe(false);
  });
});
