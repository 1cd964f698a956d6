import { rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { refusalOf } from './helpers/config-issues';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { internetPathResources, policyJsonRef, policyStatements, sgRules } from './helpers/wiring';

const functions = [{ name: 'caller' }, { name: 'target' }];
const config = (pattern: Record<string, unknown> = {}, overrides = {}) =>
  rawConfig({ pattern: { id: 'private-api', ...pattern }, functions, ...overrides });

describe('private-api pattern', () => {
  const stack = synth(config(), 'http-echo');
  const { json } = stack;
  const executionArn = ref('aws_api_gateway_rest_api', 'private_api_api', 'execution_arn');
  const endpointId = ref('aws_vpc_endpoint', 'network_endpoints_execute_api');

  test('GIVEN the pattern THEN there is no internet path at all: no IGW, NAT, public subnet or route', () => {
    expect(internetPathResources(json)).toEqual([]);
  });

  describe('the execute-api interface endpoint', () => {
    test('has private DNS, sits in every Lambda subnet and uses the shared endpoint security group', () => {
      expect(resource(json, 'aws_vpc_endpoint', 'network_endpoints_execute_api')).toMatchObject({
        service_name: 'com.amazonaws.eu-west-1.execute-api',
        vpc_endpoint_type: 'Interface',
        private_dns_enabled: true,
        subnet_ids: [ref('aws_subnet', 'network_private_subnet_a'), ref('aws_subnet', 'network_private_subnet_b')],
        security_group_ids: [ref('aws_security_group', 'network_endpoints_security_group')],
      });
    });

    test('its security group admits HTTPS from the caller only, and the caller may send HTTPS only to it', () => {
      expect(sgRules(json, 'ingress', 'network_endpoints_security_group')).toEqual(['sg:fn_caller_security_group tcp 443-443']);
      expect(sgRules(json, 'egress', 'fn_caller_security_group')).toEqual(['sg:network_endpoints_security_group tcp 443-443']);
    });

    test('the target needs no network rule: API Gateway invokes it through the Lambda service', () => {
      expect(sgRules(json, 'ingress', 'fn_target_security_group')).toEqual([]);
      expect(sgRules(json, 'egress', 'fn_target_security_group')).toEqual([]);
    });
  });

  describe('the private REST API', () => {
    test('is PRIVATE and associated with the endpoint', () => {
      expect(resource(json, 'aws_api_gateway_rest_api', 'private_api_api').endpoint_configuration).toEqual({
        types: ['PRIVATE'],
        vpc_endpoint_ids: [endpointId],
      });
    });

    test('its resource policy denies requests not from that endpoint, then allows, on this API only', () => {
      expect(resource(json, 'aws_api_gateway_rest_api_policy', 'private_api_policy')).toMatchObject({
        rest_api_id: ref('aws_api_gateway_rest_api', 'private_api_api'),
        policy: policyJsonRef('private_api_policy_document'),
      });
      const [deny, allow] = policyStatements(json, 'private_api_policy_document');
      expect(deny).toMatchObject({
        effect: 'Deny',
        actions: ['execute-api:Invoke'],
        resources: [`${executionArn}/*`],
        condition: [{ test: 'StringNotEquals', variable: 'aws:SourceVpce', values: [endpointId] }],
      });
      expect(allow).toMatchObject({ effect: 'Allow', actions: ['execute-api:Invoke'], resources: [`${executionArn}/*`] });
      expect(allow.condition).toBeUndefined();
    });

    test('POST /invoke is an AWS_PROXY integration to the target’s live alias', () => {
      expect(resource(json, 'aws_api_gateway_resource', 'private_api_resource')).toMatchObject({
        parent_id: ref('aws_api_gateway_rest_api', 'private_api_api', 'root_resource_id'),
        path_part: 'invoke',
      });
      expect(resource(json, 'aws_api_gateway_method', 'private_api_method')).toMatchObject({
        resource_id: ref('aws_api_gateway_resource', 'private_api_resource'),
        http_method: 'POST',
      });
      expect(resource(json, 'aws_api_gateway_integration', 'private_api_integration')).toMatchObject({
        type: 'AWS_PROXY',
        integration_http_method: 'POST',
        uri: ref('aws_lambda_alias', 'fn_target_alias', 'invoke_arn'),
      });
    });

    test('API Gateway may invoke the live alias, for this API’s POST /invoke only', () => {
      expect(Object.keys(resources(json, 'aws_lambda_permission'))).toEqual(['fn_target_rest_api_permission']);
      expect(resource(json, 'aws_lambda_permission', 'fn_target_rest_api_permission')).toMatchObject({
        principal: 'apigateway.amazonaws.com',
        action: 'lambda:InvokeFunction',
        function_name: ref('aws_lambda_function', 'fn_target_function', 'function_name'),
        qualifier: ref('aws_lambda_alias', 'fn_target_alias', 'name'),
        source_arn: `${executionArn}/*/POST/invoke`,
      });
    });

    test('the deployment waits for the policy and is replaced when the API or the policy changes', () => {
      const deployment = resource(json, 'aws_api_gateway_deployment', 'private_api_deployment');
      expect(deployment.depends_on).toEqual(
        expect.arrayContaining(['aws_api_gateway_rest_api_policy.private_api_policy', 'aws_api_gateway_integration.private_api_integration']),
      );
      expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
      const trigger = deployment.triggers.redeployment as string;
      for (const part of ['aws_api_gateway_rest_api_policy.private_api_policy.policy', 'aws_api_gateway_integration.private_api_integration.id', 'aws_api_gateway_method.private_api_method.id']) {
        expect(trigger).toContain(part);
      }
    });

    test('a stage serves the deployment, and the caller gets its invoke URL', () => {
      expect(resource(json, 'aws_api_gateway_stage', 'private_api_stage')).toMatchObject({
        rest_api_id: ref('aws_api_gateway_rest_api', 'private_api_api'),
        deployment_id: ref('aws_api_gateway_deployment', 'private_api_deployment'),
        stage_name: 'v1',
      });
      expect(resource(json, 'aws_lambda_function', 'fn_caller_function').environment.variables).toEqual({
        TARGET_URL: `${ref('aws_api_gateway_stage', 'private_api_stage', 'invoke_url')}/invoke`,
      });
      expect(resource(json, 'aws_lambda_function', 'fn_target_function').environment).toBeUndefined();
      expect(json.output.private_api_invoke_url.description).toEqual(expect.any(String));
    });
  });

  test('GIVEN other function names and a stage name THEN they are wired instead', () => {
    const { json: other } = synth(
      rawConfig({ pattern: { id: 'private-api', caller: 'web', target: 'orders', stageName: 'prod' }, functions: [{ name: 'web' }, { name: 'orders' }] }),
      'http-echo',
    );
    expect(sgRules(other, 'egress', 'fn_web_security_group')).toEqual(['sg:network_endpoints_security_group tcp 443-443']);
    expect(resource(other, 'aws_api_gateway_integration', 'private_api_integration').uri).toBe(ref('aws_lambda_alias', 'fn_orders_alias', 'invoke_arn'));
    expect(resource(other, 'aws_api_gateway_stage', 'private_api_stage').stage_name).toBe('prod');
  });

  describe('refused configs', () => {

    test('a caller or target that is not a function', () => {
      expect(refusalOf(config({ target: 'backend' }))).toMatch(/pattern\.target \(got "backend"\): no function named "backend" in functions; use one of caller, target/);
    });

    test('the same function as caller and target', () => {
      expect(refusalOf(config({ target: 'caller' }))).toMatch(/pattern\.target .*same function as pattern\.caller/);
    });

    test('a stage name API Gateway does not accept, and an unknown option', () => {
      expect(refusalOf(config({ stageName: 'v 1' }))).toMatch(/pattern\.stageName \(got "v 1"\): use letters, digits and underscores/);
      expect(refusalOf(config({ stage: 'v1' }))).toMatch(/pattern: unknown key "stage".*Allowed keys: id, caller, target, stageName/);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed', () => {
    const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1' });
    expect(plan).toMatch(/aws_api_gateway_rest_api_policy\.private_api_policy will be created/);
    expect(plan).toMatch(/aws_vpc_endpoint\.network_endpoints_execute_api will be created/);
  });
});
