/**
 * `check DIR_OF_HCL` gives the verdicts `check` gives the same configuration as Terraform JSON: each
 * pattern's export folder (readable HCL of its synthesized JSON, generator/export.ts) against the
 * JSON itself. Also HCL read as platform teams write it: tfvars, local modules, count/for_each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERNS } from '../../generator/catalog';
import { checkPath, checkStackDir, type CheckReport } from '../../generator/check';
import { exportProject } from '../../generator/export';
import { tempDir } from '../helpers/cli';
import { synthPattern } from './pattern-stacks';

// Export names each archive after its function (assets/api.zip); cdktf names it by hash.
const archiveName = (message: string) => message.replace(/ is in assets\/\S+\.zip$/, ' is in <archive>');
const verdicts = (r: CheckReport) => r.results.map((x) => `${x.status} ${x.subject} ${x.check} ${archiveName(x.message)}`).sort();

function write(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('check of an HCL directory', () => {
  test.each(PATTERNS.map((p) => p.id))('the %s export folder (HCL) gives the verdicts of its JSON, message for message', async (id) => {
    const stack = synthPattern(id);
    const outDir = path.join(tempDir('vlg-hcl-check-'), 'out');
    exportProject({ dir: stack.projectDir, outDir, fmt: false });
    const [fromHcl] = await checkPath(outDir);
    const fromJson = checkStackDir(stack.stackDir);
    expect(fromHcl.inventory).toEqual(fromJson.inventory);
    expect(verdicts(fromHcl)).toEqual(verdicts(fromJson));
  });

  const PLATFORM = {
    'main.tf': `
      variable "azs" { type = list(string) }
      variable "nat_per_az" { default = false }
      locals { cidr = "10.8.0.0/16" }
      resource "aws_vpc" "main" { cidr_block = local.cidr }
      resource "aws_internet_gateway" "gw" { vpc_id = aws_vpc.main.id }
      resource "aws_subnet" "public" {
        count             = length(var.azs)
        vpc_id            = aws_vpc.main.id
        availability_zone = var.azs[count.index]
        cidr_block        = cidrsubnet(local.cidr, 8, count.index)
      }
      resource "aws_subnet" "private" {
        for_each          = toset(var.azs)
        vpc_id            = aws_vpc.main.id
        availability_zone = each.key
        cidr_block        = cidrsubnet(local.cidr, 8, 10 + index(var.azs, each.key))
      }
      resource "aws_route_table" "public" {
        vpc_id = aws_vpc.main.id
        route {
          cidr_block = "0.0.0.0/0"
          gateway_id = aws_internet_gateway.gw.id
        }
      }
      resource "aws_route_table_association" "public" {
        count          = length(var.azs)
        subnet_id      = aws_subnet.public[count.index].id
        route_table_id = aws_route_table.public.id
      }
      resource "aws_eip" "nat" {
        count  = var.nat_per_az ? length(var.azs) : 1
        domain = "vpc"
      }
      resource "aws_nat_gateway" "nat" {
        count         = var.nat_per_az ? length(var.azs) : 1
        allocation_id = aws_eip.nat[count.index].id
        subnet_id     = aws_subnet.public[count.index].id
      }
      resource "aws_route_table" "private" {
        for_each = aws_subnet.private
        vpc_id   = aws_vpc.main.id
        route {
          cidr_block     = "0.0.0.0/0"
          nat_gateway_id = aws_nat_gateway.nat[var.nat_per_az ? index(var.azs, each.key) : 0].id
        }
      }
      resource "aws_route_table_association" "private" {
        for_each       = aws_subnet.private
        subnet_id      = each.value.id
        route_table_id = aws_route_table.private[each.key].id
      }
      module "fn" {
        source     = "./modules/fn"
        name       = "orders"
        vpc_id     = aws_vpc.main.id
        subnet_ids = [for s in aws_subnet.private : s.id]
      }
    `,
    'modules/fn/main.tf': `
      variable "name" {}
      variable "vpc_id" {}
      variable "subnet_ids" { type = list(string) }
      resource "aws_security_group" "fn" {
        vpc_id = var.vpc_id
        dynamic "egress" {
          for_each = [443]
          content {
            from_port   = egress.value
            to_port     = egress.value
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
      }
      resource "aws_iam_role" "fn" {
        name               = var.name
        assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
      }
      resource "aws_iam_role_policy" "fn" {
        role   = aws_iam_role.fn.id
        policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface"], Resource = "*" }] })
      }
      resource "aws_lambda_function" "fn" {
        function_name = var.name
        role          = aws_iam_role.fn.arn
        tags          = { "vlg:needs" = "internet" }
        vpc_config {
          subnet_ids         = var.subnet_ids
          security_group_ids = [aws_security_group.fn.id]
        }
      }
    `,
  };

  test('GIVEN tfvars, a local module, count, for_each and a dynamic block THEN every instance is checked, through the module', async () => {
    const dir = write(tempDir('vlg-hcl-'), { ...PLATFORM, 'terraform.tfvars': 'azs = ["eu-west-1a", "eu-west-1b"]\n' });
    const [report] = await checkPath(dir);
    expect(report.inventory).toMatchObject({ vpcs: 1, subnets: 4, functions: ['orders'] });
    const byCheck = (check: string) => report.results.filter((r) => r.check === check);
    expect(byCheck('vpc-role').map((r) => r.status)).toEqual(['pass']);
    const egress = byCheck('internet-egress');
    expect(egress.map((r) => [r.status, r.path?.[0], r.path?.includes('aws_nat_gateway.nat[0]')])).toEqual([
      ['pass', 'module.fn.aws_lambda_function.fn', true],
      ['pass', 'module.fn.aws_lambda_function.fn', true],
    ]);
    expect(egress[1].path).toContain('aws_subnet.private["eu-west-1b"]');
    // One NAT (nat_per_az defaults to false) serves both AZs.
    expect(byCheck('multi-az')).toEqual([expect.objectContaining({ status: 'warn', message: expect.stringContaining('egress from eu-west-1b goes through aws_nat_gateway.nat[0] in eu-west-1a') })]);
  });

  test('GIVEN the tfvars turn on one NAT per AZ THEN each AZ leaves through its own and multi-az passes', async () => {
    const dir = write(tempDir('vlg-hcl-'), { ...PLATFORM, 'terraform.tfvars': 'azs = ["eu-west-1a", "eu-west-1b"]\n', 'ha.auto.tfvars': 'nat_per_az = true\n' });
    const [report] = await checkPath(dir);
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => r.check).sort()).toEqual(['destroy', 'handler-archive', 'log-retention']);
    const egress = report.results.filter((r) => r.check === 'internet-egress');
    expect(egress[1].path).toContain('aws_nat_gateway.nat[1]');
  });

  test('GIVEN no value for the AZs THEN nothing is guessed: what depends on them is a WARN naming what is unknown, and nothing fails', async () => {
    const dir = write(tempDir('vlg-hcl-'), PLATFORM);
    const [report] = await checkPath(dir);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    const status = (check: string) => report.results.filter((r) => r.check === check).map((r) => [r.status, r.message]);
    expect(status('multi-az')).toEqual([['warn', expect.stringContaining('aws_subnet.private use count/for_each')]]);
    expect(status('internet-egress')).toEqual([['warn', expect.stringMatching(/has no 0\.0\.0\.0\/0 route.*not known statically: aws_route_table\.private/)]]);
  });

  test('GIVEN subnet ids from a variable without a value THEN the placement is a WARN naming it', async () => {
    const dir = write(tempDir('vlg-hcl-'), {
      'main.tf': `
        variable "subnet_ids" { type = list(string) }
        resource "aws_lambda_function" "fn" {
          function_name = "orders"
          vpc_config {
            subnet_ids         = var.subnet_ids
            security_group_ids = ["sg-0123456789abcdef0"]
          }
        }
      `,
    });
    const [report] = await checkPath(dir);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.results.filter((r) => r.check === 'placement')).toEqual([expect.objectContaining({ status: 'warn', subject: 'orders', message: expect.stringContaining('var.subnet_ids') })]);
  });

  test('GIVEN a registry module THEN it is named in a WARN that says how to check it', async () => {
    const dir = write(tempDir('vlg-hcl-'), { 'main.tf': 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n' });
    const [report] = await checkPath(dir);
    expect(report.results).toEqual([
      expect.objectContaining({ status: 'warn', subject: 'module.vpc', check: 'module', fix: expect.stringContaining('terraform show -json plan.bin > plan.json && vpc-lambda-gen check plan.json') }),
    ]);
  });

  test('GIVEN invalid HCL THEN bad input names the file and the line', async () => {
    const dir = write(tempDir('vlg-hcl-'), { 'main.tf': 'resource "aws_vpc" "x" {\n  cidr_block = \n}\n' });
    await expect(checkPath(dir)).rejects.toThrow(/main\.tf.*is not valid HCL: .*main\.tf:2/);
  });
});
