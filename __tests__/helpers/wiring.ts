/**
 * Reads the wiring out of synthesized Terraform: which security group admits which peer on which port,
 * what an IAM policy document says, and the rules a network has at all.
 */
import { resources, type TfJson } from './synth';

/** "${aws_security_group.alb_security_group.id}" → "sg:alb_security_group"; a CIDR or a literal id stays readable. */
function peerOf(rule: any): string {
  if (rule.cidr_ipv4) return `cidr:${rule.cidr_ipv4}`;
  const ref = /^\$\{aws_security_group\.([\w-]+)\.id\}$/.exec(rule.referenced_security_group_id ?? '');
  if (ref) return `sg:${ref[1]}`;
  return `id:${rule.referenced_security_group_id}`;
}

/**
 * Every rule of one direction on a security group, as "<peer> <protocol> <from>-<to>", sorted.
 * `group` is the aws_security_group resource name, or a literal group id ("sg-…").
 */
export function sgRules(json: TfJson, direction: 'ingress' | 'egress', group: string): string[] {
  const id = group.startsWith('sg-') ? group : `\${aws_security_group.${group}.id}`;
  return Object.values(resources(json, `aws_vpc_security_group_${direction}_rule`))
    .filter((r) => r.security_group_id === id)
    .map((r) => `${peerOf(r)} ${r.ip_protocol} ${r.from_port}-${r.to_port}`)
    .sort();
}

/** The statements of a data.aws_iam_policy_document. */
export function policyStatements(json: TfJson, name: string): any[] {
  const doc = json.data?.aws_iam_policy_document?.[name];
  if (!doc) throw new Error(`no data.aws_iam_policy_document.${name}; have: ${Object.keys(json.data?.aws_iam_policy_document ?? {}).join(', ')}`);
  return doc.statement;
}

/** "${data.aws_iam_policy_document.<name>.json}" */
export function policyJsonRef(name: string): string {
  return `\${data.aws_iam_policy_document.${name}.json}`;
}

/** No internet path at all: no IGW, no NAT, no public subnet, no route anywhere. */
export function internetPathResources(json: TfJson): string[] {
  const publicSubnets = Object.entries(resources(json, 'aws_subnet'))
    .filter(([, s]) => s.tags?.Tier === 'public')
    .map(([name]) => `aws_subnet.${name}`);
  return [
    ...['aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_route'].flatMap((type) =>
      Object.keys(resources(json, type)).map((name) => `${type}.${name}`),
    ),
    ...publicSubnets,
  ];
}
