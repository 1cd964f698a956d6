import { checkStackDir } from '../generator/check';
import { runCli, tempDir } from './helpers/cli';
import { rawConfig, ref, resource, resources, synth } from './helpers/synth';
import { refusalOf } from './helpers/config-issues';
import { terraformTest, validateAndPlan } from './helpers/terraform';
import { policyJsonRef, policyStatements, sgRules } from './helpers/wiring';
import * as fs from 'node:fs';

const config = (pattern: Record<string, unknown> = {}, overrides = {}) =>
  rawConfig({ pattern: { id: 'sns-slack', ...pattern }, functions: [{ name: 'notifier' }], ...overrides });
const WEBHOOK = 'https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const ACCOUNT = '${data.aws_caller_identity.account.account_id}';
/** The parameter is var.slack_parameter_name (its default checked where it matters); Terraform drops a leading slash. */
const PARAMETER_ARN = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/\${trimprefix(var.slack_parameter_name, "/")}`;
const OFFLINE_DATA = {
  'data.aws_caller_identity.account': { account_id: '111122223333', arn: 'arn:aws:iam::111122223333:user/ci', user_id: 'AIDAOFFLINE' },
  'data.aws_ssm_parameter.al2023_arm64_ami': { insecure_value: 'ami-0123456789abcdef0' },
};

describe('sns-slack pattern', () => {
  const gateway = synth(config(), 'slack-notifier');
  const instance = synth(config({ nat: 'instance' }), 'slack-notifier');
  const { json } = gateway;
  const fn = () => resource(json, 'aws_lambda_function', 'fn_notifier_function');

  describe('the topic', () => {
    test('is encrypted with its own rotating key, which CloudWatch alarms may use', () => {
      expect(resource(json, 'aws_sns_topic', 'notifications_topic').kms_master_key_id).toBe(ref('aws_kms_key', 'notifications_key', 'arn'));
      expect(resource(json, 'aws_kms_key', 'notifications_key')).toMatchObject({
        enable_key_rotation: true,
        policy: policyJsonRef('notifications_key_policy_document'),
      });
      const [admin, alarms] = policyStatements(json, 'notifications_key_policy_document');
      expect(admin).toMatchObject({ principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:root`] }], actions: ['kms:*'] });
      expect(alarms).toMatchObject({ principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    });

    test('delivers to the notifier’s live alias; SNS may invoke it for this topic only, before the subscription exists', () => {
      expect(resource(json, 'aws_lambda_permission', 'fn_notifier_sns_permission')).toMatchObject({
        principal: 'sns.amazonaws.com',
        qualifier: ref('aws_lambda_alias', 'fn_notifier_alias', 'name'),
        source_arn: ref('aws_sns_topic', 'notifications_topic', 'arn'),
      });
      expect(resource(json, 'aws_sns_topic_subscription', 'notifications_subscription_notifier')).toMatchObject({
        topic_arn: ref('aws_sns_topic', 'notifications_topic', 'arn'),
        protocol: 'lambda',
        endpoint: ref('aws_lambda_alias', 'fn_notifier_alias', 'arn'),
        depends_on: ['aws_lambda_permission.fn_notifier_sns_permission'],
      });
    });
  });

  describe('the webhook secret', () => {
    test('only the parameter name reaches the function’s environment', () => {
      expect(fn().environment.variables).toEqual({ SLACK_WEBHOOK_PARAMETER: '${var.slack_parameter_name}' });
      expect(json.variable!.slack_parameter_name.default).toBe('/demo/slack-webhook');
      expect(gateway.text).not.toMatch(/hooks\.slack\.com/);
    });

    test('the role may read only that parameter, and decrypt only when SSM asks on its behalf', () => {
      expect(resource(json, 'aws_iam_role_policy', 'fn_notifier_read_slack_webhook_policy')).toMatchObject({
        role: ref('aws_iam_role', 'fn_notifier_role'),
        policy: policyJsonRef('fn_notifier_read_slack_webhook_policy_document'),
      });
      const [read, decrypt] = policyStatements(json, 'fn_notifier_read_slack_webhook_policy_document');
      expect(read).toMatchObject({ actions: ['ssm:GetParameter'], resources: [PARAMETER_ARN] });
      expect(decrypt).toMatchObject({
        actions: ['kms:Decrypt'],
        resources: [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`],
        condition: [
          { test: 'StringEquals', variable: 'kms:ViaService', values: ['ssm.eu-west-1.amazonaws.com'] },
          { test: 'StringEquals', variable: 'kms:EncryptionContext:PARAMETER_ARN', values: [PARAMETER_ARN] },
        ],
      });
    });

    test('GIVEN a parameter name and a customer managed key THEN the grants name exactly those', () => {
      const key = 'arn:aws:kms:eu-west-1:111122223333:key/0d6d0f0e-1111-2222-3333-444455556666';
      const { json: custom } = synth(config({ slackParameter: 'ops-slack-webhook', slackParameterKmsKeyArn: key }), 'slack-notifier');
      const [read, decrypt] = policyStatements(custom, 'fn_notifier_read_slack_webhook_policy_document');
      expect(read.resources).toEqual([PARAMETER_ARN]);
      expect(decrypt.resources).toEqual([key]);
      expect(resource(custom, 'aws_lambda_function', 'fn_notifier_function').environment.variables.SLACK_WEBHOOK_PARAMETER).toBe('${var.slack_parameter_name}');
      expect(custom.variable!.slack_parameter_name.default).toBe('ops-slack-webhook');
    });
  });

  describe('the network path', () => {
    test('GIVEN the default THEN every private subnet reaches the internet through a NAT gateway', () => {
      for (const az of ['a', 'b']) {
        expect(resource(json, 'aws_route', `network_private_default_route_${az}`)).toMatchObject({
          destination_cidr_block: '0.0.0.0/0',
          nat_gateway_id: ref('aws_nat_gateway', 'network_nat_gateway_a'),
        });
      }
    });

    test('GIVEN nat: instance THEN the NAT-instance egress routes every private subnet to an instance interface, with no NAT gateway', () => {
      const { json: cheap } = instance;
      expect(resources(cheap, 'aws_nat_gateway')).toEqual({});
      expect(Object.keys(resources(cheap, 'aws_instance'))).toHaveLength(1);
      for (const az of ['a', 'b']) {
        const route = resource(cheap, 'aws_route', `network_private_default_route_${az}`);
        expect(route).toMatchObject({ destination_cidr_block: '0.0.0.0/0', network_interface_id: expect.stringContaining('aws_instance.') });
        expect(route.nat_gateway_id).toBeUndefined();
      }
    });

    test('the function may send only HTTPS out; S3 takes the gateway endpoint on every private route table', () => {
      expect(sgRules(json, 'egress', 'fn_notifier_security_group')).toEqual(['cidr:0.0.0.0/0 tcp 443-443']);
      expect(sgRules(json, 'ingress', 'fn_notifier_security_group')).toEqual([]);
      expect(resource(json, 'aws_vpc_endpoint', 'network_s3_gateway_endpoint')).toMatchObject({
        service_name: 'com.amazonaws.eu-west-1.s3',
        vpc_endpoint_type: 'Gateway',
        route_table_ids: [ref('aws_route_table', 'network_private_route_table_a'), ref('aws_route_table', 'network_private_route_table_b')],
      });
    });

    test('GIVEN a database security group THEN the function may reach it on the DB port, and it admits the function', () => {
      const { json: db } = synth(config({ dbSecurityGroupId: 'sg-0123456789abcdef0', dbPort: 3306 }), 'slack-notifier');
      expect(sgRules(db, 'egress', 'fn_notifier_security_group')).toEqual(['cidr:0.0.0.0/0 tcp 443-443', 'id:sg-0123456789abcdef0 tcp 3306-3306']);
      expect(sgRules(db, 'ingress', 'sg-0123456789abcdef0')).toEqual(['sg:fn_notifier_security_group tcp 3306-3306']);
      const { json: pg } = synth(config({ dbSecurityGroupId: 'sg-0123456789abcdef0' }), 'slack-notifier');
      expect(sgRules(pg, 'ingress', 'sg-0123456789abcdef0')).toEqual(['sg:fn_notifier_security_group tcp 5432-5432']);
    });
  });

  describe('publishers (issue 17 item 4)', () => {
    const PUBLISHER = 'arn:aws:iam::444455556666:role/alarms-publisher';

    test('GIVEN no publisher ARNs THEN there is no topic policy, and the publisher policy output names the topic and its key', () => {
      expect(resources(json, 'aws_sns_topic_policy')).toEqual({});
      expect(json.output.sns_publisher_policy.value).toBe(policyJsonRef('notifications_publisher_policy_document'));
      expect(policyStatements(json, 'notifications_publisher_policy_document')).toEqual([
        expect.objectContaining({ actions: ['sns:Publish'], resources: [ref('aws_sns_topic', 'notifications_topic', 'arn')] }),
        expect.objectContaining({ actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: [ref('aws_kms_key', 'notifications_key', 'arn')] }),
      ]);
      expect(policyStatements(json, 'notifications_key_policy_document').map((st: any) => st.sid)).not.toContain('PublishersEncryptThroughSns');
    });

    test('GIVEN publisher ARNs THEN the topic policy lets them publish and the key policy lets them encrypt through SNS only', () => {
      const { json: pub } = synth(config({ publisherArns: [PUBLISHER] }), 'slack-notifier');
      expect(resource(pub, 'aws_sns_topic_policy', 'notifications_topic_policy')).toMatchObject({
        arn: ref('aws_sns_topic', 'notifications_topic', 'arn'),
        policy: policyJsonRef('notifications_topic_policy_document'),
      });
      const publish = policyStatements(pub, 'notifications_topic_policy_document').find((st: any) => st.sid === 'PublishersPublish');
      expect(publish).toMatchObject({ principals: [{ type: 'AWS', identifiers: [PUBLISHER] }], actions: ['sns:Publish'] });
      const owner = policyStatements(pub, 'notifications_topic_policy_document').find((st: any) => st.sid === 'AccountOwnsTheTopic');
      expect(owner.principals).toEqual([{ type: 'AWS', identifiers: [`arn:aws:iam::${ACCOUNT}:root`] }]);
      const encrypt = policyStatements(pub, 'notifications_key_policy_document').find((st: any) => st.sid === 'PublishersEncryptThroughSns');
      expect(encrypt).toMatchObject({
        principals: [{ type: 'AWS', identifiers: [PUBLISHER] }],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: ['sns.eu-west-1.amazonaws.com'] }],
      });
    });

    test('GIVEN a publisher that is not an IAM role or user ARN, or one listed twice THEN refused', () => {
      expect(refusalOf(config({ publisherArns: ['alarms'] }))).toMatch(/pattern\.publisherArns\[0\].*IAM role or user ARN/);
      expect(refusalOf(config({ publisherArns: [PUBLISHER, PUBLISHER] }))).toMatch(/pattern\.publisherArns\[1\].*listed twice/);
    });
  });

  describe('a database in a peered VPC (field note 4), through composition with peering', () => {
    const peered = synth(
      config(
        { dbSecurityGroupId: 'sg-0123456789abcdef0', dbPort: 5432 },
        { with: [{ id: 'peering', peerVpcId: 'vpc-0123456789abcdef0', peerCidr: '10.1.0.0/16', peerPorts: [5432] }] },
      ),
      'slack-notifier',
    );

    test('THEN the notifier routes the peer CIDR through the connection and may open the DB port to the DB group and the peer CIDR, and Slack through NAT', () => {
      const { json: pj } = peered;
      expect(resource(pj, 'aws_route', 'network_private_peer_route_a')).toMatchObject({ vpc_peering_connection_id: ref('aws_vpc_peering_connection', 'peering_connection') });
      expect(sgRules(pj, 'egress', 'fn_notifier_security_group')).toEqual([
        'cidr:${var.peer_cidr} tcp 5432-5432',
        'cidr:0.0.0.0/0 tcp 443-443',
        'id:sg-0123456789abcdef0 tcp 5432-5432',
      ]);
      expect(sgRules(pj, 'ingress', 'sg-0123456789abcdef0')).toEqual(['sg:fn_notifier_security_group tcp 5432-5432']);
    });

    test('THEN check passes, the peering and the internet path included', () => {
      const { results } = checkStackDir(peered.stackDir);
      expect(results.filter((r) => r.status === 'fail')).toEqual([]);
      expect(results.filter((r) => r.status === 'pass').map((r) => r.check)).toEqual(expect.arrayContaining(['peering', 'internet-egress', 'invoke-sns']));
    });
  });

  describe('refused configs', () => {

    test('the webhook URL itself instead of a parameter name, without echoing the secret', () => {
      const message = refusalOf(config({ slackParameter: WEBHOOK }));
      expect(message).toMatch(/pattern\.slackParameter \(got "<redacted secret>"\): this is a URL, not the name of an SSM parameter.*SecureString/);
      expect(message).not.toContain('hooks.slack.com');
    });

    test('a webhook URL in a function environment or a tag', () => {
      expect(refusalOf(config({}, { functions: [{ name: 'notifier', environment: { SLACK_URL: WEBHOOK } }] }))).toMatch(
        /functions\[0\]\.environment\.SLACK_URL .*Slack webhook URL is a secret/,
      );
      expect(refusalOf(config({}, { tags: { hook: WEBHOOK } }))).toMatch(/tags\.hook .*Slack webhook URL is a secret/);
    });

    test('a name SSM would reject, a DB port without a DB, an instance type with a NAT gateway, a bad group ID', () => {
      expect(refusalOf(config({ slackParameter: '/aws/slack' }))).toMatch(/pattern\.slackParameter .*reserves names starting with "aws"/);
      expect(refusalOf(config({ slackParameter: 'slack webhook' }))).toMatch(/pattern\.slackParameter .*use an SSM parameter name/);
      expect(refusalOf(config({ dbPort: 5432 }))).toMatch(/pattern\.dbPort .*needs dbSecurityGroupId/);
      expect(refusalOf(config({ natInstanceType: 't4g.micro' }))).toMatch(/pattern\.natInstanceType .*applies to nat-instance egress, not nat-gateway: drop it, or choose nat-instance egress/);
      expect(refusalOf(config({ dbSecurityGroupId: 'db-sg' }))).toMatch(/pattern\.dbSecurityGroupId \(got "db-sg"\)/);
      expect(refusalOf(config({ nat: 'nat-gateway' }))).toMatch(/pattern\.nat .*use one of gateway, instance/);
    });

    test('new --slack-parameter <webhook URL> exits 2 and writes nothing', () => {
      const cwd = tempDir();
      const r = runCli(['new', 'ops', '--pattern', 'sns-slack', '--yes', '--slack-parameter', WEBHOOK], cwd);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/this is a URL, not the name of an SSM parameter/);
      expect(r.stderr + r.stdout).not.toContain('hooks.slack.com');
      expect(fs.readdirSync(cwd)).toEqual([]);
    });
  });

  terraformTest()('terraform validate and an offline plan succeed (NAT gateway and NAT instance)', () => {
    for (const stack of [gateway, instance]) {
      const { plan } = validateAndPlan(stack.stackDir, { region: 'eu-west-1', overrideData: OFFLINE_DATA });
      expect(plan).toMatch(/aws_sns_topic_subscription\.notifications_subscription_notifier will be created/);
      expect(plan).toContain('arn:aws:ssm:eu-west-1:111122223333:parameter/demo/slack-webhook');
    }
  });
});
