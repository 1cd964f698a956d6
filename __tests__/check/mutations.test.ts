/**
 * The mutation table: each row takes a pattern's synthesized Terraform, breaks exactly one rule of
 * the field notes, and expects `check` to fail exactly the checks that rule feeds, with a message
 * naming the broken hop and a fix. The unmutated stacks pass (asserted first), so every row is a
 * test that fails when the checker misses the break.
 */
import { checkJson, type CheckReport } from '../../generator/check';
import { synthPattern } from './pattern-stacks';

type Json = Record<string, any>;

/** The resource at "type.name"; fails loudly when the pattern no longer has it. */
function at(json: Json, address: string): Json {
  const [type, name] = address.split('.');
  const found = json.resource[type]?.[name];
  if (!found) throw new Error(`no ${address}; ${type} has: ${Object.keys(json.resource[type] ?? {}).join(', ')}`);
  return found;
}

function drop(json: Json, address: string): void {
  at(json, address);
  const [type, name] = address.split('.');
  delete json.resource[type][name];
}

interface Mutation {
  /** The broken rule. */
  name: string;
  pattern: string;
  options?: Record<string, unknown>;
  mutate(json: Json): void;
  /** Checks expected to fail, each once per listed entry (order as reported). */
  fails: string[];
  message: RegExp;
  fix: RegExp;
}

const ROUTE_B = 'aws_route.network_private_default_route_b';
const FN = 'aws_lambda_function.fn_api_function';

const MUTATIONS: Mutation[] = [
  // --- egress -------------------------------------------------------------------------------
  {
    name: 'private default route removed (AZ b)',
    pattern: 'nat-gateway',
    mutate: (j) => drop(j, ROUTE_B),
    fails: ['internet-egress'],
    message: /^eu-west-1b: aws_route_table\.network_private_route_table_b has no 0\.0\.0\.0\/0 route, so traffic to the internet and AWS APIs times out$/,
    fix: /^add an aws_route 0\.0\.0\.0\/0 → a NAT gateway .* to aws_route_table\.network_private_route_table_b$/,
  },
  {
    name: 'internet egress rule removed from a function that says it needs the internet (fix: HTTPS, what vlg:needs implies)',
    pattern: 'nat-gateway',
    mutate: (j) => drop(j, 'aws_vpc_security_group_egress_rule.fn_api_egress_to_internet_tcp_443'),
    fails: ['internet-egress'],
    message: /vlg:needs says internet, but the function's security group allows nothing out to 0\.0\.0\.0\/0/,
    fix: /^add an egress rule for TCP 443 to 0\.0\.0\.0\/0 on aws_security_group\.fn_api_security_group$/,
  },
  {
    name: 'internet egress rule removed from a function calling a plain-http public URL (fix: the URL\'s port too)',
    pattern: 'nat-gateway',
    mutate: (j) => {
      drop(j, 'aws_vpc_security_group_egress_rule.fn_api_egress_to_internet_tcp_443');
      at(j, FN).environment = { variables: { FEED_URL: 'http://feeds.example.com/rss' } };
    },
    fails: ['internet-egress'],
    message: /environment FEED_URL calls http:\/\/feeds\.example\.com\/rss/,
    fix: /^add an egress rule for TCP 80, 443 to 0\.0\.0\.0\/0 on aws_security_group\.fn_api_security_group$/,
  },
  {
    name: 'NAT gateway placed in a private subnet',
    pattern: 'nat-gateway',
    mutate: (j) => (at(j, 'aws_nat_gateway.network_nat_gateway_a').subnet_id = '${aws_subnet.network_private_subnet_a.id}'),
    fails: ['internet-egress', 'internet-egress'],
    message: /NAT gateway aws_nat_gateway\.network_nat_gateway_a sits in aws_subnet\.network_private_subnet_a, which is not public/,
    fix: /associate aws_subnet\.network_private_subnet_a with a route table whose 0\.0\.0\.0\/0 goes to the VPC's internet gateway/,
  },
  {
    name: 'NAT gateway without an Elastic IP',
    pattern: 'nat-gateway',
    mutate: (j) => delete at(j, 'aws_nat_gateway.network_nat_gateway_a').allocation_id,
    fails: ['internet-egress', 'internet-egress'],
    message: /aws_nat_gateway\.network_nat_gateway_a has no allocation_id/,
    fix: /add an aws_eip/,
  },
  {
    name: 'private NAT gateway as the default route',
    pattern: 'nat-gateway',
    mutate: (j) => (at(j, 'aws_nat_gateway.network_nat_gateway_a').connectivity_type = 'private'),
    fails: ['internet-egress', 'internet-egress'],
    message: /aws_nat_gateway\.network_nat_gateway_a is a private NAT gateway \(connectivity_type = "private"\): it has no path to the internet/,
    fix: /connectivity_type = "public"/,
  },
  {
    name: 'source/destination check left on the NAT instance',
    pattern: 'nat-instance',
    mutate: (j) => (at(j, 'aws_instance.network_nat_instance_instance_a').source_dest_check = true),
    fails: ['internet-egress', 'internet-egress'],
    message: /source\/destination check is on for aws_instance\.network_nat_instance_instance_a: the NAT instance drops every packet not addressed to itself/,
    fix: /^set source_dest_check = false on aws_instance\.network_nat_instance_instance_a$/,
  },
  {
    name: 'NAT instance user data without masquerading',
    pattern: 'nat-instance',
    mutate: (j) => {
      const inst = at(j, 'aws_instance.network_nat_instance_instance_a');
      inst.user_data = String(inst.user_data).replace(/masquerade/gi, 'accept');
    },
    fails: ['internet-egress', 'internet-egress'],
    message: /the user data of aws_instance\.network_nat_instance_instance_a does not enable IP forwarding and masquerading/,
    fix: /MASQUERADE rule/,
  },
  {
    name: 'NAT instance on the retired amzn-ami-vpc-nat AMI',
    pattern: 'nat-instance',
    mutate: (j) => {
      j.data.aws_ami = { nat: { most_recent: true, owners: ['amazon'], filter: [{ name: 'name', values: ['amzn-ami-vpc-nat-*'] }] } };
      at(j, 'aws_instance.network_nat_instance_instance_a').ami = '${data.aws_ami.nat.id}';
    },
    fails: ['internet-egress', 'internet-egress'],
    message: /data\.aws_ami\.nat selects amzn-ami-vpc-nat, a retired NAT AMI/,
    fix: /Amazon Linux 2023/,
  },
  {
    name: 'NAT instance without a public IP',
    pattern: 'nat-instance',
    mutate: (j) => drop(j, 'aws_eip.network_nat_instance_eip_a'),
    fails: ['internet-egress', 'internet-egress', 'ssm-host', 'ssm-host', 'ssm-host'],
    message: /NAT instance aws_instance\.network_nat_instance_instance_a has no public IP/,
    fix: /add an aws_eip \(domain = "vpc"\) with network_interface = aws_instance\.network_nat_instance_instance_a\.primary_network_interface_id/,
  },
  {
    name: 'IMDSv1 allowed on the NAT instance',
    pattern: 'nat-instance',
    mutate: (j) => (at(j, 'aws_instance.network_nat_instance_instance_a').metadata_options.http_tokens = 'optional'),
    fails: ['imds'],
    message: /aws_instance\.network_nat_instance_instance_a allows IMDSv1 \(http_tokens is "optional"\)/,
    fix: /metadata_options \{ http_tokens = "required" \}/,
  },
  // --- the function itself -----------------------------------------------------------------
  {
    name: 'function in a public subnet',
    pattern: 'nat-gateway',
    mutate: (j) => (at(j, FN).vpc_config.subnet_ids[0] = '${aws_subnet.network_public_subnet_a.id}'),
    fails: ['private-subnets', 'internet-egress'],
    message: /aws_subnet\.network_public_subnet_a is public \(aws_route\.network_public_default_route: 0\.0\.0\.0\/0 → aws_internet_gateway\.network_internet_gateway\); a Lambda ENI never gets a public IP/,
    fix: /move the function to private subnets/,
  },
  {
    name: 'single-AZ function',
    pattern: 'nat-gateway',
    mutate: (j) => (at(j, FN).vpc_config.subnet_ids = ['${aws_subnet.network_private_subnet_a.id}']),
    fails: ['multi-az'],
    message: /every subnet of the function is in one AZ \(eu-west-1a\)/,
    fix: /add a private subnet in a second AZ/,
  },
  {
    name: 'role without the ENI permissions',
    pattern: 'nat-gateway',
    mutate: (j) => drop(j, 'aws_iam_role_policy_attachment.fn_api_vpc_access_policy'),
    fails: ['vpc-role'],
    message: /aws_iam_role\.fn_api_role lacks the ENI permissions/,
    fix: /attach arn:aws:iam::aws:policy\/service-role\/AWSLambdaVPCAccessExecutionRole to aws_iam_role\.fn_api_role/,
  },
  {
    name: 'alias pinned to a literal version',
    pattern: 'nat-gateway',
    mutate: (j) => (at(j, 'aws_lambda_alias.fn_api_alias').function_version = '3'),
    fails: ['alias'],
    message: /aws_lambda_alias\.fn_api_alias pins function_version = "3": it keeps running that old version/,
    fix: /function_version = "\$\{aws_lambda_function\.fn_api_function\.version\}"/,
  },
  {
    name: 'alias following a version that is never published',
    pattern: 'nat-gateway',
    mutate: (j) => delete at(j, FN).publish,
    fails: ['alias'],
    message: /does not set publish = true, so that version is always \$LATEST/,
    fix: /set publish = true on aws_lambda_function\.fn_api_function/,
  },
  {
    name: 'plaintext secret in the environment',
    pattern: 'nat-gateway',
    mutate: (j) => (at(j, FN).environment = { variables: { SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX' } }),
    fails: ['secrets'],
    message: /environment SLACK_WEBHOOK_URL holds a Slack webhook URL in plaintext/,
    fix: /SSM Parameter Store .* SLACK_WEBHOOK_PARAMETER/,
  },
  {
    name: 'secret copied from SSM into the environment',
    pattern: 'nat-gateway',
    mutate: (j) => {
      j.data.aws_ssm_parameter = { webhook: { name: '/demo/slack-webhook', with_decryption: true } };
      at(j, FN).environment = { variables: { WEBHOOK: '${data.aws_ssm_parameter.webhook.value}' } };
    },
    fails: ['secrets'],
    message: /environment WEBHOOK copies the secret data\.aws_ssm_parameter\.webhook\.value into the function configuration/,
    fix: /read it at run time/,
  },
  {
    name: 'ingress open to 0.0.0.0/0',
    pattern: 'nat-gateway',
    mutate: (j) =>
      (j.resource.aws_vpc_security_group_ingress_rule = {
        debug: { security_group_id: '${aws_security_group.fn_api_security_group.id}', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' },
      }),
    fails: ['open-ingress'],
    message: /aws_vpc_security_group_ingress_rule\.debug admits TCP 443 from 0\.0\.0\.0\/0 into aws_security_group\.fn_api_security_group/,
    fix: /admit only the security groups or CIDRs that need it/,
  },
  // --- EFS ---------------------------------------------------------------------------------
  {
    name: 'mount target left on the default security group',
    pattern: 'efs',
    mutate: (j) => delete at(j, 'aws_efs_mount_target.efs_mount_target_b').security_groups,
    fails: ['efs'],
    message: /aws_efs_mount_target\.efs_mount_target_b sits on the VPC's default security group aws_default_security_group\.network_default_security_group \(no security_groups set\)/,
    fix: /set security_groups on aws_efs_mount_target\.efs_mount_target_b to a dedicated EFS group admitting TCP 2049 from aws_security_group\.fn_api_security_group/,
  },
  {
    name: 'mount target explicitly on the default security group',
    pattern: 'efs',
    mutate: (j) => (at(j, 'aws_efs_mount_target.efs_mount_target_a').security_groups = ['${aws_vpc.network_vpc.default_security_group_id}']),
    fails: ['efs'],
    message: /aws_efs_mount_target\.efs_mount_target_a sits on the VPC's default security group/,
    fix: /dedicated EFS group/,
  },
  {
    name: 'EFS security-group rule pointing at the wrong group',
    pattern: 'efs',
    mutate: (j) =>
      (at(j, 'aws_vpc_security_group_ingress_rule.efs_ingress_from_fn_api_tcp_2049').referenced_security_group_id =
        '${aws_default_security_group.network_default_security_group.id}'),
    fails: ['efs', 'efs'],
    message: /aws_efs_mount_target\.efs_mount_target_a's security group .* does not admit TCP 2049 from the function's group aws_security_group\.fn_api_security_group/,
    fix: /add an ingress rule TCP 2049 from aws_security_group\.fn_api_security_group/,
  },
  {
    name: 'no mount target in one AZ of the function',
    pattern: 'efs',
    mutate: (j) => {
      drop(j, 'aws_efs_mount_target.efs_mount_target_b');
      at(j, FN).depends_on = at(j, FN).depends_on.filter((d: string) => !d.endsWith('_b'));
    },
    fails: ['efs'],
    message: /no mount target of aws_efs_file_system\.efs_file_system in eu-west-1b \(function subnet aws_subnet\.network_private_subnet_b\)/,
    fix: /add an aws_efs_mount_target in aws_subnet\.network_private_subnet_b/,
  },
  {
    name: 'function created without waiting for the mount targets',
    pattern: 'efs',
    mutate: (j) => (at(j, FN).depends_on = at(j, FN).depends_on.filter((d: string) => !d.startsWith('aws_efs_mount_target.'))),
    fails: ['efs'],
    message: /aws_lambda_function\.fn_api_function does not depend on aws_efs_mount_target\.efs_mount_target_a, aws_efs_mount_target\.efs_mount_target_b/,
    fix: /depends_on = \["aws_efs_mount_target\.efs_mount_target_a", "aws_efs_mount_target\.efs_mount_target_b"\]/,
  },
  {
    name: 'unencrypted file system',
    pattern: 'efs',
    mutate: (j) => (at(j, 'aws_efs_file_system.efs_file_system').encrypted = false),
    fails: ['efs-encryption'],
    message: /aws_efs_file_system\.efs_file_system is not encrypted at rest/,
    fix: /set encrypted = true/,
  },
  {
    name: 'access point exposing the file system root',
    pattern: 'efs',
    mutate: (j) => (at(j, 'aws_efs_access_point.efs_access_point').root_directory = { path: '/' }),
    fails: ['efs'],
    message: /aws_efs_access_point\.efs_access_point exposes the file system root/,
    fix: /root_directory \{ path = "\/lambda", creation_info/,
  },
  {
    name: 'mount path outside /mnt',
    pattern: 'efs',
    mutate: (j) => (at(j, FN).file_system_config.local_mount_path = '/data'),
    fails: ['efs'],
    message: /local_mount_path is \/data; Lambda mounts file systems only under \/mnt\//,
    fix: /\/mnt\/<name>/,
  },
  {
    name: 'role without elasticfilesystem:ClientMount, under a file-system policy that makes EFS ask IAM',
    pattern: 'efs',
    mutate: (j) => {
      j.data.aws_iam_policy_document.fn_api_efs_client_policy_document.statement[0].actions = ['elasticfilesystem:DescribeMountTargets'];
      j.resource.aws_efs_file_system_policy = {
        iam_only: {
          file_system_id: '${aws_efs_file_system.efs_file_system.id}',
          policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'elasticfilesystem:ClientMount', Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } } }] }),
        },
      };
    },
    fails: ['efs'],
    message: /aws_iam_role\.fn_api_role does not allow elasticfilesystem:ClientMount/,
    fix: /allow elasticfilesystem:ClientMount and elasticfilesystem:ClientWrite on aws_efs_file_system\.efs_file_system\.arn/,
  },
  {
    name: 'HTTP API without a route to the integration',
    pattern: 'efs',
    mutate: (j) => (j.resource.aws_apigatewayv2_route = {}),
    fails: ['invoke-http-api'],
    message: /no aws_apigatewayv2_route targets aws_apigatewayv2_integration\.http_api_integration/,
    fix: /integrations\//,
  },
  // --- SNS ---------------------------------------------------------------------------------
  {
    name: 'SNS permission missing',
    pattern: 'sns-slack',
    mutate: (j) => drop(j, 'aws_lambda_permission.fn_notifier_sns_permission'),
    fails: ['invoke-sns'],
    message: /no aws_lambda_permission lets sns\.amazonaws\.com invoke demo-notifier:live: every invocation from aws_sns_topic\.notifications_topic is denied/,
    fix: /principal sns\.amazonaws\.com, function_name aws_lambda_function\.fn_notifier_function\.function_name, qualifier = "live", source_arn aws_sns_topic\.notifications_topic/,
  },
  {
    name: 'SNS permission on the unqualified function while the subscription targets the alias',
    pattern: 'sns-slack',
    mutate: (j) => delete at(j, 'aws_lambda_permission.fn_notifier_sns_permission').qualifier,
    fails: ['invoke-sns'],
    message: /aws_lambda_permission\.fn_notifier_sns_permission is for the unqualified function, but aws_sns_topic\.notifications_topic invokes demo-notifier:live/,
    fix: /set qualifier = "live" on aws_lambda_permission\.fn_notifier_sns_permission/,
  },
  {
    name: 'SNS permission with nothing subscribed',
    pattern: 'sns-slack',
    mutate: (j) => (j.resource.aws_sns_topic_subscription = {}),
    fails: ['invoke-sns'],
    message: /admits SNS topic aws_sns_topic\.notifications_topic, but no subscription of that topic delivers to demo-notifier/,
    fix: /add an aws_sns_topic_subscription/,
  },
  {
    name: 'S3 gateway endpoint missing from one Lambda route table',
    pattern: 'sns-slack',
    mutate: (j) => (at(j, 'aws_vpc_endpoint.network_s3_gateway_endpoint').route_table_ids = ['${aws_route_table.network_private_route_table_a.id}']),
    fails: ['gateway-endpoint'],
    message: /aws_vpc_endpoint\.network_s3_gateway_endpoint is not on aws_route_table\.network_private_route_table_b/,
    fix: /add aws_route_table\.network_private_route_table_b to route_table_ids/,
  },
  // --- load balancers ----------------------------------------------------------------------
  {
    name: 'ALB permission missing',
    pattern: 'internal-alb',
    mutate: (j) => drop(j, 'aws_lambda_permission.fn_target_alb_permission'),
    fails: ['invoke-alb'],
    message: /no aws_lambda_permission lets elasticloadbalancing\.amazonaws\.com invoke demo-target:live/,
    fix: /principal elasticloadbalancing\.amazonaws\.com/,
  },
  {
    name: 'target group attachment not waiting for the permission',
    pattern: 'internal-alb',
    mutate: (j) => delete at(j, 'aws_lb_target_group_attachment.alb_target').depends_on,
    fails: ['invoke-alb'],
    message: /aws_lb_target_group_attachment\.alb_target does not wait for aws_lambda_permission\.fn_target_alb_permission/,
    fix: /add depends_on = \["aws_lambda_permission\.fn_target_alb_permission"\] to aws_lb_target_group_attachment\.alb_target/,
  },
  {
    name: 'ALB security group admitting the wrong group',
    pattern: 'internal-alb',
    mutate: (j) =>
      (at(j, 'aws_vpc_security_group_ingress_rule.alb_ingress_from_fn_caller_tcp_80').referenced_security_group_id = '${aws_security_group.fn_target_security_group.id}'),
    fails: ['call-lb'],
    message: /aws_lb\.alb_load_balancer's security group .* does not admit TCP 80 from the caller's group aws_security_group\.fn_caller_security_group/,
    fix: /add an ingress rule TCP 80 from aws_security_group\.fn_caller_security_group/,
  },
  {
    name: 'PrivateLink service without an explicit acceptance setting',
    pattern: 'privatelink',
    mutate: (j) => delete at(j, 'aws_vpc_endpoint_service.privatelink_service').acceptance_required,
    fails: ['privatelink'],
    message: /aws_vpc_endpoint_service\.privatelink_service leaves acceptance_required unset/,
    fix: /set acceptance_required explicitly/,
  },
  {
    name: 'PrivateLink service allowing no principals',
    pattern: 'privatelink',
    mutate: (j) => {
      delete at(j, 'aws_vpc_endpoint_service.privatelink_service').allowed_principals;
      delete j.resource.aws_vpc_endpoint_service_allowed_principal;
    },
    fails: ['privatelink'],
    message: /allows no principals: no consumer can connect/,
    fix: /set allowed_principals/,
  },
  {
    name: 'PrivateLink principals from a variable whose default is empty',
    pattern: 'privatelink',
    mutate: (j) => {
      at(j, 'aws_vpc_endpoint_service.privatelink_service').allowed_principals = '${var.allowed_principals}';
      (j as any).variable.allowed_principals.default = [];
      delete j.resource.aws_vpc_endpoint_service_allowed_principal;
    },
    fails: ['privatelink'],
    message: /allows no principals: no consumer can connect/,
    fix: /set allowed_principals/,
  },
  {
    name: 'NLB forwarding to a port the ALB does not listen on',
    pattern: 'privatelink',
    mutate: (j) => (at(j, 'aws_lb_target_group.privatelink_target_group').port = 8443),
    fails: ['privatelink'],
    message: /aws_lb_target_group\.privatelink_target_group sends TCP 8443 but aws_lb\.alb_load_balancer has no listener on that port/,
    fix: /use the ALB listener's port/,
  },
  {
    name: 'consumer endpoint security group (consumer VPC) without the listener-port ingress from the caller',
    pattern: 'privatelink',
    mutate: (j) => drop(j, 'aws_vpc_security_group_ingress_rule.consumer_ingress_from_fn_caller_tcp_80'),
    fails: ['call-endpoint', 'privatelink'],
    message: /aws_vpc_endpoint\.consumer_endpoint's security group aws_security_group\.consumer_security_group does not admit TCP 80 from the function's group aws_security_group\.fn_caller_security_group/,
    fix: /add an ingress rule TCP 80 from aws_security_group\.fn_caller_security_group to aws_security_group\.consumer_security_group/,
  },
  {
    name: 'consumer caller moved into the provider VPC, away from its interface endpoint',
    pattern: 'privatelink',
    mutate: (j) => (at(j, 'aws_lambda_function.fn_caller_function').vpc_config.subnet_ids = ['${aws_subnet.network_private_subnet_a.id}', '${aws_subnet.network_private_subnet_b.id}']),
    fails: ['call-endpoint', 'privatelink'],
    message: /aws_vpc_endpoint\.consumer_endpoint is in aws_vpc\.consumer_network_vpc, .* in aws_vpc\.network_vpc, and aws_route_table\.network_private_route_table_a .* has no route to the endpoint's subnets/,
    fix: /run aws_lambda_function\.fn_caller_function in subnets of aws_vpc\.consumer_network_vpc/,
  },
  {
    name: 'consumer endpoint of type Gateway',
    pattern: 'privatelink',
    mutate: (j) => (at(j, 'aws_vpc_endpoint.consumer_endpoint').vpc_endpoint_type = 'Gateway'),
    fails: ['gateway-endpoint', 'gateway-endpoint', 'privatelink'],
    message: /aws_vpc_endpoint\.consumer_endpoint is not on aws_route_table\.consumer_network_private_route_table_a/,
    fix: /route_table_ids of aws_vpc_endpoint\.consumer_endpoint/,
  },
  {
    name: 'ALB permission of the target behind the service removed',
    pattern: 'privatelink',
    mutate: (j) => drop(j, 'aws_lambda_permission.fn_target_alb_permission'),
    fails: ['privatelink', 'invoke-alb'],
    message: /demo-caller → aws_vpc_endpoint\.consumer_endpoint → aws_vpc_endpoint_service\.privatelink_service → demo-target: no aws_lambda_permission lets elasticloadbalancing\.amazonaws\.com invoke demo-target:live/,
    fix: /principal elasticloadbalancing\.amazonaws\.com/,
  },
  // --- private API and endpoints --------------------------------------------------------------
  {
    name: 'API Gateway permission missing',
    pattern: 'private-api',
    mutate: (j) => (j.resource.aws_lambda_permission = {}),
    fails: ['invoke-rest-api'],
    message: /no aws_lambda_permission lets apigateway\.amazonaws\.com invoke demo-target:live/,
    fix: /principal apigateway\.amazonaws\.com/,
  },
  {
    name: 'private API without a resource policy',
    pattern: 'private-api',
    mutate: (j) => (j.resource.aws_api_gateway_rest_api_policy = {}),
    fails: ['invoke-rest-api'],
    message: /aws_api_gateway_rest_api\.private_api_api is PRIVATE and has no resource policy: API Gateway denies every call/,
    fix: /aws:SourceVpce/,
  },
  {
    name: 'execute-api endpoint with private DNS off',
    pattern: 'private-api',
    mutate: (j) => (at(j, 'aws_vpc_endpoint.network_endpoints_execute_api').private_dns_enabled = false),
    fails: ['aws-service', 'call-api'],
    message: /aws_vpc_endpoint\.network_endpoints_execute_api has private DNS off/,
    fix: /set private_dns_enabled = true on aws_vpc_endpoint\.network_endpoints_execute_api/,
  },
  {
    name: 'caller role cannot invoke the target',
    pattern: 'endpoints',
    mutate: (j) => drop(j, 'aws_iam_role_policy.fn_caller_invoke_target_policy'),
    fails: ['call-lambda'],
    message: /aws_iam_role\.fn_caller_role does not allow lambda:InvokeFunction on demo-target:live: the call is denied/,
    fix: /allow lambda:InvokeFunction on "\$\{aws_lambda_function\.fn_target_function\.arn\}:live"/,
  },
  {
    name: 'Lambda API unreachable in an IGW-less VPC (endpoint removed)',
    pattern: 'endpoints',
    mutate: (j) => drop(j, 'aws_vpc_endpoint.network_endpoints_lambda'),
    // The caller calls the target; both functions are stated to need lambda (vlg:needs).
    fails: ['aws-service', 'aws-service'],
    message: /^lambda \(role allows lambda:InvokeFunction; environment TARGET_FUNCTION_NAME references aws_lambda_function\.fn_target_function; vlg:needs says lambda\): calls time out: aws_vpc\.network_vpc has no lambda VPC endpoint and the function's subnets have no NAT route$/,
    fix: /add an interface endpoint com\.amazonaws\.eu-west-1\.lambda with private_dns_enabled = true/,
  },
  {
    name: 'endpoint security group not admitting the function',
    pattern: 'endpoints',
    mutate: (j) => drop(j, 'aws_vpc_security_group_ingress_rule.network_endpoints_ingress_from_fn_caller_tcp_443'),
    fails: ['aws-service'],
    message: /aws_vpc_endpoint\.network_endpoints_lambda's security group aws_security_group\.network_endpoints_security_group does not admit TCP 443 from the function's group aws_security_group\.fn_caller_security_group/,
    fix: /add an ingress rule TCP 443 from aws_security_group\.fn_caller_security_group to aws_security_group\.network_endpoints_security_group/,
  },
  // --- peering -----------------------------------------------------------------------------
  {
    name: 'peer route missing from one Lambda route table',
    pattern: 'peering',
    mutate: (j) => drop(j, 'aws_route.network_private_peer_route_b'),
    fails: ['peering'],
    message: /aws_route_table\.network_private_route_table_b \(subnet aws_subnet\.network_private_subnet_b\) has no route to 10\.1\.0\.0\/16 through aws_vpc_peering_connection\.peering_connection/,
    fix: /add an aws_route 10\.1\.0\.0\/16 → vpc_peering_connection_id aws_vpc_peering_connection\.peering_connection\.id/,
  },
  {
    name: 'peer egress rule removed (the peer URL is http, so the fix is TCP 80 to the peer CIDR, never 0.0.0.0/0)',
    pattern: 'peering',
    options: { peerApiUrl: 'http://10.1.2.3/health' },
    mutate: (j) => drop(j, 'aws_vpc_security_group_egress_rule.fn_api_egress_to_peer_tcp_80'),
    fails: ['peering'],
    message: /the function's security group aws_security_group\.fn_api_security_group sends nothing to 10\.1\.0\.0\/16/,
    fix: /^add an egress rule for TCP 80 to 10\.1\.0\.0\/16 on aws_security_group\.fn_api_security_group \(to the peer CIDR only, never 0\.0\.0\.0\/0\)$/,
  },
  {
    name: 'peer egress rule on another port than the peer URL (https on 8443)',
    pattern: 'peering',
    options: { peerApiUrl: 'https://10.1.2.3:8443/health' },
    mutate: (j) => Object.assign(at(j, 'aws_vpc_security_group_egress_rule.fn_api_egress_to_peer_tcp_8443'), { from_port: 443, to_port: 443 }),
    fails: ['peering'],
    message: /environment PEER_API_URL calls https:\/\/10\.1\.2\.3:8443\/health \(TCP 8443\) in the peer VPC, but .* does not send TCP 8443 there/,
    fix: /^add an egress rule for TCP 8443 to 10\.1\.0\.0\/16 on aws_security_group\.fn_api_security_group \(to the peer CIDR only, never 0\.0\.0\.0\/0\)$/,
  },
  {
    name: 'peer CIDR overlapping the VPC',
    pattern: 'peering',
    mutate: (j) => (j.variable.peer_cidr.default = '10.0.128.0/17'),
    fails: ['peering'],
    message: /the VPC CIDRs overlap \(10\.0\.0\.0\/16 and 10\.0\.128\.0\/17\)/,
    fix: /a CIDR that does not overlap/,
  },
];

describe('check: the mutation table', () => {
  const bases = new Map<string, Json>();
  const base = (m: Mutation) => {
    const key = JSON.stringify([m.pattern, m.options ?? {}]);
    if (!bases.has(key)) bases.set(key, synthPattern(m.pattern, m.options).json);
    return bases.get(key)!;
  };
  const failures = (r: CheckReport) => r.results.filter((x) => x.status === 'fail');

  test.each([...new Set(MUTATIONS.map((m) => m.pattern))])('GIVEN the unmutated %s stack THEN check passes', (pattern) => {
    const report = checkJson([base({ pattern } as Mutation)]);
    expect(failures(report)).toEqual([]);
  });

  test.each(MUTATIONS.map((m) => [m.name, m] as [string, Mutation]))('WHEN %s THEN check fails naming the hop and the fix', (_name, m) => {
    const json = structuredClone(base(m));
    m.mutate(json);
    const failed = failures(checkJson([json]));
    expect(failed.map((f) => f.check)).toEqual(m.fails);
    const first = failed.find((f) => f.check === m.fails[0])!;
    expect(first.message).toMatch(m.message);
    expect(first.fix).toMatch(m.fix);
  });
});
