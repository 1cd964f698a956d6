/**
 * EFS reach, promised by a function's file_system_config: access point (root directory with
 * creation info, POSIX user) → file system → a mount target in every AZ of the function, each on a
 * dedicated security group admitting TCP 2049 from the function (never the VPC default group),
 * the function's group sending 2049 to it, IAM for ClientMount/ClientWrite, and the function
 * created only after the mount targets exist.
 */
import type { LambdaFn } from '../lambda';
import type { Model } from '../model';
import { Findings, Trace } from '../result';
import { naclBetween } from './paths';
import type { MountTarget } from '../services';

const NFS = 2049;

export function checkEfs(m: Model, f: Findings): void {
  for (const fn of m.lambdas.functions.values()) {
    for (const mount of fn.fileSystems) checkMount(m, f, fn, mount.accessPoint, mount.mountPath);
  }
}

function checkMount(m: Model, f: Findings, fn: LambdaFn, apId: string | undefined, mountPath: string | undefined): void {
  const s = m.services;
  const ap = s.accessPoints.get(apId ?? '');
  const fail = (message: string, resources: string[], fix: string) => f.fail(fn.name, 'efs', message, [fn.id, ...resources], fix);
  if (!ap && apId && m.services.fileSystems.has(apId)) {
    f.fail(fn.name, 'efs', `file_system_config.arn names the file system ${apId}: Lambda mounts EFS only through an access point`, [fn.id, apId], `create an aws_efs_access_point on ${apId} and set file_system_config.arn to its arn`);
    return;
  }
  if (!ap) {
    f.warn(fn.name, 'efs', `file_system_config.arn ${apId ?? '(unset)'} is not an access point in this configuration; cannot verify EFS reach`, [fn.id], 'check it as well');
    return;
  }
  const fs = s.fileSystems.get(ap.fs ?? '');
  if (!fs) {
    f.warn(fn.name, 'efs', `the file system of ${ap.id} (${ap.fs ?? 'unset'}) is not in this configuration; cannot verify its mount targets`, [fn.id, ap.id], 'check it as well');
    return;
  }
  const failures = () => f.results.filter((r) => r.status !== 'pass').length;
  const before = failures();
  const mts = s.mountTargets.filter((mt) => mt.fs === ap.fs);
  if (!mountPath || !/^\/mnt\/[^/]/.test(mountPath)) {
    fail(`local_mount_path is ${mountPath ?? 'unset'}; Lambda mounts file systems only under /mnt/`, [], 'set file_system_config.local_mount_path to /mnt/<name>, for example /mnt/msg');
  }
  if (!ap.rootPath || ap.rootPath === '/' || !ap.creationInfo) {
    fail(
      `${ap.id} ${!ap.rootPath || ap.rootPath === '/' ? 'exposes the file system root' : `has no creation_info for ${ap.rootPath}`}: use a root directory such as /lambda created with owner uid/gid and permissions`,
      [ap.id],
      `set root_directory { path = "/lambda", creation_info { owner_uid, owner_gid, permissions = "750" } } on ${ap.id}`,
    );
  }
  if (!ap.posixUser) fail(`${ap.id} has no posix_user: files are written as an unpredictable user`, [ap.id], `set posix_user { uid, gid } on ${ap.id} (matching creation_info)`);

  // A mount target in every AZ the function runs in: unknown while its subnets are.
  if (fn.subnetsUnknown) {
    f.warn(fn.name, 'efs', `the function's subnets are not known statically (${fn.subnetsUnknown}): whether every AZ it runs in has a mount target of ${ap.fs} cannot be checked`, [fn.id, ap.id, ...mts.map((mt) => mt.id)], 'check the plan, where the subnets resolve');
  }
  const mtsByAz = new Map<string, MountTarget>();
  for (const mt of mts) if (mt.subnet) mtsByAz.set(m.azOf(mt.subnet), mt);
  const needed: MountTarget[] = [];
  for (const subnet of fn.subnets) {
    const mt = mtsByAz.get(m.azOf(subnet)) ?? mts.find((x) => x.subnet === subnet);
    if (!mt) {
      fail(`no mount target of ${ap.fs} in ${m.azLabel(subnet)} (function subnet ${subnet}): the function cannot mount there`, [ap.fs ?? ap.id, subnet], `add an aws_efs_mount_target in ${subnet} on the EFS security group`);
    } else if (!needed.includes(mt)) needed.push(mt);
  }

  // Security groups: a dedicated group per mount target, paired with the function on 2049.
  for (const mt of needed) {
    const onDefault = mt.sgs.filter((sg) => m.isDefaultSg(sg));
    if (onDefault.length > 0) {
      const fix = `set security_groups on ${mt.id} to a dedicated EFS group admitting TCP 2049 from ${fn.sgs[0] ?? "the function's group"}`;
      // The default group admits itself: NFS works when the function sits on it too, and only then.
      if (m.sgs.known(mt.sgs) && m.sgs.ingressFrom(m.mountTargetSide(mt), m.fnSide(fn), 'tcp', NFS) && m.sgs.egressTo(m.fnSide(fn), m.mountTargetSide(mt), 'tcp', NFS)) {
        f.warn(fn.name, 'efs', `${mt.id} sits on the VPC's default security group ${onDefault[0]}: NFS works because the function is on it too, but so can everything else on that group`, [fn.id, mt.id, ...onDefault], fix);
      } else {
        fail(
          `${mt.id} sits on the VPC's default security group ${onDefault[0]}${m.doc.get(mt.id)?.body.security_groups === undefined ? ' (no security_groups set)' : ''}: NFS from the function never gets in`,
          [mt.id, ...onDefault],
          fix,
        );
      }
      continue;
    }
    if (!m.sgs.known(mt.sgs) || !m.sgs.known(fn.sgs)) {
      f.warn(fn.name, 'efs', `the security groups between ${fn.name} and ${mt.id} are not all in this configuration`, [fn.id, mt.id, ...mt.sgs], 'check them as well');
      continue;
    }
    const mtSide = m.mountTargetSide(mt);
    const egress = m.sgs.egressTo(m.fnSide(fn), mtSide, 'tcp', NFS);
    if (!egress) {
      fail(`the function's security group ${fn.sgs.join(', ')} sends no TCP 2049 to ${mt.id} (group ${mt.sgs.join(', ')})`, [...fn.sgs, mt.id, ...mt.sgs], `add an egress rule TCP 2049 to ${mt.sgs[0]} on ${fn.sgs[0]}`);
    }
    const ingress = m.sgs.ingressFrom(mtSide, m.fnSide(fn), 'tcp', NFS);
    if (!ingress) {
      fail(`${mt.id}'s security group ${mt.sgs.join(', ')} does not admit TCP 2049 from the function's group ${fn.sgs.join(', ')}`, [mt.id, ...mt.sgs, ...fn.sgs], `add an ingress rule TCP 2049 from ${fn.sgs[0]} to ${mt.sgs[0]}`);
    }
    const acl = new Trace();
    if (mt.subnet && !naclBetween(m, acl, fn.subnets, [mt.subnet], { protocol: 'tcp', port: NFS })) {
      fail(`${acl.broken!.message} (NFS to ${mt.id})`, [mt.id, ...acl.broken!.resources], acl.broken!.fix);
    }
  }

  // Lambda rejects a file system whose mount targets are not available yet.
  const early = needed.filter((mt) => !m.dependsOn(fn.id, mt.id));
  if (early.length > 0) {
    fail(
      `${fn.id} does not depend on ${early.map((mt) => mt.id).join(', ')}: Terraform may create it before the mount targets are available, and Lambda rejects it`,
      early.map((mt) => mt.id),
      `add depends_on = [${early.map((mt) => `"${mt.id}"`).join(', ')}] to ${fn.id}`,
    );
  }

  // IAM: mount (and write) through the access point, where a file-system policy makes EFS ask IAM.
  const role = m.iam.roleFor(fn.role);
  const fsPolicy = m.doc.all('aws_efs_file_system_policy').find((p) => m.r.id(p.body.file_system_id) === fs.id);
  if (role && fsPolicy) {
    if (!m.iam.allows(role, 'elasticfilesystem:ClientMount')) {
      (role.unreadable.length > 0 ? f.warn.bind(f) : f.fail.bind(f))(
        fn.name,
        'efs',
        `${role.id} does not allow elasticfilesystem:ClientMount: mounting is denied`,
        [fn.id, role.id],
        `allow elasticfilesystem:ClientMount and elasticfilesystem:ClientWrite on ${ap.fs}.arn (condition elasticfilesystem:AccessPointArn = ${ap.id}.arn)`,
      );
    } else if (!m.iam.allows(role, 'elasticfilesystem:ClientWrite')) {
      f.warn(fn.name, 'efs', `${role.id} allows ClientMount but not ClientWrite: the mount is read-only`, [fn.id, role.id], 'allow elasticfilesystem:ClientWrite if the function writes');
    }
  }

  if (failures() === before) {
    const hops = [fn.id, ap.id, fs.id, ...needed.map((mt) => mt.id)];
    f.pass(fn.name, 'efs', `${mountPath}: ${hops.join(' → ')} (TCP 2049 both ways, one mount target per AZ, created first)`, hops);
  }
}
