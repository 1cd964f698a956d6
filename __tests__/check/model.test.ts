/** The generic reading layer of `check`: references, variables, conditions and implicit AWS resources. */
import { TfDoc } from '../../generator/check/doc';
import { Model } from '../../generator/check/model';
import { refsIn } from '../../generator/check/refs';
import { ref, Tf } from './platform-tf';

describe('references', () => {
  test.each([
    ['${aws_subnet.a.id}', ['aws_subnet.a id']],
    ['${data.aws_vpc.peer.cidr_block}', ['data.aws_vpc.peer cidr_block']],
    ['${aws_lambda_function.x.arn}:*', ['aws_lambda_function.x arn']],
    ['${tolist(aws_subnet.private[*].id)}', ['aws_subnet.private id']],
    ['${aws_vpc_endpoint.e.dns_entry[0].dns_name}', ['aws_vpc_endpoint.e dns_entry']],
    ['${jsonencode({ Resource = aws_s3_bucket.b.arn })}', ['aws_s3_bucket.b arn']],
    ['arn:${data.aws_partition.current.partition}:iam::aws:policy/x', ['data.aws_partition.current partition']],
    ['$${aws_subnet.not_a_ref.id}', []],
    ['${var.cidr} ${local.name} ${module.net.vpc_id} ${each.value.id}', []],
    ['plain aws_subnet.text', []],
  ])('%s', (text, expected) => {
    expect(refsIn(text).map((r) => `${r.address} ${r.attr}`)).toEqual(expected);
  });
});

describe('variables and conditions', () => {
  const doc = TfDoc.from([
    {
      file: 'vars.tf.json',
      json: {
        variable: { owner: { default: null }, region: { default: 'eu-west-1' }, cidr: { default: '10.9.0.0/16' }, nodefault: { type: 'string' }, evil: { default: '"); process.exit(1); ("' } },
        locals: { vpc_cidr: '${var.cidr}' },
        resource: { aws_vpc: { main: { cidr_block: '${local.vpc_cidr}' } } },
      },
    },
  ]);

  test('whole-string var and local references resolve to defaults, recursively', () => {
    expect(doc.resolve('${local.vpc_cidr}')).toBe('10.9.0.0/16');
    expect(doc.resolve('${var.nodefault}')).toBe('${var.nodefault}');
  });

  test("a literal argument read through another resource's attribute (scalar)", () => {
    expect(doc.scalar('${aws_vpc.main.cidr_block}')).toBe('10.9.0.0/16');
    expect(doc.scalar('${aws_vpc.main.id}')).toBe('${aws_vpc.main.id}');
  });

  test.each([
    ['${var.owner == null && var.region == "eu-west-1"}', true],
    ['${(var.owner == null) && (var.region != "eu-west-1")}', false],
    ['${var.nodefault == null}', undefined],
    ['${var.evil == "x"}', false],
    ['${length(var.region) > 0}', undefined],
    ['true', true],
  ])('condition %s → %s', (expr, expected) => {
    expect(doc.condition(expr)).toBe(expected);
  });
});

describe('implicit AWS resources', () => {
  function vpcWithSubnet(): Tf {
    const tf = new Tf();
    tf.add('aws_vpc', 'v', { cidr_block: '10.0.0.0/16' });
    tf.add('aws_subnet', 's', { vpc_id: ref('aws_vpc.v'), cidr_block: '10.0.1.0/24' });
    return tf;
  }

  test("a subnet without an association uses the VPC's implicit main route table, which only routes locally", () => {
    const m = new Model(TfDoc.from([{ file: 'x', json: vpcWithSubnet().json }]));
    const rt = m.network.routeTableOf('aws_subnet.s')!;
    expect(rt).toMatchObject({ via: 'main route table', table: { id: 'aws_vpc.v#main-rt', routes: [] } });
    expect(m.network.routeFor(rt.table, '10.0.7.0/24')?.target.kind).toBe('local');
    expect(m.network.routeFor(rt.table, '8.8.8.8/32')).toBeUndefined();
  });

  test('aws_main_route_table_association makes another table the main one', () => {
    const tf = vpcWithSubnet();
    tf.add('aws_route_table', 'shared', { vpc_id: ref('aws_vpc.v') });
    tf.add('aws_main_route_table_association', 'm', { vpc_id: ref('aws_vpc.v'), route_table_id: ref('aws_route_table.shared') });
    const m = new Model(TfDoc.from([{ file: 'x', json: tf.json }]));
    expect(m.network.routeTableOf('aws_subnet.s')?.table.id).toBe('aws_route_table.shared');
  });

  test("the VPC's default security group: AWS's rules when unmanaged, none when Terraform manages it", () => {
    const unmanaged = new Model(TfDoc.from([{ file: 'x', json: vpcWithSubnet().json }]));
    expect(unmanaged.r.id(ref('aws_vpc.v', 'default_security_group_id'))).toBe('aws_vpc.v#default-sg');
    expect(unmanaged.sgs.get('aws_vpc.v#default-sg')!.rules.map((r) => [r.ingress, r.peer.kind])).toEqual([
      [true, 'self'],
      [false, 'cidr'],
    ]);
    const tf = vpcWithSubnet();
    tf.add('aws_default_security_group', 'd', { vpc_id: ref('aws_vpc.v') });
    const managed = new Model(TfDoc.from([{ file: 'x', json: tf.json }]));
    expect(managed.r.id(ref('aws_vpc.v', 'default_security_group_id'))).toBe('aws_default_security_group.d');
    expect(managed.sgs.get('aws_default_security_group.d')!.rules).toEqual([]);
  });

  test('a group created by Terraform has no egress unless a rule says so', () => {
    const tf = vpcWithSubnet();
    tf.add('aws_security_group', 'g', { vpc_id: ref('aws_vpc.v') });
    const m = new Model(TfDoc.from([{ file: 'x', json: tf.json }]));
    expect(m.sgs.egressTo({ sgs: ['aws_security_group.g'], cidrs: [] }, { sgs: [], cidrs: ['0.0.0.0/0'] }, 'tcp', 443)).toBeUndefined();
  });
});
