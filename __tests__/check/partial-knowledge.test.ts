/**
 * What `check` still proves when part of a configuration is not known statically (a vpc_config from
 * another stack's outputs, a role policy rendered by templatefile()), and the AWS semantics the corpus
 * of public Terraform taught: retention 0 keeps logs forever, a deployment's stage_name makes a stage,
 * an invocation URI may name the partition before the function, a gateway endpoint's traffic needs
 * the security group to reach its prefix list, one field of a JSON secret is not the secret.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPath, type CheckReport } from '../../generator/check';
import { tempDir } from '../helpers/cli';

function write(files: Record<string, string>): string {
  const dir = tempDir('vlg-partial-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const check = async (files: Record<string, string>): Promise<CheckReport> => (await checkPath(write(files)))[0];
const only = (r: CheckReport, c: string) => r.results.filter((x) => x.check === c);

const ROLE = `
  resource "aws_iam_role" "fn" {
    assume_role_policy  = "{}"
    managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]
  }
`;

function unplaced(subnets: string, extra = ''): Record<string, string> {
  return {
    'main.tf': `${ROLE}
      variable "environment" {}
      resource "aws_security_group" "fn" {
        vpc_id = var.environment.vpc_id
        egress {
          from_port   = 0
          to_port     = 0
          protocol    = "-1"
          cidr_blocks = ["0.0.0.0/0"]
        }
      }
      resource "aws_lambda_function" "fn" {
        function_name = "orders-\${var.environment.name}"
        role          = aws_iam_role.fn.arn
        handler       = "app.handler"
        runtime       = "python3.12"
        s3_bucket     = "code"
        s3_key        = "orders.zip"
        vpc_config {
          subnet_ids         = ${subnets}
          security_group_ids = [aws_security_group.fn.id]
        }
      }
      ${extra}
    `,
  };
}

describe('a vpc_config whose subnets are not known statically', () => {
  test('GIVEN one subnet from another stack THEN placement warns, multi-az fails (one subnet is one AZ), and what does not depend on the subnets is still checked', async () => {
    const report = await check(unplaced('[var.environment.subnet_id]'));
    expect(only(report, 'placement').map((r) => r.status)).toEqual(['warn']);
    expect(only(report, 'multi-az')).toEqual([
      expect.objectContaining({ status: 'fail', subject: 'fn', message: expect.stringContaining('lists one subnet (${var.environment.subnet_id})') }),
    ]);
    expect(only(report, 'open-ingress').map((r) => r.status)).toEqual(['pass']);
    expect(only(report, 'destroy').map((r) => r.status)).toEqual(['warn']);
    expect(only(report, 'log-retention').map((r) => r.status)).toEqual(['warn']);
  });

  test.each([
    ['a list variable', 'var.environment.subnet_ids'],
    ['one element naming several ids (Terraform 0.11 flattening)', '["${var.environment.subnet_ids}"]'],
    ['two subnets', '[var.environment.subnet_a, var.environment.subnet_b]'],
  ])('GIVEN %s THEN how many AZs is not claimed either way', async (_what, subnets) => {
    const report = await check(unplaced(subnets));
    expect(only(report, 'multi-az')).toEqual([]);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
  });

  test('GIVEN EFS mounted by such a function THEN whether every AZ has a mount target is a warning, not a pass', async () => {
    const efs = `
      resource "aws_efs_file_system" "data" { encrypted = true }
      resource "aws_efs_mount_target" "data" {
        file_system_id  = aws_efs_file_system.data.id
        subnet_id       = var.environment.subnet_id
        security_groups = [aws_security_group.fn.id]
      }
      resource "aws_efs_access_point" "data" {
        file_system_id = aws_efs_file_system.data.id
        posix_user {
          uid = 1000
          gid = 1000
        }
        root_directory {
          path = "/lambda"
          creation_info {
            owner_uid   = 1000
            owner_gid   = 1000
            permissions = "750"
          }
        }
      }
    `;
    const files = unplaced('[var.environment.subnet_id]', efs);
    files['main.tf'] = files['main.tf'].replace('  vpc_config {', '  file_system_config {\n          arn              = aws_efs_access_point.data.arn\n          local_mount_path = "/mnt/data"\n        }\n        depends_on = [aws_efs_mount_target.data]\n        vpc_config {');
    const report = await check(files);
    expect(only(report, 'efs').map((r) => [r.status, r.message])).toEqual([['warn', expect.stringContaining('subnets are not known statically (${var.environment.subnet_id})')]]);
  });
});

describe('log retention', () => {
  const fn = (group: string) =>
    unplaced(
      '[var.environment.subnet_id]',
      `resource "aws_cloudwatch_log_group" "fn" {
        name              = "/aws/lambda/\${aws_lambda_function.fn.function_name}"
        ${group}
      }`,
    );

  test('GIVEN the group named after the function_name expression with 14 days THEN it is found and passes', async () => {
    expect(only(await check(fn('retention_in_days = 14')), 'log-retention')).toEqual([expect.objectContaining({ status: 'pass', message: 'aws_cloudwatch_log_group.fn keeps logs 14 days' })]);
  });

  test('WHEN retention_in_days is 0 THEN it warns: 0 means never expire', async () => {
    const [r] = only(await check(fn('retention_in_days = 0')), 'log-retention');
    expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('retention_in_days = 0, which means never expire') });
  });

  test('WHEN retention_in_days comes from a variable without a value THEN it warns naming it', async () => {
    const files = fn('retention_in_days = var.retention');
    files['main.tf'] += '\nvariable "retention" {}\n';
    const [r] = only(await check(files), 'log-retention');
    expect(r).toMatchObject({ status: 'warn', message: expect.stringContaining('from ${var.retention}, not known statically') });
  });
});

describe('what the role allows, through templatefile()', () => {
  test('GIVEN a role policy rendered from a template whose variables are resource ARNs THEN its actions are read as needs', async () => {
    const report = await check({
      'main.tf': `
        resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.main.id
          cidr_block        = "10.0.1.0/24"
          availability_zone = "eu-west-1a"
        }
        resource "aws_sqs_queue" "jobs" { name = "jobs" }
        resource "aws_iam_role" "fn" { assume_role_policy = "{}" }
        resource "aws_iam_role_policy" "fn" {
          role   = aws_iam_role.fn.id
          policy = templatefile("\${path.module}/policy.tpl", { queue-arn = aws_sqs_queue.jobs.arn })
        }
        resource "aws_security_group" "fn" { vpc_id = aws_vpc.main.id }
        resource "aws_lambda_function" "fn" {
          function_name = "jobs"
          role          = aws_iam_role.fn.arn
          vpc_config {
            subnet_ids         = [aws_subnet.a.id]
            security_group_ids = [aws_security_group.fn.id]
          }
        }
      `,
      'policy.tpl': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "ec2:CreateNetworkInterface"], "Resource": ["${queue-arn}", "*"]}]}',
    });
    expect(only(report, 'vpc-role').map((r) => r.status)).toEqual(['pass']);
    expect(only(report, 'aws-service')).toEqual([expect.objectContaining({ status: 'fail', message: expect.stringMatching(/^sqs \(role allows sqs:ReceiveMessage\): calls time out/) })]);
  });
});

describe('REST API invocation', () => {
  const api = (deployment: string) => ({
    'main.tf': `${ROLE}
      module "fn" {
        source = "./fn"
        role   = aws_iam_role.fn.arn
      }
      data "aws_partition" "current" {}
      data "aws_region" "current" {}
      resource "aws_api_gateway_rest_api" "api" { name = "api" }
      resource "aws_api_gateway_resource" "proxy" {
        rest_api_id = aws_api_gateway_rest_api.api.id
        parent_id   = aws_api_gateway_rest_api.api.root_resource_id
        path_part   = "{proxy+}"
      }
      resource "aws_api_gateway_method" "any" {
        rest_api_id   = aws_api_gateway_rest_api.api.id
        resource_id   = aws_api_gateway_resource.proxy.id
        http_method   = "ANY"
        authorization = "NONE"
      }
      resource "aws_api_gateway_integration" "fn" {
        rest_api_id             = aws_api_gateway_rest_api.api.id
        resource_id             = aws_api_gateway_resource.proxy.id
        http_method             = aws_api_gateway_method.any.http_method
        type                    = "AWS_PROXY"
        integration_http_method = "POST"
        uri                     = "arn:\${data.aws_partition.current.partition}:apigateway:\${data.aws_region.current.name}:lambda:path/2015-03-31/functions/\${module.fn.arn}/invocations"
      }
      resource "aws_api_gateway_deployment" "v1" {
        rest_api_id = aws_api_gateway_rest_api.api.id
        ${deployment}
        depends_on  = [aws_api_gateway_integration.fn]
      }
      resource "aws_lambda_permission" "api" {
        function_name = module.fn.arn
        action        = "lambda:InvokeFunction"
        principal     = "apigateway.amazonaws.com"
        source_arn    = "\${aws_api_gateway_rest_api.api.execution_arn}/*/*/*"
      }
    `,
    'fn/main.tf': `
      variable "role" {}
      resource "aws_lambda_function" "this" {
        function_name = "api-fn"
        role          = var.role
      }
      output "arn" { value = aws_lambda_function.this.arn }
    `,
  });

  test("GIVEN a URI that names the partition before a module's function, and a deployment whose stage_name makes the stage THEN the path passes", async () => {
    const [r] = only(await check(api('stage_name = "prod"')), 'invoke-rest-api');
    expect(r).toMatchObject({ status: 'pass', subject: 'api-fn' });
    expect(r.path).toEqual(expect.arrayContaining(['aws_api_gateway_integration.fn', 'module.fn.aws_lambda_function.this', 'aws_api_gateway_deployment.v1', 'aws_lambda_permission.api']));
  });

  test('WHEN the deployment makes no stage and no aws_api_gateway_stage exists THEN it fails: the deployment has no URL', async () => {
    const [r] = only(await check(api('')), 'invoke-rest-api');
    expect(r).toMatchObject({ status: 'fail', message: expect.stringContaining('has no aws_api_gateway_stage') });
  });
});

describe('a field of a JSON secret in the environment', () => {
  const env = (field: string) => ({
    'main.tf': `${ROLE}
      data "aws_secretsmanager_secret_version" "db" { secret_id = "prod/db" }
      locals { db = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string) }
      resource "aws_lambda_function" "fn" {
        function_name = "reader"
        role          = aws_iam_role.fn.arn
        environment {
          variables = { DB_FIELD = local.db.${field} }
        }
      }
    `,
  });

  test('GIVEN the user name THEN a warning: not a credential, but read from the secret into state', async () => {
    expect(only(await check(env('username')), 'secrets')).toEqual([
      expect.objectContaining({ status: 'warn', message: expect.stringContaining('copies the field "username" of the secret data.aws_secretsmanager_secret_version.db.secret_string') }),
    ]);
  });

  test('GIVEN the password THEN a failure', async () => {
    expect(only(await check(env('password')), 'secrets')).toEqual([
      expect.objectContaining({ status: 'fail', message: expect.stringContaining('(its field "password")') }),
    ]);
  });
});
