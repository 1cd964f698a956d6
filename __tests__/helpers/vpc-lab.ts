/**
 * A small AWS VPC built from Linux network namespaces, to run real boot scripts against real packets.
 *
 *   host (Lambda ENI) ─┐                         ┌─ instance (NAT, runs user data in its own /etc)
 *   host (VPC server) ─┼─ router: one bridge per ┼─ igw: 1:1 NAT private address ⇄ EIP ── internet (server)
 *                      │  subnet, one route table│
 *                      │  per subnet (ip rule iif)
 *
 * The router plays the VPC router: every subnet's table holds the VPC's local route (one route per
 * subnet, since Linux routes a prefix to one link) plus that subnet's routes, the more specific route
 * winning as in AWS. The IGW translates each instance's private address to its EIP and, like AWS,
 * drops traffic from VPC addresses that have no EIP. Servers answer a TCP connection on 443 with the
 * source address they see. Namespaces are named vlg<pid>-<lab>-<role>, so a crashed run never collides
 * with a later one; destroy() removes every namespace, process and temp file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Address4 } from 'ip-address';
import { parseCidr } from '../../generator/config/cidr';
import { type CommandResult, findNetnsToolchain, mustRun, NFT, type NetnsPrograms, runCommand, runCommandAsync } from './netns';

export type RouteTarget = { instance: string } | 'internet-gateway';

export interface LabSubnet {
  name: string;
  cidr: string;
  /** Routes besides the VPC's local route; one for a subnet's CIDR replaces its local route (middlebox routing). */
  routes: { destination: string; target: RouteTarget }[];
}

export interface LabSpec {
  vpcCidr: string;
  subnets: LabSubnet[];
  /** Plain hosts (a Lambda ENI, a server inside the VPC), one address each. */
  hosts: { name: string; subnet: string; server?: boolean }[];
  /** Machines that run user data; each gets an EIP, translated 1:1 at the IGW. */
  instances: { name: string; subnet: string }[];
}

const SERVER_PORT = 443;
/** The "internet" server; documentation ranges (RFC 5737) stand in for public addresses. */
export const INTERNET_SERVER = '198.51.100.10';
const INTERNET_GATEWAY = '198.51.100.1';
const FIRST_EIP = new Address4('203.0.113.10');
const TRANSIT = { router: '100.64.0.1', igw: '100.64.0.2', mask: 30 };
/**
 * How long a probe waits for an answer. A working path answers across these local links in
 * milliseconds, so a second of silence is a clear "no"; a probe that should get through may wait
 * longer, on a loaded machine, at no cost when it does.
 */
export const PATIENCE = { forSilence: 1, forAnswer: 10 } as const;
const STUBS = path.join(__dirname, 'nat-lab-stubs');
/** The kernel's values after a (re)boot, before the user data or sysctl files change them. */
const BOOT_SYSCTLS = { 'net.ipv4.ip_forward': '0', 'net.ipv4.conf.all.send_redirects': '1', 'net.ipv4.conf.default.send_redirects': '1' };

/** The address `offset` places after a subnet's network address (AWS: +1 router, +4 first host). */
function addressIn(cidr: string, offset: number): string {
  const range = parseCidr(cidr);
  if (!range) throw new Error(`not a CIDR: ${cidr}`);
  return Address4.fromBigInt(range.first + BigInt(offset)).correctForm();
}

function maskOf(cidr: string): number {
  return parseCidr(cidr)!.mask;
}

const liveLabs = new Set<VpcLab>();
/** Every server process any lab started, so a final check can prove none is still running. */
const startedServers = new Set<ChildProcess>();
let labCount = 0;
let swept = false;

/** How many labs this process has built (a final leftover check proves it ran after them). */
export function labsBuilt(): number {
  return labCount;
}

export class VpcLab {
  readonly prefix: string;
  readonly dir: string;
  private readonly instances = new Map<string, LabInstance>();
  private readonly programs: NetnsPrograms;
  private readonly namespaces: string[] = [];
  private readonly servers: ChildProcess[] = [];
  private readonly hostNamespaces = new Map<string, string>();
  private readonly hostAddresses = new Map<string, string>();
  private readonly subnetIndex = new Map<string, number>();
  private nextPort = 0;

  /** Builds the lab; on any failure removes what it built and rethrows. */
  static async create(spec: LabSpec): Promise<VpcLab> {
    const lab = new VpcLab();
    try {
      await lab.build(spec);
      return lab;
    } catch (error) {
      await lab.destroy();
      throw error;
    }
  }

  private constructor() {
    const { programs, reason } = findNetnsToolchain();
    if (!programs) throw new Error(`network namespaces are unavailable: ${reason}`);
    this.programs = programs;
    if (!swept) sweepStaleLabs(programs);
    swept = true;
    this.prefix = `vlg${process.pid}-${++labCount}`;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${this.prefix}-`));
    liveLabs.add(this);
  }

  // -------------------------------------------------------------------------
  // Building
  // -------------------------------------------------------------------------

  private async build(spec: LabSpec): Promise<void> {
    const ip = new IpBatch();
    const router = this.addNamespace(ip, 'r');
    const igw = this.addNamespace(ip, 'igw');
    const internet = this.addNamespace(ip, 'net');
    this.hostNamespaces.set('internet', internet);
    spec.subnets.forEach((subnet, i) => {
      this.subnetIndex.set(subnet.name, i);
      ip.in(router, 'link', 'add', 'name', `s${i}`, 'type', 'bridge');
      ip.in(router, 'addr', 'add', `${addressIn(subnet.cidr, 1)}/${maskOf(subnet.cidr)}`, 'dev', `s${i}`);
      ip.in(router, 'link', 'set', 'dev', `s${i}`, 'up');
    });
    const hostsPerSubnet = new Map<string, number>();
    const attach = (role: string, name: string, subnetName: string, ifname: string): string => {
      const i = this.subnetIndex.get(subnetName);
      if (i === undefined) throw new Error(`${name} is in subnet ${subnetName}, which the lab does not have`);
      const cidr = spec.subnets[i].cidr;
      const k = hostsPerSubnet.get(subnetName) ?? 0;
      hostsPerSubnet.set(subnetName, k + 1);
      const ns = this.addNamespace(ip, role);
      const address = addressIn(cidr, 4 + k);
      const port = `p${this.nextPort++}`;
      ip.link(ns, ifname, router, port);
      ip.in(router, 'link', 'set', 'dev', port, 'master', `s${i}`);
      ip.in(ns, 'addr', 'add', `${address}/${maskOf(cidr)}`, 'dev', ifname);
      ip.in(ns, 'route', 'add', 'default', 'via', addressIn(cidr, 1));
      this.hostNamespaces.set(name, ns);
      this.hostAddresses.set(name, address);
      return ns;
    };
    spec.hosts.forEach((host, i) => attach(`h${i}`, host.name, host.subnet, 'eth0'));
    spec.instances.forEach((instance, i) => {
      const ns = attach(`i${i}`, instance.name, instance.subnet, 'ens5');
      const eip = Address4.fromBigInt(FIRST_EIP.bigInt() + BigInt(i)).correctForm();
      this.instances.set(instance.name, new LabInstance(this.programs, ns, this.hostAddresses.get(instance.name)!, eip, path.join(this.dir, `i${i}`)));
    });
    this.planInternet(ip, spec, router, igw, internet);
    this.planRouteTables(ip, spec, router);
    ip.run(this.programs.ip);

    // The servers start (node takes a moment) while the kernel settings and the IGW's ruleset go in.
    const servers = [internet, ...spec.hosts.filter((h) => h.server).map((h) => this.hostNamespaces.get(h.name)!)].map((ns) => this.startServer(ns));
    setSysctls(this.programs, router, { 'net.ipv4.ip_forward': '1', 'net.ipv4.conf.all.rp_filter': '0', 'net.ipv4.conf.default.rp_filter': '0' });
    setSysctls(this.programs, igw, { 'net.ipv4.ip_forward': '1' });
    mustRun([this.programs.ip, 'netns', 'exec', igw, NFT, '-f', '-'], { input: this.igwRuleset() });
    for (const instance of this.instances.values()) instance.powerOn();
    await Promise.all(servers);
  }

  private planInternet(ip: IpBatch, spec: LabSpec, router: string, igw: string, internet: string): void {
    ip.link(igw, 'vpc', router, 'igw');
    ip.in(router, 'addr', 'add', `${TRANSIT.router}/${TRANSIT.mask}`, 'dev', 'igw');
    ip.in(igw, 'addr', 'add', `${TRANSIT.igw}/${TRANSIT.mask}`, 'dev', 'vpc');
    ip.in(igw, 'route', 'add', spec.vpcCidr, 'via', TRANSIT.router);
    ip.link(igw, 'inet', internet, 'eth0');
    ip.in(igw, 'addr', 'add', `${INTERNET_GATEWAY}/24`, 'dev', 'inet');
    ip.in(internet, 'addr', 'add', `${INTERNET_SERVER}/24`, 'dev', 'eth0');
    ip.in(internet, 'route', 'add', 'default', 'via', INTERNET_GATEWAY);
  }

  /** The IGW: each instance's private address ⇄ its EIP, 1:1; nothing else from the VPC gets out. */
  private igwRuleset(): string {
    const pairs = [...this.instances.values()].map((i) => ({ address: i.address, eip: i.eip }));
    const privateAddresses = pairs.map((p) => p.address).join(', ') || '0.0.0.0';
    return [
      'table ip vlg_igw {',
      '  chain prerouting {',
      '    type nat hook prerouting priority dstnat; policy accept;',
      ...pairs.map((p) => `    iifname "inet" ip daddr ${p.eip} dnat to ${p.address}`),
      '  }',
      '  chain postrouting {',
      '    type nat hook postrouting priority srcnat; policy accept;',
      ...pairs.map((p) => `    oifname "inet" ip saddr ${p.address} snat to ${p.eip}`),
      '  }',
      '  chain forward {',
      '    type filter hook forward priority filter; policy accept;',
      // AWS drops what leaves the VPC from an address with no public IP.
      `    iifname "vpc" ip saddr != { ${privateAddresses} } drop`,
      '  }',
      '}',
      '',
    ].join('\n');
  }

  private planRouteTables(ip: IpBatch, spec: LabSpec, router: string): void {
    const targetAddress = (target: RouteTarget): string => {
      if (target === 'internet-gateway') return TRANSIT.igw;
      const instance = this.instances.get(target.instance);
      if (!instance) throw new Error(`a route targets instance ${target.instance}, which the lab does not have`);
      return instance.address;
    };
    const localRoutes = (table: string) => spec.subnets.forEach((subnet, j) => ip.in(router, 'route', 'add', subnet.cidr, 'dev', `s${j}`, 'table', table));
    // Traffic in from the IGW sees the local route only.
    localRoutes('99');
    ip.in(router, 'rule', 'add', 'iif', 'igw', 'lookup', '99', 'pref', '99');
    spec.subnets.forEach((subnet, i) => {
      const table = String(100 + i);
      localRoutes(table);
      for (const route of subnet.routes) ip.in(router, 'route', 'replace', route.destination, 'via', targetAddress(route.target), 'table', table);
      ip.in(router, 'rule', 'add', 'iif', `s${i}`, 'lookup', table, 'pref', table);
    });
    // Without this, a packet no subnet table routes would fall through to the main table.
    ip.in(router, 'rule', 'add', 'pref', '1000', 'unreachable');
  }

  private addNamespace(ip: IpBatch, role: string): string {
    const ns = `${this.prefix}-${role}`;
    this.namespaces.push(ns);
    ip.onMachine('netns', 'add', ns);
    ip.in(ns, 'link', 'set', 'dev', 'lo', 'up');
    return ns;
  }

  private async startServer(ns: string): Promise<void> {
    // Answers each connection with the address it came from; exits when the test process (stdin) goes away.
    const script = `const net = require('net');
      net.createServer((c) => c.end(c.remoteAddress.replace(/^::ffff:/, '') + '\\n')).listen(${SERVER_PORT}, '0.0.0.0', () => console.log('listening'));
      process.stdin.on('end', () => process.exit(0)).resume();`;
    const server = spawn(this.programs.ip, ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.servers.push(server);
    startedServers.add(server);
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the server in ${ns} did not start: ${output}`)), 15_000);
      const settle = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      server.stdout!.on('data', (d) => {
        output += d;
        if (output.includes('listening')) settle();
      });
      server.stderr!.on('data', (d) => (output += d));
      server.on('exit', (code) => settle(new Error(`the server in ${ns} exited ${code}: ${output}`)));
    });
  }

  // -------------------------------------------------------------------------
  // Using
  // -------------------------------------------------------------------------

  private namespaceOf(host: string): string {
    const ns = this.hostNamespaces.get(host);
    if (!ns) throw new Error(`the lab has no host ${host}`);
    return ns;
  }

  addressOf(host: string): string {
    const address = this.hostAddresses.get(host);
    if (!address) throw new Error(`the lab has no host ${host}`);
    return address;
  }

  instance(name: string): LabInstance {
    const instance = this.instances.get(name);
    if (!instance) throw new Error(`the lab has no instance ${name}`);
    return instance;
  }

  /**
   * Connects from a host to a server on port 443: the source address the server saw, or null when no
   * answer came within `patienceSeconds`.
   */
  async probe(fromHost: string, toAddress: string, patienceSeconds: number): Promise<string | null> {
    const connect = `exec 3<>"/dev/tcp/$0/${SERVER_PORT}" && read -r seen <&3 && echo "$seen"`;
    const r = await runCommandAsync(
      [this.programs.ip, 'netns', 'exec', this.namespaceOf(fromHost), this.programs.timeout, String(patienceSeconds), this.programs.bash, '-c', connect, toAddress],
      { timeoutMs: (patienceSeconds + 10) * 1000 },
    );
    return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  }

  // -------------------------------------------------------------------------
  // Cleaning up
  // -------------------------------------------------------------------------

  /** Stops the servers, deletes every namespace (and with it every link) and the temp dir. Safe to call twice. */
  async destroy(): Promise<void> {
    await Promise.all(this.servers.splice(0).map(stopProcess));
    for (const ns of this.namespaces.splice(0).reverse()) runCommand([this.programs.ip, 'netns', 'delete', ns]);
    fs.rmSync(this.dir, { recursive: true, force: true });
    liveLabs.delete(this);
  }
}

/**
 * One instance: its namespace, private address and EIP, and a directory holding what survives its
 * reboots (the upper layer of its /etc overlay, the programs dnf installed) and what does not
 * (systemd's memory, in state/).
 */
export class LabInstance {
  private readonly upper: string;
  private readonly work: string;
  private readonly state: string;
  private readonly bin: string;

  constructor(
    private readonly programs: NetnsPrograms,
    readonly namespace: string,
    readonly address: string,
    readonly eip: string,
    private readonly dir: string,
  ) {
    [this.upper, this.work, this.state, this.bin] = ['upper', 'work', 'state', 'bin'].map((d) => path.join(dir, d));
    // Amazon Linux has these directories; a test machine without systemd may not.
    for (const d of [this.work, this.state, this.bin, path.join(this.upper, 'sysctl.d'), path.join(this.upper, 'systemd', 'system')]) fs.mkdirSync(d, { recursive: true });
  }

  /** The kernel state of a machine that just booted: no ruleset, no forwarding. */
  powerOn(): void {
    setSysctls(this.programs, this.namespace, BOOT_SYSCTLS, `${NFT} flush ruleset`);
  }

  /**
   * Runs a command on the instance: in its network namespace and in a mount namespace whose /etc is an
   * overlay of the test machine's, with dnf, systemctl and sysctl replaced by the stand-ins. PATH has no
   * sbin directory, so nft is missing until dnf installs it, as on a fresh instance.
   */
  run(argv: string[]): Promise<CommandResult> {
    const mountEtc = `${this.programs.mount} -t overlay vlg-etc -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc && shift 2 && exec "$@"`;
    return runCommandAsync(
      [this.programs.ip, 'netns', 'exec', this.namespace, this.programs.unshare, '--mount', '--propagation', 'private', '--', this.programs.bash, '-c', mountEtc, 'vlg-instance', this.upper, this.work, ...argv],
      {
        env: { PATH: `${STUBS}:${this.bin}:/usr/local/bin:/usr/bin:/bin`, HOME: '/root', LANG: 'C.UTF-8', VLG_LAB_UPPER: this.upper, VLG_LAB_STATE: this.state, VLG_LAB_BIN: this.bin },
        timeoutMs: 120_000,
      },
    );
  }

  /** Runs a user data script the way cloud-init does at first boot: as an executable file, as root. */
  runUserData(script: string): Promise<CommandResult> {
    const file = path.join(this.dir, 'user-data');
    fs.writeFileSync(file, script, { mode: 0o755 });
    return this.run([file]);
  }

  /** Loses the kernel state (ruleset, sysctls) and systemd's memory, then boots from what /etc holds. */
  reboot(): Promise<CommandResult> {
    this.powerOn();
    return this.run(['vlg-lab-boot']);
  }

  /** The instance's nftables ruleset, from `nft -j` (objects such as { table }, { chain }, { rule }). */
  ruleset(): Record<string, any>[] {
    const json = mustRun([this.programs.ip, 'netns', 'exec', this.namespace, NFT, '-j', 'list', 'ruleset']);
    return (JSON.parse(json).nftables as Record<string, any>[]).filter((o) => !('metainfo' in o));
  }

  /** A kernel setting inside the instance, e.g. net.ipv4.ip_forward. */
  sysctl(key: string): string {
    return mustRun([this.programs.ip, 'netns', 'exec', this.namespace, this.programs.bash, '-c', `cat /proc/sys/${key.replace(/\./g, '/')}`]).trim();
  }

  /** The stand-ins' log of what was called (dnf, systemctl), in order. */
  calls(): string[] {
    const file = path.join(this.state, 'calls');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
  }
}

/**
 * ip commands gathered while the lab is planned, then run as one `ip -batch` on the machine (namespaces,
 * veth pairs) and one per namespace: a few processes instead of a hundred.
 */
class IpBatch {
  private readonly machine: string[] = [];
  private readonly namespaces = new Map<string, string[]>();

  onMachine(...args: string[]): void {
    this.machine.push(args.join(' '));
  }

  in(ns: string, ...args: string[]): void {
    if (!this.namespaces.has(ns)) this.namespaces.set(ns, []);
    this.namespaces.get(ns)!.push(args.join(' '));
  }

  /** A veth pair straight from one namespace to another (no name ever exists on the test machine). */
  link(ns: string, ifname: string, peerNs: string, peerIfname: string): void {
    this.onMachine('link', 'add', 'name', ifname, 'netns', ns, 'type', 'veth', 'peer', 'name', peerIfname, 'netns', peerNs);
    this.in(ns, 'link', 'set', 'dev', ifname, 'up');
    this.in(peerNs, 'link', 'set', 'dev', peerIfname, 'up');
  }

  run(ipProgram: string): void {
    mustRun([ipProgram, '-batch', '-'], { input: this.machine.join('\n') + '\n' });
    for (const [ns, lines] of this.namespaces) mustRun([ipProgram, '-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
  }
}

/** Writes kernel settings in a namespace (after `first`, a shell command, if given). */
function setSysctls(programs: NetnsPrograms, ns: string, values: Record<string, string>, first = 'true'): void {
  const writes = Object.entries(values).map(([key, value]) => `echo ${value} > /proc/sys/${key.replace(/\./g, '/')}`);
  mustRun([programs.ip, 'netns', 'exec', ns, programs.bash, '-c', `set -e; ${first}; ${writes.join('; ')}`]);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * Everything the labs of this process left on the machine: namespaces (with their /run/netns mounts),
 * temp dirs, server processes. Instances' /etc overlays live in mount namespaces that end with their
 * command, so the machine's mount table must not show them either.
 */
export function processLeftovers(): string[] {
  const { programs } = findNetnsToolchain();
  if (!programs) return [];
  const mine = (name: string) => name.startsWith(`vlg${process.pid}-`);
  const namespaces = mustRun([programs.ip, 'netns', 'list']).split('\n').map((line) => line.split(' ')[0]).filter(mine);
  const mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((line) => line.includes(`vlg${process.pid}-`) || line.includes('vlg-etc'));
  const dirs = fs.readdirSync(os.tmpdir()).filter(mine);
  const servers = [...startedServers].filter((s) => s.exitCode === null && s.signalCode === null);
  return [
    ...namespaces.map((n) => `namespace ${n}`),
    ...mounts.map((m) => `mount ${m}`),
    ...dirs.map((d) => `dir ${path.join(os.tmpdir(), d)}`),
    ...servers.map((s) => `server process ${s.pid}`),
  ];
}

/** Destroys the labs still alive (afterAll's safety net when a test died before its own cleanup). */
export async function destroyAllLabs(): Promise<void> {
  await Promise.all([...liveLabs].map((lab) => lab.destroy()));
}

/** Builds a lab, hands it to `use`, and destroys it whatever happens. */
export async function withVpcLab<T>(spec: LabSpec, use: (lab: VpcLab) => Promise<T>): Promise<T> {
  const lab = await VpcLab.create(spec);
  try {
    return await use(lab);
  } finally {
    await lab.destroy();
  }
}

/** Removes namespaces and temp dirs of labs whose process is gone (a run that was killed). */
function sweepStaleLabs(programs: NetnsPrograms): void {
  const deadLab = (name: string) => {
    const pid = /^vlg(\d+)-\d+(-|$)/.exec(name)?.[1];
    return pid !== undefined && !fs.existsSync(`/proc/${pid}`);
  };
  for (const line of mustRun([programs.ip, 'netns', 'list']).split('\n')) {
    const ns = line.split(' ')[0];
    if (ns && deadLab(ns)) runCommand([programs.ip, 'netns', 'delete', ns]);
  }
  for (const d of fs.readdirSync(os.tmpdir())) if (deadLab(d)) fs.rmSync(path.join(os.tmpdir(), d), { recursive: true, force: true });
}
