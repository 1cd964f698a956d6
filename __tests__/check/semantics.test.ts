/**
 * AWS semantics `check` reads exactly, one broken (or harmless) change at a time on a pattern's
 * synthesized Terraform: execute-api source ARNs of stages and with wildcards, stages that are not
 * deployed, deployments not redeployed with the policy, managed policies under the wrong path, and
 * secrets reaching the environment through locals and jsondecode.
 */
import { checkJson, type CheckReport } from '../../generator/check';
import { synthPattern } from './pattern-stacks';

type Json = Record<string, any>;
const copy = (id: string, options: Record<string, unknown> = {}): Json => JSON.parse(JSON.stringify(synthPattern(id, options).json));
const only = (r: CheckReport, check: string) => r.results.filter((x) => x.check === check);
const statuses = (r: CheckReport, check: string) => only(r, check).map((x) => x.status);
const first = (j: Json, type: string) => Object.values(j.resource[type] as Record<string, Json>)[0];

describe('API Gateway invocation chains', () => {
  test("GIVEN a permission scoped to the stage's execution_arn THEN the stage stands for its API and the path passes", () => {
    const j = copy('private-api');
    first(j, 'aws_lambda_permission').source_arn = '${aws_api_gateway_stage.private_api_stage.execution_arn}/POST/invoke';
    expect(statuses(checkJson([j]), 'invoke-rest-api')).toEqual(['pass']);
  });

  test('WHEN the permission admits only GET THEN the POST integration is denied, naming the permission', () => {
    const j = copy('private-api');
    first(j, 'aws_lambda_permission').source_arn = '${aws_api_gateway_rest_api.private_api_api.execution_arn}/*/GET/invoke';
    const [f] = only(checkJson([j]), 'invoke-rest-api');
    expect(f).toMatchObject({ status: 'fail', message: expect.stringContaining('only from another source') });
    expect(f.resources).toContain('aws_lambda_permission.fn_target_rest_api_permission');
  });

  test('WHEN the permission names another stage THEN invocations through this one are denied', () => {
    const j = copy('private-api');
    first(j, 'aws_lambda_permission').source_arn = '${aws_api_gateway_rest_api.private_api_api.execution_arn}/staging/*/*';
    expect(statuses(checkJson([j]), 'invoke-rest-api')).toEqual(['fail']);
  });

  test('WHEN the private API deployment no longer follows the policy THEN a warning says the policy may never be deployed', () => {
    const j = copy('private-api');
    const deployment = first(j, 'aws_api_gateway_deployment');
    delete deployment.triggers;
    delete deployment.depends_on;
    expect(only(checkJson([j]), 'invoke-rest-api')).toContainEqual(expect.objectContaining({ status: 'warn', message: expect.stringContaining('neither depends on nor is triggered by aws_api_gateway_rest_api_policy.private_api_policy') }));
  });

  test('WHEN the HTTP API stage is neither auto-deployed nor given a deployment THEN the invocation fails at the stage', () => {
    const j = copy('efs');
    first(j, 'aws_apigatewayv2_stage').auto_deploy = false;
    const [f] = only(checkJson([j]), 'invoke-http-api');
    expect(f).toMatchObject({ status: 'fail', message: expect.stringContaining('aws_apigatewayv2_stage.http_api_stage is neither auto-deployed nor given a deployment'), fix: 'set auto_deploy = true on aws_apigatewayv2_stage.http_api_stage' });
  });
});

describe('IAM', () => {
  test('WHEN the VPC access policy is named without its service-role/ path THEN the attachment names a policy that does not exist', () => {
    const j = copy('nat-gateway');
    j.resource.aws_iam_role_policy_attachment.fn_api_vpc_access_policy.policy_arn = 'arn:aws:iam::aws:policy/AWSLambdaVPCAccessExecutionRole';
    const failed = only(checkJson([j]), 'vpc-role').filter((r) => r.status === 'fail');
    expect(failed[0].message).toContain('attaches arn:aws:iam::aws:policy/AWSLambdaVPCAccessExecutionRole, which does not exist');
    expect(failed[0].fix).toBe('set policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole" on aws_iam_role_policy_attachment.fn_api_vpc_access_policy');
  });
});

describe('secrets reaching the environment', () => {
  test.each([
    ['through a local and jsondecode', (j: Json) => {
      j.data.aws_secretsmanager_secret_version = { db: { secret_id: 'prod/db' } };
      j.locals = { db: '${jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)}' };
      return '${local.db["password"]}';
    }, /copies the secret data\.aws_secretsmanager_secret_version\.db\.secret_string/],
    ['through a sensitive variable with a default', (j: Json) => {
      j.variable = { ...j.variable, db_password: { type: 'string', default: 'hunter2', sensitive: true } };
      return '${var.db_password}';
    }, /set from the sensitive variable db_password/],
  ])('%s', (_how, mutate, message) => {
    const j = copy('nat-gateway');
    const value = mutate(j);
    first(j, 'aws_lambda_function').environment = { variables: { DB: value } };
    const report = checkJson([j]);
    const [f] = only(report, 'secrets');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(message);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });
});

describe('routes and prefix lists', () => {
  test('WHEN a NAT gateway is written in gateway_id THEN the path still follows the NAT, and a warning names the argument', () => {
    const j = copy('nat-gateway');
    const route = j.resource.aws_route.network_private_default_route_a;
    route.gateway_id = route.nat_gateway_id;
    delete route.nat_gateway_id;
    const report = checkJson([j]);
    expect(statuses(report, 'internet-egress')).toEqual(['pass', 'pass']);
    expect(only(report, 'route-target')).toEqual([expect.objectContaining({ status: 'warn', fix: 'write it as nat_gateway_id = aws_nat_gateway.network_nat_gateway_a.id' })]);
  });

  test('WHEN an internet gateway is written in nat_gateway_id THEN the apply fails: a FAIL naming the route', () => {
    const j = copy('nat-gateway');
    j.resource.aws_route.network_public_default_route.nat_gateway_id = j.resource.aws_route.network_public_default_route.gateway_id;
    delete j.resource.aws_route.network_public_default_route.gateway_id;
    expect(only(checkJson([j]), 'route-target')).toEqual([expect.objectContaining({ status: 'fail', subject: 'aws_route.network_public_default_route', message: expect.stringContaining('EC2 rejects a aws_internet_gateway there') })]);
  });

  test("GIVEN an egress rule to the S3 prefix list read by a data source THEN it counts as the gateway endpoint's", () => {
    const j = copy('endpoints', { endpoints: ['lambda', 's3'] });
    j.data.aws_prefix_list = { s3: { name: 'com.amazonaws.eu-west-1.s3' } };
    const rules = Object.values(j.resource.aws_vpc_security_group_egress_rule as Record<string, Json>).filter((r) => r.prefix_list_id !== undefined);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) rule.prefix_list_id = '${data.aws_prefix_list.s3.id}';
    const s3 = only(checkJson([j]), 'aws-service').filter((r) => r.message.startsWith('s3'));
    expect(s3.length).toBeGreaterThan(0);
    expect(s3.map((r) => r.status)).toEqual(s3.map(() => 'pass'));
  });
});
