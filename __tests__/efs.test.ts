import { rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { refusalOf } from './helpers/config-issues';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { internetPathResources, policyJsonRef, policyStatements, sgRules } from './helpers/wiring';

const config = (pattern: Record<string, unknown> = {}, overrides = {}) =>
  rawConfig({ pattern: { id: 'efs', ...pattern }, functions: [{ name: 'api' }], ...overrides });

describe('efs pattern', () => {
  const stack = synth(config(), 'efs-messages');
  const threeAzs = synth(config({}, { availabilityZones: 3 }), 'efs-messages');
  const { json } = stack;
  const fn = () => resource(json, 'aws_lambda_function', 'fn_api_function');

  test('GIVEN the pattern THEN no internet path is needed or built', () => {
    expect(internetPathResources(json)).toEqual([]);
  });

  test('the file system is encrypted, backed up, and moves cold files to Infrequent Access and back', () => {
    expect(resource(json, 'aws_efs_file_system', 'efs_file_system')).toMatchObject({
      encrypted: true,
      lifecycle_policy: [{ transition_to_ia: 'AFTER_30_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }],
    });
    expect(resource(json, 'aws_efs_backup_policy', 'efs_backup_policy')).toMatchObject({
      file_system_id: ref('aws_efs_file_system', 'efs_file_system'),
      backup_policy: { status: 'ENABLED' },
    });
  });

  test('GIVEN backup off and no lifecycle THEN the backup policy says DISABLED and there is no lifecycle policy', () => {
    const { json: plain } = synth(config({ backup: false, transitionToIaDays: null }), 'efs-messages');
    expect(resource(plain, 'aws_efs_backup_policy', 'efs_backup_policy').backup_policy).toEqual({ status: 'DISABLED' });
    expect(resource(plain, 'aws_efs_file_system', 'efs_file_system').lifecycle_policy).toBeUndefined();
  });

  test.each([
    ['2 AZs', stack, ['a', 'b']],
    ['3 AZs', threeAzs, ['a', 'b', 'c']],
  ])('GIVEN %s THEN there is one mount target per AZ of the function’s subnets, each on the EFS security group only', (_, s, azs) => {
    const targets = resources(s.json, 'aws_efs_mount_target');
    expect(Object.keys(targets).sort()).toEqual(azs.map((az) => `efs_mount_target_${az}`));
    const functionSubnets = resource(s.json, 'aws_lambda_function', 'fn_api_function').vpc_config.subnet_ids;
    expect(Object.values(targets).map((t) => t.subnet_id)).toEqual(functionSubnets);
    for (const target of Object.values(targets)) {
      expect(target.file_system_id).toBe(ref('aws_efs_file_system', 'efs_file_system'));
      expect(target.security_groups).toEqual([ref('aws_security_group', 'efs_security_group')]);
      expect(JSON.stringify(target)).not.toContain('aws_default_security_group');
    }
  });

  test('the EFS security group admits NFS only from the function; the function sends NFS only to it', () => {
    expect(sgRules(json, 'ingress', 'efs_security_group')).toEqual(['sg:fn_api_security_group tcp 2049-2049']);
    expect(sgRules(json, 'egress', 'efs_security_group')).toEqual([]);
    expect(sgRules(json, 'egress', 'fn_api_security_group')).toEqual(['sg:efs_security_group tcp 2049-2049']);
  });

  test('the access point creates its root directory with owner and permissions, and forces a POSIX user', () => {
    expect(resource(json, 'aws_efs_access_point', 'efs_access_point')).toMatchObject({
      file_system_id: ref('aws_efs_file_system', 'efs_file_system'),
      posix_user: { uid: 1000, gid: 1000 },
      root_directory: { path: '/lambda', creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: '750' } },
    });
  });

  test('the function mounts the access point under /mnt/ and is created only after every mount target', () => {
    expect(fn().file_system_config).toEqual({ arn: ref('aws_efs_access_point', 'efs_access_point', 'arn'), local_mount_path: '/mnt/msg' });
    expect(fn().depends_on).toEqual(expect.arrayContaining(['aws_efs_mount_target.efs_mount_target_a', 'aws_efs_mount_target.efs_mount_target_b']));
    expect(fn().environment.variables).toEqual({ EFS_MOUNT_PATH: '/mnt/msg' });
  });

  test('the role may mount and write only this file system, only through this access point', () => {
    expect(resource(json, 'aws_iam_role_policy', 'fn_api_efs_client_policy')).toMatchObject({
      role: ref('aws_iam_role', 'fn_api_role'),
      policy: policyJsonRef('fn_api_efs_client_policy_document'),
    });
    expect(policyStatements(json, 'fn_api_efs_client_policy_document')).toEqual([
      expect.objectContaining({
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resources: [ref('aws_efs_file_system', 'efs_file_system', 'arn')],
        condition: [{ test: 'StringEquals', variable: 'elasticfilesystem:AccessPointArn', values: [ref('aws_efs_access_point', 'efs_access_point', 'arn')] }],
      }),
    ]);
  });

  test('GIVEN read-only THEN the role gets ClientMount without ClientWrite, and the handler is told', () => {
    const { json: ro } = synth(config({ readOnly: true }), 'efs-messages');
    expect(policyStatements(ro, 'fn_api_efs_client_policy_document')[0].actions).toEqual(['elasticfilesystem:ClientMount']);
    expect(resource(ro, 'aws_lambda_function', 'fn_api_function').environment.variables.EFS_READ_ONLY).toBe('true');
  });

  test('GIVEN other paths and ownership THEN the access point and mount use them', () => {
    const { json: custom } = synth(config({ rootPath: '/data/app', mountPath: '/mnt/data', uid: 2000, gid: 3000, permissions: '0700' }), 'efs-messages');
    expect(resource(custom, 'aws_efs_access_point', 'efs_access_point')).toMatchObject({
      posix_user: { uid: 2000, gid: 3000 },
      root_directory: { path: '/data/app', creation_info: { owner_uid: 2000, owner_gid: 3000, permissions: '0700' } },
    });
    expect(resource(custom, 'aws_lambda_function', 'fn_api_function').file_system_config.local_mount_path).toBe('/mnt/data');
  });

  test('GIVEN the SSM debug host THEN it may mount EFS too, and nothing else is admitted', () => {
    const { json: debug } = synth(config({}, { ssmHost: true }), 'efs-messages');
    expect(sgRules(debug, 'ingress', 'efs_security_group')).toEqual(['sg:fn_api_security_group tcp 2049-2049', 'sg:ssm_host_security_group tcp 2049-2049']);
  });

  describe('the HTTP API', () => {
    test('a Lambda proxy integration, payload 2.0, on the live alias', () => {
      expect(resource(json, 'aws_apigatewayv2_api', 'http_api_api').protocol_type).toBe('HTTP');
      expect(resource(json, 'aws_apigatewayv2_integration', 'http_api_integration')).toMatchObject({
        api_id: ref('aws_apigatewayv2_api', 'http_api_api'),
        integration_type: 'AWS_PROXY',
        payload_format_version: '2.0',
        integration_uri: ref('aws_lambda_alias', 'fn_api_alias', 'invoke_arn'),
      });
    });

    test('routes ANY /{proxy+} and $default to it, on an auto-deployed $default stage', () => {
      const target = `integrations/${ref('aws_apigatewayv2_integration', 'http_api_integration')}`;
      const routes = Object.values(resources(json, 'aws_apigatewayv2_route')).map((r) => [r.route_key, r.target]);
      expect(routes).toEqual([
        ['ANY /{proxy+}', target],
        ['$default', target],
      ]);
      expect(resource(json, 'aws_apigatewayv2_stage', 'http_api_stage')).toMatchObject({ name: '$default', auto_deploy: true });
    });

    test('API Gateway may invoke the live alias for this API only', () => {
      expect(resource(json, 'aws_lambda_permission', 'fn_api_http_api_permission')).toMatchObject({
        principal: 'apigateway.amazonaws.com',
        qualifier: ref('aws_lambda_alias', 'fn_api_alias', 'name'),
        source_arn: `${ref('aws_apigatewayv2_api', 'http_api_api', 'execution_arn')}/*/*`,
      });
    });

    test('GIVEN configured routes THEN exactly those exist', () => {
      const { json: custom } = synth(config({ routes: ['GET /messages', 'POST /messages'] }), 'efs-messages');
      expect(Object.values(resources(custom, 'aws_apigatewayv2_route')).map((r) => r.route_key)).toEqual(['GET /messages', 'POST /messages']);
    });
  });

  describe('refused configs', () => {

    test('a mount path outside /mnt/ or nested, and a relative or too deep root path', () => {
      expect(refusalOf(config({ mountPath: '/data' }))).toMatch(/pattern\.mountPath \(got "\/data"\): Lambda mounts under \/mnt\//);
      expect(refusalOf(config({ mountPath: '/mnt/a/b' }))).toMatch(/pattern\.mountPath/);
      expect(refusalOf(config({ rootPath: 'lambda' }))).toMatch(/pattern\.rootPath \(got "lambda"\): use an absolute directory/);
      expect(refusalOf(config({ rootPath: '/a/b/c/d/e' }))).toMatch(/pattern\.rootPath .*at most four directory levels/);
    });

    test('a route key API Gateway would reject, a repeated route, a lifecycle EFS does not offer', () => {
      expect(refusalOf(config({ routes: ['/messages'] }))).toMatch(/pattern\.routes\[0\] \(got "\/messages"\): use "\$default" or "<METHOD> \/<path>"/);
      expect(refusalOf(config({ routes: ['$default', '$default'] }))).toMatch(/pattern\.routes\[1\] .*listed twice/);
      expect(refusalOf(config({ transitionToIaDays: 45 }))).toMatch(/pattern\.transitionToIaDays \(got 45\): EFS accepts 1, 7, 14, 30/);
    });

    test('a function that does not exist', () => {
      expect(refusalOf(config({ function: 'worker' }))).toMatch(/pattern\.function \(got "worker"\): no function named "worker"/);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed', () => {
    const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1' });
    expect(plan).toMatch(/aws_efs_mount_target\.efs_mount_target_b will be created/);
    expect(plan).toMatch(/aws_apigatewayv2_stage\.http_api_stage will be created/);
  });
});
