/**
 * The field notes' pitfalls that are properties, not paths: aliases pinned to a literal version,
 * plaintext secrets, ingress open to the internet, IMDSv1, unencrypted EFS, log groups without
 * retention, destroy-time ENI waits, and the SSM debugging host's own needs.
 */
// The same detector that refuses secrets in our own config (one list of shapes, not two).
import { detectSecret } from '../../safety/secrets';
import { bool, literal } from '../doc';
import type { LambdaFn } from '../lambda';
import type { Model } from '../model';
import { Findings, Trace } from '../result';
import { portLabel } from '../security-groups';
import { endpointPath } from './aws-services';
import { HTTPS, publicIp, publicSubnetHop, traceInternet } from './paths';

/** Variable names that announce a secret... */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|PRIVATE_?KEY|WEBHOOK|CREDENTIAL/i;
/** ...unless they name where the secret lives. */
const POINTER_NAME = /(_ARN|_NAME|_PARAM|_PARAMETER|_PARAMETER_NAME|_ID|_PATH|_SSM|_REF|_KEY_ID)$/i;
/** References whose value is the secret itself. */
const SECRET_ATTRIBUTES: Record<string, string> = {
  aws_ssm_parameter: 'value',
  aws_secretsmanager_secret_version: 'secret_string',
  random_password: 'result',
};

export function checkHygiene(m: Model, f: Findings): void {
  checkAliases(m, f);
  for (const fn of m.lambdas.functions.values()) checkSecrets(m, f, fn);
  checkStoredSecrets(m, f);
  checkOpenIngress(m, f);
  checkInstances(m, f);
  for (const fs of m.services.fileSystems.values()) {
    if (fs.encrypted) f.pass(fs.id, 'efs-encryption', `${fs.id} is encrypted at rest`, [fs.id]);
    else f.fail(fs.id, 'efs-encryption', `${fs.id} is not encrypted at rest`, [fs.id], `set encrypted = true on ${fs.id} (replaces the file system: copy the data first)`);
  }
  for (const fn of m.functionsWithVpcConfig()) {
    checkLogGroup(m, f, fn);
    if (fn.replaceSgsOnDestroy) f.pass(fn.name, 'destroy', `replace_security_groups_on_destroy lets terraform destroy release the function's security group without waiting for its ENIs`, [fn.id]);
    else {
      f.warn(fn.name, 'destroy', `terraform destroy can hang for many minutes on the function's security group and subnets while AWS releases its ENIs`, [fn.id], `set replace_security_groups_on_destroy = true and replacement_security_group_ids (a rule-less group) on ${fn.id}`);
    }
  }
}

function checkAliases(m: Model, f: Findings): void {
  for (const alias of m.lambdas.aliases.values()) {
    const fn = m.lambdas.functions.get(alias.fn ?? '');
    const subject = fn?.name ?? alias.id;
    const version = alias.version;
    const ref = m.doc.refs(version)[0];
    const lit = literal(version);
    if (lit !== undefined && /^\d+$/.test(lit)) {
      f.fail(
        subject,
        'alias',
        `${alias.id} pins function_version = "${lit}": it keeps running that old version (and its old network configuration) after every deploy`,
        [alias.id, fn?.id ?? ''],
        `set function_version = "\${${fn?.id ?? 'aws_lambda_function.<name>'}.version}" (with publish = true) on ${alias.id}`,
      );
    } else if (lit === '$LATEST') {
      f.warn(subject, 'alias', `${alias.id} points at $LATEST: it follows unpublished code, with no version to roll back to`, [alias.id], `publish versions and set function_version = "\${${fn?.id ?? 'aws_lambda_function.<name>'}.version}"`);
    } else if (ref?.type === 'aws_lambda_function' && ref.attr === 'version') {
      if (ref.address !== alias.fn) {
        f.fail(subject, 'alias', `${alias.id} takes its version from ${ref.address}, another function`, [alias.id, ref.address], `use ${alias.fn}.version`);
      } else if (!fn?.publish) {
        f.fail(subject, 'alias', `${alias.id} follows ${ref.address}.version, but the function does not set publish = true, so that version is always $LATEST`, [alias.id, ref.address], `set publish = true on ${ref.address}`);
      } else {
        f.pass(subject, 'alias', `${alias.id} follows the version Terraform publishes (${ref.address}.version)`, [alias.id, ref.address]);
      }
    } else {
      f.warn(subject, 'alias', `${alias.id} takes function_version from ${String(version)}; cannot tell whether it follows the published version`, [alias.id]);
    }
  }
}

function checkSecrets(m: Model, f: Findings, fn: LambdaFn): void {
  const problems: { key: string; what: string; resources: string[] }[] = [];
  const notices: { key: string; what: string; resources: string[] }[] = [];
  for (const [key, raw] of Object.entries(fn.env)) {
    if (typeof raw !== 'string') continue;
    for (const ref of m.doc.refs(raw)) {
      if (SECRET_ATTRIBUTES[ref.type] !== ref.attr) continue;
      // One field of a JSON secret that names no credential (a user name, a host) is not the secret itself.
      const field = jsonField(raw, `${ref.address}.${ref.attr}`);
      if (field && !SECRET_NAME.test(field) && !/^(pass|pwd|key)$/i.test(field)) {
        notices.push({ key, what: `copies the field "${field}" of the secret ${ref.address}.${ref.attr} into the function configuration`, resources: [ref.address] });
      } else {
        problems.push({ key, what: `copies the secret ${ref.address}.${ref.attr}${field ? ` (its field "${field}")` : ''} into the function configuration`, resources: [ref.address] });
      }
    }
    // A variable that is sensitive stays var.<name> (module.<m>.var.<name> inside a module): its value is never copied.
    for (const [, module, name] of raw.matchAll(/((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)var\.([A-Za-z_][\w-]*)/g)) {
      const v = m.doc.variableNamed(`${module}${name}`);
      if (v && (bool(v.sensitive) || SECRET_NAME.test(name))) problems.push({ key, what: `is set from the ${bool(v.sensitive) ? 'sensitive ' : ''}variable ${name}, so the secret lands in state and the function configuration`, resources: [] });
    }
    const value = literal(m.doc.resolve(raw));
    if (value === undefined || value === '') continue;
    const known = detectSecret(value);
    if (known) problems.push({ key, what: `holds ${known} in plaintext`, resources: [] });
    else if (SECRET_NAME.test(key) && !POINTER_NAME.test(key) && !/^(arn:|\/|ssm:|secretsmanager:)/.test(value)) {
      problems.push({ key, what: 'looks like a secret in plaintext (name says so, value is a literal)', resources: [] });
    }
  }
  for (const n of notices) {
    f.warn(
      fn.name,
      'secrets',
      `environment ${n.key} ${n.what}: the field's name is not a credential's, but its value sits in state and in the function configuration`,
      [fn.id, ...n.resources],
      `make sure "${n.key}" holds nothing secret, or read it from the secret at run time`,
    );
  }
  if (problems.length === 0) {
    if (notices.length === 0) f.pass(fn.name, 'secrets', `no secret in the environment (${Object.keys(fn.env).length} variables)`, [fn.id]);
    return;
  }
  for (const p of problems) {
    f.fail(
      fn.name,
      'secrets',
      `environment ${p.key} ${p.what}: anyone who can read the function configuration or the state sees it`,
      [fn.id, ...p.resources],
      `store it in SSM Parameter Store (SecureString) or Secrets Manager outside Terraform, put its name in ${p.key.replace(/(_URL|_VALUE)?$/, '_PARAMETER')}, grant ssm:GetParameter (or secretsmanager:GetSecretValue) and read it at run time`,
    );
  }
}

/** The field read from a JSON secret: `jsondecode(<secret>).name` or `jsondecode(<secret>)["name"]`. */
function jsonField(text: string, secret: string): string | undefined {
  const at = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`jsondecode\\(\\s*${at}\\s*\\)\\s*(?:\\.([A-Za-z_][\\w-]*)|\\[\\s*"([^"]+)"\\s*\\])`).exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Secrets written into Terraform resources end up in state even when the function reads them at run time. */
function checkStoredSecrets(m: Model, f: Findings): void {
  for (const [type, attr] of [
    ['aws_ssm_parameter', 'value'],
    ['aws_ssm_parameter', 'insecure_value'],
    ['aws_secretsmanager_secret_version', 'secret_string'],
  ]) {
    for (const res of m.doc.all(type)) {
      const value = literal(m.doc.resolve(res.body[attr]));
      const known = value !== undefined && detectSecret(value);
      if (known) {
        f.fail(res.address, 'secrets', `${res.address}.${attr} holds ${known} in the Terraform source, so it is in state too`, [res.address], `create the value outside Terraform (aws ssm put-parameter / the console), or keep a placeholder here with lifecycle { ignore_changes = [${attr}] }`);
      }
    }
  }
}

function checkOpenIngress(m: Model, f: Findings): void {
  const open = (cidr: string) => cidr === '0.0.0.0/0' || cidr === '::/0';
  const publicLbPorts = new Map<string, number[]>();
  for (const lb of m.services.loadBalancers.values()) {
    if (lb.internal) continue;
    const ports = [...m.services.listeners.values()].filter((l) => l.lb === lb.id && l.port !== undefined).map((l) => l.port!);
    for (const sg of lb.sgs) publicLbPorts.set(sg, [...(publicLbPorts.get(sg) ?? []), ...ports]);
  }
  const offenders = new Set<string>();
  for (const sg of m.sgs.groups.values()) {
    for (const rule of sg.rules) {
      if (!rule.ingress || rule.peer.kind !== 'cidr' || !open(rule.peer.cidr)) continue;
      const allowedPorts = publicLbPorts.get(sg.id) ?? [];
      if (rule.protocol === 'tcp' && rule.from === rule.to && allowedPorts.includes(rule.from)) continue; // an internet-facing LB's listener
      offenders.add(sg.id);
      const owner = m.ownerOfSg(sg.id);
      f.fail(
        owner?.name ?? sg.id,
        'open-ingress',
        `${rule.address} admits ${portLabel(rule.protocol, rule.from)}${rule.to !== rule.from ? `-${rule.to}` : ''} from ${rule.peer.cidr} into ${sg.id}`,
        [sg.id, rule.address],
        `admit only the security groups or CIDRs that need it (for example the caller's group) on ${sg.id}`,
      );
    }
  }
  // Functions whose groups all resolve, even where their subnets do not.
  for (const fn of m.functionsWithVpcConfig().filter((x) => x.sgsKnown && x.sgs.length > 0)) {
    if (!fn.sgs.some((sg) => offenders.has(sg))) f.pass(fn.name, 'open-ingress', `its security groups admit nothing from 0.0.0.0/0`, [...fn.sgs]);
  }
}

function checkInstances(m: Model, f: Findings): void {
  for (const inst of m.network.instances.values()) {
    if (inst.httpTokens === 'required') f.pass(inst.id, 'imds', `${inst.id} requires IMDSv2 (http_tokens = "required")`, [inst.id]);
    else {
      f.fail(inst.id, 'imds', `${inst.id} allows IMDSv1 (http_tokens is ${inst.httpTokens ? `"${inst.httpTokens}"` : 'unset'}): any SSRF can read its role credentials`, [inst.id], `set metadata_options { http_tokens = "required" } on ${inst.id}`);
    }
    const role = m.iam.roles.get(m.iam.profiles.get(inst.instanceProfile ?? '') ?? '');
    if (role?.managed.includes('AmazonSSMManagedInstanceCore')) checkSsmHost(m, f, inst.id, role.id);
  }
}

/** Session Manager needs ssm, ssmmessages and ec2messages: endpoints or NAT. Port 22 stays shut. */
function checkSsmHost(m: Model, f: Findings, id: string, role: string): void {
  const inst = m.network.instances.get(id)!;
  // A rule that opens SSH on purpose (a NAT instance admitting all traffic from the private subnets does not count).
  const ssh = m.sgs.rulesOf(inst.sgs, true).find((r) => r.protocol === 'tcp' && r.from <= 22 && r.to >= 22 && !(r.from === 0 && r.to === 65535));
  if (ssh) f.fail(id, 'ssm-host', `${ssh.address} opens port 22 on the Session Manager host; SSM needs no inbound port`, [id, ssh.address], `remove the rule: connect with aws ssm start-session`);
  const vpc = m.network.subnets.get(inst.subnet ?? '')?.vpc;
  const client = { id, sgs: inst.sgs, subnets: inst.subnet ? [inst.subnet] : [] };
  for (const service of ['ssm', 'ssmmessages', 'ec2messages']) {
    const t = new Trace().hop(id, role);
    const ep = [...m.network.endpoints.values()].find((e) => e.vpc === vpc && e.service === service && e.type === 'Interface' && e.privateDns);
    const nat = new Trace();
    const direct = inst.subnet ? m.network.publicRoute(inst.subnet) : undefined;
    if (ep) endpointPath(m, t, client, ep, 443);
    else if (direct && publicIp(m, inst.id, undefined).ok) {
      // A host in a public subnet with a public address talks to SSM through the internet gateway.
      if (publicSubnetHop(m, t, inst.subnet, inst.id) && !m.sgs.egressTo({ sgs: inst.sgs, cidrs: [] }, { sgs: [], cidrs: ['0.0.0.0/0'] }, 'tcp', 443)) {
        t.fail(`the host's security group allows no TCP 443 out`, `add an egress rule TCP 443 to 0.0.0.0/0 on ${inst.sgs[0]}`);
      }
    } else if (inst.subnet && traceInternet(m, nat, inst.subnet, { sgs: inst.sgs, cidrs: m.cidrsOf(client.subnets) }, [HTTPS])) {
      t.hop(...nat.hops);
      if (!m.sgs.egressTo({ sgs: inst.sgs, cidrs: [] }, { sgs: [], cidrs: ['0.0.0.0/0'] }, 'tcp', 443)) {
        t.fail(`the host's security group allows no TCP 443 out`, `add an egress rule TCP 443 to 0.0.0.0/0 on ${inst.sgs[0]}`);
      }
    } else {
      t.fail(
        `no ${service} endpoint in ${vpc ?? 'the VPC'} and no NAT path (${nat.broken?.message ?? 'no subnet'}): the agent cannot register and sessions never start`,
        `add interface endpoints for ssm, ssmmessages and ec2messages (private DNS on, 443 from ${inst.sgs[0] ?? 'the host'})`,
      );
    }
    t.report(f, id, 'ssm-host', service);
  }
}

function checkLogGroup(m: Model, f: Findings, fn: LambdaFn): void {
  const logging = m.doc.refs(fn.body.logging_config)[0];
  // The group Lambda writes to: the one logging_config names, else /aws/lambda/<function_name>, with the
  // name written as a literal, as the function's own expression, or as a reference to its function_name.
  const functionName = m.doc.resolve(fn.body.function_name);
  const names = [`/aws/lambda/${fn.name}`, `/aws/lambda/\${${fn.id}.function_name}`, ...(typeof functionName === 'string' ? [`/aws/lambda/${functionName}`] : [])];
  const group =
    (logging?.type === 'aws_cloudwatch_log_group' ? m.doc.get(logging.address) : undefined) ??
    m.doc.all('aws_cloudwatch_log_group').find((g) => names.includes(String(m.doc.resolve(g.body.name))));
  const fix = `add an aws_cloudwatch_log_group /aws/lambda/${fn.name} with retention_in_days, created before the function`;
  if (!group) {
    f.warn(fn.name, 'log-retention', `no log group with retention for /aws/lambda/${fn.name}: Lambda creates one that keeps logs forever`, [fn.id], fix);
    return;
  }
  const raw = m.doc.resolve(group.body.retention_in_days);
  const days = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
  if (days !== undefined && days > 0) f.pass(fn.name, 'log-retention', `${group.address} keeps logs ${days} days`, [group.address]);
  else if (days === 0 || raw === undefined) {
    // CloudWatch Logs reads 0 (or no value) as "never expire".
    f.warn(fn.name, 'log-retention', `${group.address} ${raw === undefined ? 'has no retention_in_days' : 'sets retention_in_days = 0, which means never expire'}: logs are kept forever`, [fn.id, group.address], `set retention_in_days (1 or more) on ${group.address}`);
  } else {
    f.warn(fn.name, 'log-retention', `${group.address} sets retention_in_days from ${String(raw)}, not known statically: cannot tell how long logs are kept`, [fn.id, group.address], `give it a value (tfvars), or check the plan`);
  }
}
