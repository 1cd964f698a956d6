/**
 * What tests that build network namespaces need from the machine, and the jest glue to skip loudly
 * without it: root, `ip netns`, `unshare`, overlayfs, and nft at /usr/sbin/nft (the path the NAT
 * instance's unit runs) with nf_tables working inside a namespace.
 *
 * Env knobs:
 *   VLG_NETNS_REPORT    file to which one line per stack is appended (ran ... / skipped: why)
 *   VLG_REQUIRE_NETNS   if set, netnsTest() throws instead of skipping
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const NFT = '/usr/sbin/nft';

/** Absolute paths of the programs the lab runs (an instance's PATH deliberately lacks the sbin directories). */
export interface NetnsPrograms {
  ip: string;
  unshare: string;
  mount: string;
  timeout: string;
  bash: string;
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (SIGKILL) after this long; default 30 s. */
  timeoutMs?: number;
}

/** Runs a command to completion; never throws (a missing program is status null with the error in stderr). */
export function runCommand(argv: string[], options: CommandOptions = {}): CommandResult {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', input: options.input, env: options.env, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error.message) : '') };
}

/** Runs a command and returns its stdout; throws with the command and its stderr when it fails. */
export function mustRun(argv: string[], options: { input?: string } = {}): string {
  const r = runCommand(argv, options);
  if (r.status !== 0) throw new Error(`\`${argv.join(' ')}\` exited ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** runCommand without blocking, so several namespaces can work or wait at the same time. */
export function runCommandAsync(argv: string[], options: Omit<CommandOptions, 'input'> = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: options.env, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => (stderr += e.message));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// ---------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------

let cached: { programs?: NetnsPrograms; reason?: string } | undefined;

/** The programs namespace tests run, or why they cannot run here. */
export function findNetnsToolchain(): { programs?: NetnsPrograms; reason?: string } {
  if (!cached) cached = discover();
  return cached;
}

function findProgram(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  return dirs.filter(Boolean).map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file));
}

function discover(): { programs?: NetnsPrograms; reason?: string } {
  if (process.platform !== 'linux') return { reason: `network namespaces need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { reason: 'network namespaces need root (run the tests as root)' };
  const found: Partial<NetnsPrograms> = {};
  for (const [name, version, from] of [
    ['ip', ['netns', 'list'], 'iproute2'],
    ['unshare', ['--version'], 'util-linux'],
    ['mount', ['--version'], 'util-linux'],
    ['timeout', ['--version'], 'coreutils'],
    ['bash', ['--version'], 'bash'],
  ] as const) {
    const file = findProgram(name);
    const r = file ? runCommand([file, ...version]) : undefined;
    if (!file || r?.status !== 0) return { reason: `\`${name} ${version.join(' ')}\` (${from}) is not usable: ${r ? firstLine(r) : 'not found'}` };
    found[name] = file;
  }
  const nft = runCommand([NFT, '--version']);
  if (nft.status !== 0) return { reason: `${NFT}, the path the NAT unit runs, is not usable (apt-get install nftables): ${firstLine(nft)}` };
  if (!/\toverlay$/m.test(fs.readFileSync('/proc/filesystems', 'utf8'))) return { reason: 'the kernel has no overlay filesystem (modprobe overlay)' };
  // A throwaway namespace proves that nf_tables works inside one (the kernel module may be missing).
  const probe = runCommand([found.unshare!, '--net', NFT, 'add', 'table', 'ip', 'vlg_probe']);
  if (probe.status !== 0) return { reason: `nftables does not work in a network namespace: ${firstLine(probe)}` };
  return { programs: found as NetnsPrograms };
}

function firstLine(r: CommandResult): string {
  return (r.stderr.trim() || r.stdout.trim()).split('\n')[0] || `exit ${r.status}`;
}

// ---------------------------------------------------------------------------
// jest integration
// ---------------------------------------------------------------------------

/** Appends a line to the CI report (.ci/run prints it). */
export function reportNetns(line: string): void {
  const file = process.env.VLG_NETNS_REPORT;
  if (file) fs.appendFileSync(file, line + '\n');
}

// Module-level, so "once" means once per jest test file.
let warned = false;

/** For jest: returns `test` or `test.skip` and logs loudly (once) why namespace tests are skipped. */
export function netnsTest(): jest.It {
  const { reason } = findNetnsToolchain();
  if (!reason) return test;
  const msg = `network-namespace NAT lab SKIPPED: ${reason}`;
  if (process.env.VLG_REQUIRE_NETNS) {
    reportNetns(`failed (VLG_REQUIRE_NETNS is set): ${reason}`);
    throw new Error(`${msg} (VLG_REQUIRE_NETNS is set)`);
  }
  if (!warned) {
    warned = true;
    reportNetns(`skipped: ${reason}`);
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! ${msg}\n!! The NAT instance's user data was NOT run. Set VLG_REQUIRE_NETNS=1 to make this a failure.\n${bar}\n`);
  }
  return test.skip;
}
