/**
 * The evaluator behind HCL and JSON alike: what it computes from what a configuration states, and
 * what it leaves unknown (never guessed): the residual expression keeps its references absolute.
 */
import { expandConfiguration, type Body } from '../../generator/check/eval/expand';
import { Evaluator, type Scope } from '../../generator/check/eval/evaluate';
import { parseExpression } from '../../generator/check/eval/syntax';
import { hclText, Ref, toJson, Unknown, type Value } from '../../generator/check/eval/values';

const scope: Scope = {
  variable: (n) => (({ azs: ['eu-west-1a', 'eu-west-1b'], cidr: '10.0.0.0/16', on: true, ports: { https: 443, nfs: 2049 } }) as Record<string, Value>)[n] ?? new Unknown(`var.${n}`),
  local: (n) => new Unknown(`local.${n}`),
  resource: (t, n) => (t === 'aws_subnet' && n === 'many' ? [new Ref('aws_subnet.many[0]', ''), new Ref('aws_subnet.many[1]', '')] : new Ref(`${t}.${n}`, '')),
  module: (n) => new Unknown(`module.${n}`),
  attribute: (a, n) => (a === 'aws_vpc.main' && n === 'cidr_block' ? '10.9.0.0/16' : undefined),
  special: () => undefined,
  readFile: () => undefined,
};
const evaluate = (text: string) => toJson(new Evaluator(scope).node(parseExpression(text)));

describe('known values', () => {
  test.each([
    ['length(var.azs)', 2],
    ['var.on ? 1 : 0', 1],
    ['!var.on || length(var.azs) > 1', true],
    ['cidrsubnet(var.cidr, 8, 3)', '10.0.3.0/24'],
    ['cidrsubnet(aws_vpc.main.cidr_block, 4, 1)', '10.9.16.0/20'],
    ['[for i, az in var.azs : "${az}-${i}" if az != "eu-west-1c"]', ['eu-west-1a-0', 'eu-west-1b-1']],
    ['{ for k, p in var.ports : p => k }', { '443': 'https', '2049': 'nfs' }],
    ['element(var.azs, 3)', 'eu-west-1b'],
    ['lookup(var.ports, "ssh", 22)', 22],
    ['try(var.ports.ssh, 22)', 22],
    ['can(var.ports.ssh)', false],
    ['format("%s/%d", "x", 5)', 'x/5'],
    ['merge({ a = 1 }, { b = 2 })', { a: 1, b: 2 }],
    ['"%{ for az in var.azs }${az};%{ endfor }"', 'eu-west-1a;eu-west-1b;'],
    ['"$${escaped}"', '$${escaped}'],
  ])('%s', (text, expected) => {
    expect(evaluate(text)).toEqual(expected);
  });

  test('jsonencode keeps references as ${...} inside the JSON (a policy still names its resources)', () => {
    expect(evaluate('jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }] })')).toBe(
      '{"Statement":[{"Action":"sqs:SendMessage","Effect":"Allow","Resource":"${aws_sqs_queue.q.arn}"}]}',
    );
  });

  test('splats over instances give one reference each', () => {
    expect(evaluate('aws_subnet.many[*].id')).toEqual(['${aws_subnet.many[0].id}', '${aws_subnet.many[1].id}']);
  });
});

describe('unknown values stay expressions', () => {
  test.each([
    ['var.nodefault', '${var.nodefault}'],
    ['length(var.nodefault) > 0 ? "a" : "b"', '${length(var.nodefault) > 0 ? "a" : "b"}'],
    ['cidrsubnet(aws_vpc.other.cidr_block, 8, 1)', '${cidrsubnet(aws_vpc.other.cidr_block, 8, 1)}'],
    ['data.aws_availability_zones.az.names[1]', '${data.aws_availability_zones.az.names[1]}'],
    ['jsondecode(data.aws_secretsmanager_secret_version.s.secret_string)["password"]', '${jsondecode(data.aws_secretsmanager_secret_version.s.secret_string)["password"]}'],
    ['provider::aws::arn_parse(var.nodefault)', '${provider::aws::arn_parse(var.nodefault)}'],
    ['timestamp()', '${timestamp()}'],
  ])('%s', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  test('a residual reads back as HCL', () => {
    expect(hclText(new Evaluator(scope).node(parseExpression('[var.cidr, var.nodefault]')))).toBe('["10.0.0.0/16", var.nodefault]');
  });
});

describe('expansion', () => {
  const expand = (files: Record<string, unknown>[], values: Record<string, unknown> = {}) =>
    expandConfiguration({ root: { dir: '/cfg', files: files.map((json, i) => ({ file: `/cfg/${i}.tf.json`, json: json as Body })), calls: new Map() }, values }).documents;

  test('count and for_each over known values become instances; count = 0 removes the resource', () => {
    const docs = expand([
      {
        variable: { azs: { default: ['a', 'b'] }, nat: { default: false } },
        resource: {
          aws_subnet: { s: { count: '${length(var.azs)}', availability_zone: '${var.azs[count.index]}' } },
          aws_nat_gateway: { n: { count: '${var.nat ? 1 : 0}' } },
          aws_route_table: { r: { for_each: '${toset(var.azs)}', tags: { az: '${each.key}', subnet: '${aws_subnet.s[index(var.azs, each.key)].id}' } } },
        },
      },
    ]);
    const resource = docs[0].json.resource as Record<string, Record<string, any>>;
    expect(Object.keys(resource.aws_subnet)).toEqual(['s[0]', 's[1]']);
    expect(resource.aws_subnet['s[1]']).toEqual({ availability_zone: 'b' });
    expect(resource.aws_nat_gateway).toEqual({});
    expect(resource.aws_route_table['r["b"]'].tags).toEqual({ az: 'b', subnet: '${aws_subnet.s[1].id}' });
  });

  test('tfvars win over defaults; a count that is not known keeps one resource with its count as written', () => {
    const docs = expand([{ variable: { n: {} }, resource: { aws_eip: { e: { count: '${var.n}', domain: 'vpc' } } } }]);
    expect((docs[0].json.resource as any).aws_eip).toEqual({ e: { domain: 'vpc', count: '${var.n}' } });
    const given = expand([{ variable: { n: {} }, resource: { aws_eip: { e: { count: '${var.n}' } } } }], { n: 2 });
    expect(Object.keys((given[0].json.resource as any).aws_eip)).toEqual(['e[0]', 'e[1]']);
  });

  test('a sensitive variable is never copied: it stays var.<name> for the secrets rule', () => {
    const docs = expand([{ variable: { pw: { default: 'hunter2', sensitive: true } }, resource: { aws_lambda_function: { f: { environment: { variables: { DB_PASSWORD: '${var.pw}' } } } } } }]);
    expect(JSON.stringify(docs)).not.toContain('hunter2');
    expect((docs[0].json.resource as any).aws_lambda_function.f.environment.variables.DB_PASSWORD).toBe('${var.pw}');
  });
});
