/**
 * Hostile inputs and faults, through the CLI as a user meets them (a subprocess, no terminal). Every
 * refusal case checks the exit status, that the message names the field or path, that no stack
 * trace is printed, and that a checksum listing of the project AND its parent folder is unchanged.
 * Then what is not a refusal: --force keeping the user's work, signals mid-write, two concurrent
 * synths into one folder, and the sweep of a killed run's leftovers.
 *
 * Read-only and full-disk cases mount a small tmpfs: they need root (skipped loudly elsewhere;
 * VLG_REQUIRE_MOUNTS=1 turns the skip into a failure). VLG_HOSTILE_REPORT=<file> writes the table
 * of cases and outcomes as Markdown.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, listFiles, runCli, runCliAsync, tempDir, type CliResult } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';

// --- fixtures -------------------------------------------------------------------------------------

/** A project made by `new` once; every case works on its own copy. */
const TEMPLATE = (() => {
  const dir = tempDir('vlg-hostile-template-');
  const r = runCli(['new', 'project', '--yes', '--no-install', '--no-local'], dir);
  if (r.status !== 0) throw new Error(`fixture: new failed: ${r.stderr}`);
  return path.join(dir, 'project');
})();

interface Fixture {
  /** The folder holding the project (and whatever a case adds beside it). */
  parent: string;
  /** A copy of a generated project: parent/project. */
  project: string;
  /** A folder for a tmpfs mount: parent/mnt. */
  mnt: string;
}

function fixture(): Fixture {
  const parent = tempDir('vlg-hostile-');
  const project = path.join(parent, 'project');
  fs.cpSync(TEMPLATE, project, { recursive: true, verbatimSymlinks: true });
  fs.writeFileSync(path.join(parent, 'victim.txt'), 'precious');
  return { parent, project, mnt: path.join(parent, 'mnt') };
}

const CONFIG = 'vpc-lambda-gen.json';
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file: string, value: unknown) => fs.writeFileSync(file, JSON.stringify(value, null, 2));
/** Changes the project's config. */
function patchConfig(f: Fixture, patch: (c: any) => void): void {
  const file = path.join(f.project, CONFIG);
  const c = readJson(file);
  patch(c);
  writeJson(file, c);
}
/** A config file beside the project, for `new --config`. */
function configBeside(f: Fixture, patch: (c: any) => void, name = 'other.json'): string {
  const c = readJson(path.join(f.project, CONFIG));
  patch(c);
  writeJson(path.join(f.parent, name), c);
  return name;
}
const mkfifo = (p: string) => expect(spawnSync('mkfifo', [p]).status).toBe(0);
const write = (p: string, text = 'x') => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};

const WEBHOOK = 'https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const NEW = ['--yes', '--no-install', '--no-local'];

// --- tmpfs mounts (root only) ---------------------------------------------------------------------

const mounted: string[] = [];
const mountsAvailable = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'not root on Linux';
  const probe = tempDir('vlg-mount-probe-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
  if (r.status !== 0) return `mount failed: ${String(r.stderr).trim()}`;
  spawnSync('umount', [probe]);
  return true;
})();
if (mountsAvailable !== true) {
  const msg = `read-only and full-disk cases SKIPPED: ${mountsAvailable}`;
  if (process.env.VLG_REQUIRE_MOUNTS) throw new Error(`${msg} (VLG_REQUIRE_MOUNTS is set)`);
  console.warn(`\n${'!'.repeat(78)}\n!! ${msg}\n${'!'.repeat(78)}\n`);
}
/** Mounts a small tmpfs at f.mnt: read-only, or 16 KB (full almost at once). */
function mountTmpfs(f: Fixture, kind: 'read-only' | 'full'): void {
  fs.mkdirSync(f.mnt);
  const size = kind === 'full' ? 'size=16k' : 'size=1m';
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', size, 'tmpfs', f.mnt]).status).toBe(0);
  mounted.push(f.mnt);
  if (kind === 'read-only') expect(spawnSync('mount', ['-o', 'remount,ro', f.mnt]).status).toBe(0);
}
afterAll(() => {
  for (const m of mounted) spawnSync('umount', [m]);
});

// --- the checksum listing -------------------------------------------------------------------------

/** Every entry below dir: type, and the content hash of files or the target of links. Opens no FIFO. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, r);
      const s = fs.lstatSync(full);
      if (s.isSymbolicLink()) out.push(`${r} -> ${fs.readlinkSync(full)}`);
      else if (s.isDirectory()) {
        out.push(`${r}/`);
        pending.push(r);
      } else if (s.isFile()) out.push(`${r} ${s.size} ${hashFile(full)}`);
      else out.push(`${r} (special)`);
    }
  }
  return out.sort();
}

/** SHA-256 of a file read in chunks (a case makes a 2 GB one). */
function hashFile(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1024 * 1024);
    for (let n; (n = fs.readSync(fd, buffer)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

// --- the cases ------------------------------------------------------------------------------------

interface HostileCase {
  command: 'new' | 'synth' | 'export' | 'check';
  name: string;
  /** Prepares the fixture; returns the arguments and the working folder (default: the parent). */
  setup: (f: Fixture) => { args: string[]; cwd?: string };
  status: number;
  /** The field or path the message must name. */
  names: RegExp;
  mount?: 'read-only' | 'full';
}

const cases: HostileCase[] = [
  // new
  { command: 'new', name: 'DIR under a regular file', setup: (f) => (write(path.join(f.parent, 'afile')), { args: ['new', 'afile/app', ...NEW] }), status: 2, names: /afile/ },
  { command: 'new', name: 'DIR is a regular file', setup: (f) => (write(path.join(f.parent, 'app.txt')), { args: ['new', 'app.txt', ...NEW] }), status: 2, names: /DIR .*app\.txt.*not a directory/ },
  { command: 'new', name: 'non-empty DIR without --force', setup: () => ({ args: ['new', 'project', ...NEW] }), status: 2, names: /DIR .*project.*not empty/ },
  { command: 'new', name: '--force in a folder that is no project', setup: (f) => (write(path.join(f.parent, 'docs/notes.md')), { args: ['new', 'docs', '--force', ...NEW] }), status: 2, names: /DIR .*docs.*manifest\.json/ },
  { command: 'new', name: '--force, config is broken JSON', setup: (f) => (fs.writeFileSync(path.join(f.project, CONFIG), '{ broken'), { args: ['new', 'project', '--force', ...NEW] }), status: 2, names: /project\/vpc-lambda-gen\.json.*not valid JSON/s },
  { command: 'new', name: '--force, config is a FIFO', setup: (f) => (fs.rmSync(path.join(f.project, CONFIG)), mkfifo(path.join(f.project, CONFIG)), { args: ['new', 'project', '--force', ...NEW] }), status: 2, names: /vpc-lambda-gen\.json.*FIFO/s },
  {
    command: 'new',
    name: '--force, manifest edited to list ../victim.txt',
    setup: (f) => {
      const file = path.join(f.project, '.vpc-lambda-gen/manifest.json');
      const m = readJson(file);
      m.files['../victim.txt'] = createHash('sha256').update('precious').digest('hex');
      writeJson(file, m);
      return { args: ['new', 'project', '--force', ...NEW] };
    },
    status: 2,
    names: /manifest\.json.*\.\.\/victim\.txt/s,
  },
  { command: 'new', name: '--force, manifest not ours', setup: (f) => (fs.writeFileSync(path.join(f.project, '.vpc-lambda-gen/manifest.json'), '{}'), { args: ['new', 'project', '--force', ...NEW] }), status: 2, names: /manifest\.json.*not a vpc-lambda-gen manifest/s },
  {
    command: 'new',
    name: '--force, cdktf.out is the user\'s folder (no mark)',
    setup: (f) => (fs.rmSync(path.join(f.project, 'cdktf.out/.vpc-lambda-gen'), { recursive: true }), write(path.join(f.project, 'cdktf.out/mine.txt')), { args: ['new', 'project', '--force', ...NEW] }),
    status: 2,
    names: /DIR\/cdktf\.out .*holds no earlier synth output/,
  },
  {
    command: 'new',
    name: '--force, function folder links outside the project',
    setup: (f) => {
      fs.renameSync(path.join(f.project, 'functions/api'), path.join(f.parent, 'outside-code'));
      fs.symlinkSync('../../outside-code', path.join(f.project, 'functions/api'));
      return { args: ['new', 'project', '--force', ...NEW] };
    },
    status: 2,
    names: /functions\[0\]\.source .*leads outside the project/,
  },
  { command: 'new', name: '--config is a FIFO', setup: (f) => (mkfifo(path.join(f.parent, 'fifo.json')), { args: ['new', 'app', '--config', 'fifo.json', ...NEW] }), status: 2, names: /fifo\.json.*FIFO/s },
  { command: 'new', name: '--config does not exist', setup: () => ({ args: ['new', 'app', '--config', 'missing.json', ...NEW] }), status: 2, names: /missing\.json/ },
  { command: 'new', name: '--config is a folder', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'dir.json')), { args: ['new', 'app', '--config', 'dir.json', ...NEW] }), status: 2, names: /dir\.json.*folder/s },
  { command: 'new', name: '--config nests 1,000 levels', setup: (f) => (write(path.join(f.parent, 'deep.json'), `{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`), { args: ['new', 'app', '--config', 'deep.json', ...NEW] }), status: 2, names: /deep\.json.*200 levels/s },
  {
    command: 'new',
    name: '--config with source "../x" (would overwrite ../x/index.js)',
    setup: (f) => (write(path.join(f.parent, 'x/index.js'), 'user code'), { args: ['new', 'project/sub', '--config', configBeside(f, (c) => (c.functions[0].source = '../x')), ...NEW] }),
    status: 2,
    names: /functions\[0\]\.source \(got "\.\.\/x"\): leads outside the project/,
  },
  { command: 'new', name: '--config with an absolute source', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.functions[0].source = '/etc')), ...NEW] }), status: 2, names: /functions\[0\]\.source .*absolute/ },
  { command: 'new', name: '--config with source "."', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.functions[0].source = '.')), ...NEW] }), status: 2, names: /functions\[0\]\.source .*project folder itself/ },
  { command: 'new', name: '--config, Slack webhook in the environment', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.functions[0].environment = { HOOK: WEBHOOK })), ...NEW] }), status: 2, names: /functions\[0\]\.environment\.HOOK \(got "<redacted secret>"\): a Slack webhook URL is a secret.*SSM SecureString/ },
  { command: 'new', name: '--config, AWS access key id as a tag', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.tags = { owner: 'AKIAIOSFODNN7EXAMPLE' })), ...NEW] }), status: 2, names: /tags\.owner .*AWS access key id/ },
  { command: 'new', name: '--config, private key in the environment', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.functions[0].environment = { KEY: '-----BEGIN PRIVATE KEY-----\nMII' })), ...NEW] }), status: 2, names: /environment\.KEY .*private key/ },
  { command: 'new', name: '--config, reserved key AWS_REGION', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.functions[0].environment = { AWS_REGION: 'x' })), ...NEW] }), status: 2, names: /environment\.AWS_REGION .*Lambda reserves/ },
  { command: 'new', name: '--config, environment over 4 KB', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.functions[0].environment = { BIG: 'x'.repeat(5000) })), ...NEW] }), status: 2, names: /functions\[0\]\.environment .*Lambda allows 4 KB/ },
  { command: 'new', name: '--config, 47 tags (51 per resource with ours)', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.tags = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`k${i}`, 'v'])))), ...NEW] }), status: 2, names: /tags .*AWS allows 50/ },
  { command: 'new', name: '--config, tag key aws:owner', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.tags = { 'aws:owner': 'x' })), ...NEW] }), status: 2, names: /tags\.aws:owner .*reserves/ },
  { command: 'new', name: '--backend-bucket against S3 naming', setup: () => ({ args: ['new', 'app', '--backend-bucket', 'Team_State', ...NEW] }), status: 2, names: /backend\.bucket .*lowercase/ },
  { command: 'new', name: '--config, local state outside the project', setup: (f) => ({ args: ['new', 'app', '--config', configBeside(f, (c) => (c.backend = { type: 'local', path: '../../../../state.tfstate' })), ...NEW] }), status: 2, names: /backend\.path .*outside/ },
  { command: 'new', name: 'function "ssm-host" beside the SSM host', setup: () => ({ args: ['new', 'app', '--functions', 'api,ssm-host', '--ssm-host', ...NEW] }), status: 2, names: /functions\[1\]\.name \(got "ssm-host"\).*aws_iam_role/ },
  { command: 'new', name: 'function named like the NAT instance\'s role', setup: () => ({ args: ['new', 'app', '--pattern', 'nat-instance', '--functions', 'nat-instance', ...NEW] }), status: 2, names: /functions\[0\]\.name \(got "nat-instance"\)/ },
  { command: 'new', name: 'into a read-only mount', mount: 'read-only', setup: () => ({ args: ['new', 'mnt/app', ...NEW] }), status: 1, names: /mnt.*read-only/ },
  { command: 'new', name: 'onto a full disk', mount: 'full', setup: () => ({ args: ['new', 'mnt/app', ...NEW] }), status: 1, names: /mnt.*no space left/ },

  // synth
  { command: 'synth', name: '--out . (the project)', setup: (f) => ({ args: ['synth', '--out', '.'], cwd: f.project }), status: 2, names: /--out .*is the project folder/ },
  { command: 'synth', name: '--out a regular file', setup: (f) => (write(path.join(f.project, 'report.txt')), { args: ['synth', '--out', 'report.txt'], cwd: f.project }), status: 2, names: /--out \(got "report\.txt"\): is a file/ },
  { command: 'synth', name: '--out .. (holds the project)', setup: (f) => ({ args: ['synth', '--out', '..'], cwd: f.project }), status: 2, names: /--out .*holds it/ },
  { command: 'synth', name: '--out a non-empty folder of the user\'s', setup: (f) => (write(path.join(f.parent, 'docs/notes.md')), { args: ['synth', '--out', '../docs'], cwd: f.project }), status: 2, names: /--out .*docs.*not empty/ },
  { command: 'synth', name: '--out an export folder', setup: (f) => (write(path.join(f.parent, 'handoff/.vpc-lambda-gen/manifest.json'), JSON.stringify({ generator: 'vpc-lambda-gen', kind: 'export', files: {} })), { args: ['synth', '--out', '../handoff'], cwd: f.project }), status: 2, names: /--out .*export output, not an earlier synth output/ },
  { command: 'synth', name: '--out under a regular file', setup: (f) => (write(path.join(f.parent, 'afile')), { args: ['synth', '--out', '../afile/out'], cwd: f.project }), status: 2, names: /afile/ },
  { command: 'synth', name: 'source "../../../../etc"', setup: (f) => (patchConfig(f, (c) => (c.functions[0].source = '../../../../etc')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\[0\]\.source .*outside/ },
  { command: 'synth', name: 'source folder links to /etc', setup: (f) => (fs.rmSync(path.join(f.project, 'functions/api'), { recursive: true }), fs.symlinkSync('/etc', path.join(f.project, 'functions/api')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\[0\]\.source .*leads outside the project \(to \/etc\)/ },
  { command: 'synth', name: 'a file in the source links to /etc/hostname', setup: (f) => (fs.symlinkSync('/etc/hostname', path.join(f.project, 'functions/api/host')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\/api\/host is a symbolic link to \/etc\/hostname/ },
  { command: 'synth', name: 'a broken link in the source', setup: (f) => (fs.symlinkSync('nowhere', path.join(f.project, 'functions/api/gone.js')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\/api\/gone\.js is a symbolic link to nothing/ },
  { command: 'synth', name: 'a link loop in the source', setup: (f) => (fs.symlinkSync('loop', path.join(f.project, 'functions/api/loop')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\/api\/loop is a symbolic link in a loop/ },
  { command: 'synth', name: 'a link to the source\'s own folder (cycle)', setup: (f) => (fs.symlinkSync('.', path.join(f.project, 'functions/api/again')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\/api\/again links back/ },
  { command: 'synth', name: 'a FIFO in the source', setup: (f) => (mkfifo(path.join(f.project, 'functions/api/pipe')), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\/api\/pipe is a FIFO/ },
  { command: 'synth', name: 'config is a FIFO', setup: (f) => (fs.rmSync(path.join(f.project, CONFIG)), mkfifo(path.join(f.project, CONFIG)), { args: ['synth'], cwd: f.project }), status: 2, names: /vpc-lambda-gen\.json.*FIFO/s },
  { command: 'synth', name: 'config is a folder', setup: (f) => (fs.rmSync(path.join(f.project, CONFIG)), fs.mkdirSync(path.join(f.project, CONFIG)), { args: ['synth'], cwd: f.project }), status: 2, names: /vpc-lambda-gen\.json.*folder/s },
  { command: 'synth', name: 'config is broken JSON', setup: (f) => (fs.writeFileSync(path.join(f.project, CONFIG), '{"name": '), { args: ['synth'], cwd: f.project }), status: 2, names: /vpc-lambda-gen\.json.*not valid JSON/s },
  { command: 'synth', name: 'config nests 1,000 levels', setup: (f) => (patchConfig(f, (c) => (c.tags = JSON.parse(`${'['.repeat(1000)}${']'.repeat(1000)}`))), { args: ['synth'], cwd: f.project }), status: 2, names: /vpc-lambda-gen\.json.*200 levels/s },
  { command: 'synth', name: 'config is a link loop', setup: (f) => (fs.rmSync(path.join(f.project, CONFIG)), fs.symlinkSync(CONFIG, path.join(f.project, CONFIG)), { args: ['synth'], cwd: f.project }), status: 2, names: /vpc-lambda-gen\.json: goes round a loop of symbolic links/ },
  { command: 'synth', name: 'Slack webhook in the environment', setup: (f) => (patchConfig(f, (c) => (c.functions[0].environment = { SLACK_URL: WEBHOOK })), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\[0\]\.environment\.SLACK_URL \(got "<redacted secret>"\)/ },
  { command: 'synth', name: 'Discord webhook as a tag value', setup: (f) => (patchConfig(f, (c) => (c.tags = { hook: 'https://discord.com/api/webhooks/1/abc' })), { args: ['synth'], cwd: f.project }), status: 2, names: /tags\.hook .*Discord webhook/ },
  { command: 'synth', name: 'URL with a password in the environment', setup: (f) => (patchConfig(f, (c) => (c.functions[0].environment = { DB_URL: 'postgres://admin:hunter2@db:5432/app' })), { args: ['synth'], cwd: f.project }), status: 2, names: /environment\.DB_URL .*URL with a password/ },
  { command: 'synth', name: 'GitHub token in the environment', setup: (f) => (patchConfig(f, (c) => (c.functions[0].environment = { GH: `ghp_${'a1'.repeat(18)}` })), { args: ['synth'], cwd: f.project }), status: 2, names: /environment\.GH .*GitHub token/ },
  { command: 'synth', name: 'reserved key _HANDLER', setup: (f) => (patchConfig(f, (c) => (c.functions[0].environment = { _HANDLER: 'x' })), { args: ['synth'], cwd: f.project }), status: 2, names: /environment\._HANDLER .*Lambda reserves/ },
  { command: 'synth', name: 'key Lambda does not accept (1BAD)', setup: (f) => (patchConfig(f, (c) => (c.functions[0].environment = { '1BAD': 'x' })), { args: ['synth'], cwd: f.project }), status: 2, names: /environment\.1BAD .*not one Lambda accepts/ },
  { command: 'synth', name: 'source over 250 MB unzipped (sparse file)', setup: (f) => (fs.writeFileSync(path.join(f.project, 'functions/api/big.bin'), ''), fs.truncateSync(path.join(f.project, 'functions/api/big.bin'), 251 * 1024 * 1024), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\[0\]\.source .*250 MB unzipped/ },
  { command: 'synth', name: 'archive over 50 MB zipped', setup: (f) => (fs.writeFileSync(path.join(f.project, 'functions/api/noise.bin'), randomBytes(51 * 1024 * 1024)), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\[0\]\.source .*zips to 51 MB; Lambda takes at most 50 MB/ },
  { command: 'synth', name: 'function "ssm-host" with ssmHost', setup: (f) => (patchConfig(f, (c) => ((c.ssmHost = true), (c.functions[0].name = 'ssm-host'), (c.functions[0].source = 'functions/api'))), { args: ['synth'], cwd: f.project }), status: 2, names: /functions\[0\]\.name \(got "ssm-host"\)/ },
  { command: 'synth', name: '--dir does not exist', setup: () => ({ args: ['synth', '--dir', 'nowhere'] }), status: 2, names: /nowhere\/vpc-lambda-gen\.json/ },
  { command: 'synth', name: 'local state path outside the project', setup: (f) => (patchConfig(f, (c) => (c.backend = { type: 'local', path: '../../../../x.tfstate' })), { args: ['synth'], cwd: f.project }), status: 2, names: /backend\.path .*outside/ },
  { command: 'synth', name: 'output locked by a running vpc-lambda-gen', setup: (f) => (write(path.join(f.project, '.cdktf.out.vpc-lambda-gen.lock'), `${process.pid}\n`), { args: ['synth'], cwd: f.project }), status: 1, names: /cdktf\.out: another vpc-lambda-gen run \(pid \d+\) is writing it/ },
  { command: 'synth', name: '--out into a read-only mount', mount: 'read-only', setup: (f) => ({ args: ['synth', '--out', '../mnt/out'], cwd: f.project }), status: 1, names: /mnt.*read-only/ },
  { command: 'synth', name: '--out onto a full disk', mount: 'full', setup: (f) => ({ args: ['synth', '--out', '../mnt/out'], cwd: f.project }), status: 1, names: /mnt.*no space left/ },

  // export
  { command: 'export', name: 'into a non-empty folder of the team\'s', setup: (f) => (write(path.join(f.parent, 'infra/main.tf'), '# theirs'), { args: ['export', 'infra', '--dir', 'project'] }), status: 2, names: /OUTDIR \(got "infra"\): is not empty .*holds no earlier export/ },
  { command: 'export', name: 'into a regular file', setup: (f) => (write(path.join(f.parent, 'out.tf')), { args: ['export', 'out.tf', '--dir', 'project'] }), status: 2, names: /OUTDIR .*out\.tf.*is a file/ },
  { command: 'export', name: 'into the project itself', setup: () => ({ args: ['export', 'project', '--dir', 'project'] }), status: 2, names: /OUTDIR .*is the project folder/ },
  { command: 'export', name: 'into the folder holding the project', setup: () => ({ args: ['export', '.', '--dir', 'project'] }), status: 2, names: /OUTDIR .*holds it/ },
  { command: 'export', name: 'into a synth output', setup: () => ({ args: ['export', 'project/cdktf.out', '--dir', 'project'] }), status: 2, names: /OUTDIR .*synth output, not an earlier export/ },
  { command: 'export', name: 'a secret in the config', setup: (f) => (patchConfig(f, (c) => (c.functions[0].environment = { TOKEN: 'xoxb-1234567890-abcdefghij' })), { args: ['export', 'out', '--dir', 'project'] }), status: 2, names: /environment\.TOKEN .*Slack token/ },
  {
    command: 'export',
    name: 'into an export whose manifest lists ../victim.txt',
    setup: (f) => (
      write(path.join(f.parent, 'out/versions.tf')),
      write(path.join(f.parent, 'out/.vpc-lambda-gen/manifest.json'), JSON.stringify({ generator: 'vpc-lambda-gen', kind: 'export', files: { '../victim.txt': createHash('sha256').update('precious').digest('hex') } })),
      { args: ['export', 'out', '--dir', 'project'] }
    ),
    status: 2,
    names: /manifest\.json.*\.\.\/victim\.txt/s,
  },
  { command: 'export', name: 'OUTDIR under a regular file', setup: (f) => (write(path.join(f.parent, 'afile')), { args: ['export', 'afile/out', '--dir', 'project'] }), status: 2, names: /afile/ },
  { command: 'export', name: 'source folder links outside the project', setup: (f) => (fs.rmSync(path.join(f.project, 'functions/api'), { recursive: true }), fs.symlinkSync('../../', path.join(f.project, 'functions/api')), { args: ['export', 'out', '--dir', 'project'] }), status: 2, names: /functions\[0\]\.source .*leads outside/ },
  { command: 'export', name: 'into a read-only mount', mount: 'read-only', setup: () => ({ args: ['export', 'mnt/out', '--dir', 'project'] }), status: 1, names: /mnt.*read-only/ },

  // check
  { command: 'check', name: 'a *.tf.json that is a FIFO', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'tf')), mkfifo(path.join(f.parent, 'tf/main.tf.json')), { args: ['check', 'tf'] }), status: 2, names: /tf\/main\.tf\.json.*FIFO/s },
  { command: 'check', name: 'PATH is a FIFO', setup: (f) => (mkfifo(path.join(f.parent, 'pipe')), { args: ['check', 'pipe'] }), status: 2, names: /PATH \(got "pipe"\): is a FIFO/ },
  { command: 'check', name: 'a *.tf.json linked to /dev/zero', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'tf')), fs.symlinkSync('/dev/zero', path.join(f.parent, 'tf/zero.tf.json')), { args: ['check', 'tf'] }), status: 2, names: /zero\.tf\.json.*character device/s },
  { command: 'check', name: 'arrays nested 100,000 deep', setup: (f) => (write(path.join(f.parent, 'tf/main.tf.json'), `{"resource":{"aws_lambda_function":{"f":{"vpc_config":[{"subnet_ids":${'['.repeat(100_000)}"x"${']'.repeat(100_000)}}]}}}}`), { args: ['check', 'tf'] }), status: 2, names: /main\.tf\.json.*200 levels/s },
  { command: 'check', name: 'stacks/ holding only a broken link', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'out/stacks'), { recursive: true }), fs.symlinkSync('/nonexistent', path.join(f.parent, 'out/stacks/broken')), { args: ['check', 'out'] }), status: 2, names: /PATH \(got "out"\): holds no .*\*\.tf\.json/ },
  { command: 'check', name: 'stacks/ holding only a link loop', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'out/stacks'), { recursive: true }), fs.symlinkSync('loop', path.join(f.parent, 'out/stacks/loop')), { args: ['check', 'out'] }), status: 2, names: /PATH \(got "out"\): holds no/ },
  { command: 'check', name: 'a *.tf.json that is a folder', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'tf/x.tf.json'), { recursive: true }), write(path.join(f.parent, 'tf/main.tf.json'), '{}'), { args: ['check', 'tf'] }), status: 2, names: /x\.tf\.json.*folder/s },
  { command: 'check', name: 'a *.tf.json that is a broken link', setup: (f) => (fs.mkdirSync(path.join(f.parent, 'tf')), fs.symlinkSync('gone', path.join(f.parent, 'tf/main.tf.json')), { args: ['check', 'tf'] }), status: 2, names: /main\.tf\.json.*cannot be read/s },
  { command: 'check', name: 'broken JSON', setup: (f) => (write(path.join(f.parent, 'tf/main.tf.json'), '{"resource": '), { args: ['check', 'tf'] }), status: 2, names: /main\.tf\.json.*not valid Terraform JSON/s },
  { command: 'check', name: 'top level is an array', setup: (f) => (write(path.join(f.parent, 'tf/main.tf.json'), '[]'), { args: ['check', 'tf'] }), status: 2, names: /main\.tf\.json.*not an object/s },
  { command: 'check', name: 'PATH does not exist', setup: () => ({ args: ['check', 'nowhere'] }), status: 2, names: /PATH \(got "nowhere"\)/ },
  { command: 'check', name: 'a 300 MB *.tf.json (sparse)', setup: (f) => (write(path.join(f.parent, 'tf/big.tf.json'), ''), fs.truncateSync(path.join(f.parent, 'tf/big.tf.json'), 300 * 1024 ** 2), { args: ['check', 'tf'] }), status: 2, names: /big\.tf\.json.*300 MB, more than the 256 MB/s },
];

function randomBytes(n: number): Buffer {
  // Incompressible and deterministic: a hash chain.
  const out = Buffer.alloc(n);
  let block = createHash('sha256').update('vlg').digest();
  for (let i = 0; i < n; i += block.length) {
    block.copy(out, i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

// --- running them ---------------------------------------------------------------------------------

interface Outcome {
  c: HostileCase;
  result?: CliResult;
  before: string[];
  after: string[];
  skipped?: string;
}

const outcomes = new Map<string, Outcome>();
const key = (c: HostileCase) => `${c.command}: ${c.name}`;

beforeAll(async () => {
  const run = async (c: HostileCase): Promise<void> => {
    if (c.mount && mountsAvailable !== true) {
      outcomes.set(key(c), { c, before: [], after: [], skipped: mountsAvailable });
      return;
    }
    const f = fixture();
    if (c.mount) mountTmpfs(f, c.mount);
    const { args, cwd } = c.setup(f);
    const before = listing(f.parent);
    const result = await runCliAsync(args, cwd ?? f.parent);
    outcomes.set(key(c), { c, result, before, after: listing(f.parent) });
  };
  // A few at a time: the machine is shared, and most of a run is waiting on node start-up.
  const queue = [...cases];
  await Promise.all(Array.from({ length: 3 }, async () => {
    while (queue.length > 0) await run(queue.shift()!);
  }));
  if (process.env.VLG_HOSTILE_REPORT) fs.writeFileSync(process.env.VLG_HOSTILE_REPORT, reportTable());
}, 900_000);

function reportTable(): string {
  const rows = cases.map((c, i) => {
    const o = outcomes.get(key(c))!;
    if (o.skipped) return `| ${i + 1} | ${c.command} | ${c.name} | skipped (${o.skipped}) | | |`;
    const line = (o.result!.stderr.trim().split('\n').find((l) => c.names.test(l)) ?? o.result!.stderr.trim().split('\n').slice(-1)[0]).replace(/\|/g, '\\|');
    const unchanged = JSON.stringify(o.before) === JSON.stringify(o.after) ? 'unchanged' : 'CHANGED';
    return `| ${i + 1} | ${c.command} | ${c.name} | ${o.result!.status} | ${unchanged} | ${line.slice(0, 160)} |`;
  });
  return ['| # | command | case | exit | project + parent | message (first line naming it) |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n';
}

describe('hostile input and faults: refused, named, no stack trace, nothing touched', () => {
  test('there are at least 60 cases across new, synth, export and check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const command of ['new', 'synth', 'export', 'check']) expect(cases.filter((c) => c.command === command).length).toBeGreaterThanOrEqual(8);
    expect(new Set(cases.map(key)).size).toBe(cases.length);
  });

  test.each(cases.map((c) => [key(c), c] as const))('%s', (_name, c) => {
    const o = outcomes.get(key(c))!;
    if (o.skipped) {
      console.warn(`SKIPPED ${key(c)}: ${o.skipped}`);
      return;
    }
    const { result } = o;
    const output = `${result!.stdout}\n${result!.stderr}`;
    expect({ status: result!.status, stderr: result!.stderr }).toEqual({ status: c.status, stderr: expect.stringMatching(c.names) });
    expect(output).not.toMatch(/^\s+at /m); // no stack trace
    expect(output).not.toMatch(/hooks\.slack\.com|AKIA[0-9A-Z]{16}|ghp_|xoxb-|hunter2|BEGIN PRIVATE KEY/); // no secret echoed
    expect(o.after).toEqual(o.before);
  });
});

// --- not refusals: what --force keeps, what an interrupted or concurrent run leaves ---------------

describe('new --force in a project the user worked on', () => {
  test('THEN their edits, their fields and files outside stay; the new main.ts is beside theirs, and the run says so', () => {
    const f = fixture();
    patchConfig(f, (c) => {
      c.tags = { CostCenter: '42' };
      c.backend = { type: 's3', bucket: 'team-tfstate', useLockfile: true };
      c.functions[0].memoryMb = 1024;
      c.functions[0].timeoutSeconds = 60;
      c.functions[0].environment = { STAGE: 'prod' };
      c.functions.push({ name: 'extra', source: 'functions/extra' });
    });
    write(path.join(f.project, 'functions/extra/index.js'), 'exports.handler = async () => "extra";');
    fs.appendFileSync(path.join(f.project, 'functions/api/index.js'), '\n// my change\n');
    fs.appendFileSync(path.join(f.project, 'main.ts'), '\n// my change\n');
    fs.appendFileSync(path.join(f.project, 'README.md'), '\n## My notes\n');
    const handler = fs.readFileSync(path.join(f.project, 'functions/api/index.js'), 'utf8');
    const main = fs.readFileSync(path.join(f.project, 'main.ts'), 'utf8');
    const r = runCli(['new', 'project', '--force', '--region', 'us-east-1', ...NEW], f.parent);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const config = readJson(path.join(f.project, CONFIG));
    expect(config).toMatchObject({ region: 'us-east-1', tags: { CostCenter: '42' }, backend: { type: 's3', bucket: 'team-tfstate' } });
    expect(config.functions).toEqual([
      expect.objectContaining({ name: 'api', memoryMb: 1024, timeoutSeconds: 60, environment: { STAGE: 'prod' } }),
      expect.objectContaining({ name: 'extra', source: 'functions/extra' }),
    ]);
    expect(config.generatedFiles).toBeUndefined();
    expect(fs.readFileSync(path.join(f.project, 'functions/api/index.js'), 'utf8')).toBe(handler);
    expect(fs.existsSync(path.join(f.project, 'functions/api/index.js.new'))).toBe(false);
    expect(fs.readFileSync(path.join(f.project, 'main.ts'), 'utf8')).toBe(main);
    // main.ts's template is unchanged, so there is nothing new to offer; README's content changed (region, function).
    expect(fs.existsSync(path.join(f.project, 'main.ts.new'))).toBe(false);
    expect(fs.readFileSync(path.join(f.project, 'README.md'), 'utf8')).toContain('## My notes');
    expect(fs.readFileSync(path.join(f.project, 'README.md.new'), 'utf8')).toContain('us-east-1');
    expect(r.stdout).toMatch(/kept README\.md \(changed since vpc-lambda-gen wrote it\); the new version is in README\.md\.new/);
    expect(r.stdout).toMatch(/kept functions\/api\/index\.js \(changed since vpc-lambda-gen wrote it\)/);
    expect(fs.readFileSync(path.join(f.parent, 'victim.txt'), 'utf8')).toBe('precious');
    // The Terraform packages the user's code as it is, not a sample.
    const tf = readJson(path.join(f.project, 'cdktf.out/stacks/project/cdk.tf.json'));
    const archive = path.join(f.project, 'cdktf.out/stacks/project', tf.resource.aws_lambda_function.fn_api_function.filename);
    expect(spawnSync('unzip', ['-p', archive, 'index.js'], { encoding: 'utf8' }).stdout).toBe(handler);
    expect(Object.keys(tf.resource.aws_lambda_function)).toEqual(['fn_api_function', 'fn_extra_function']);
  });

  test('GIVEN a project of the previous version (generatedFiles, no hashes, one entry ../victim.txt) THEN nothing is deleted and changed files are kept', () => {
    const f = fixture();
    const manifest = readJson(path.join(f.project, '.vpc-lambda-gen/manifest.json'));
    fs.rmSync(path.join(f.project, '.vpc-lambda-gen'), { recursive: true });
    fs.rmSync(path.join(f.project, 'cdktf.out/.vpc-lambda-gen'), { recursive: true });
    patchConfig(f, (c) => (c.generatedFiles = [...Object.keys(manifest.files), '../victim.txt', 'old.txt']));
    write(path.join(f.project, 'old.txt'), 'generated once');
    fs.writeFileSync(path.join(f.project, 'functions/api/index.js'), '// emptied? no: mine\n');
    fs.appendFileSync(path.join(f.project, 'main.ts'), '\n// mine\n');
    const r = runCli(['new', 'project', '--force', ...NEW], f.parent);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(f.parent, 'victim.txt'), 'utf8')).toBe('precious');
    expect(fs.readFileSync(path.join(f.project, 'old.txt'), 'utf8')).toBe('generated once');
    expect(fs.readFileSync(path.join(f.project, 'functions/api/index.js'), 'utf8')).toBe('// emptied? no: mine\n');
    expect(fs.readFileSync(path.join(f.project, 'main.ts'), 'utf8')).toMatch(/\/\/ mine\n$/);
    expect(fs.existsSync(path.join(f.project, 'main.ts.new'))).toBe(true);
    expect(r.stdout).toMatch(/kept \.\.\/victim\.txt \(listed by an earlier run but leads outside the project: not touched\)/);
    expect(r.stdout).toMatch(/kept old\.txt \(no longer generated; written by an earlier vpc-lambda-gen without a hash\)/);
    expect(r.stdout).toMatch(/kept main\.ts \(written by an earlier vpc-lambda-gen without a hash, so it may hold your changes\); the new version is in main\.ts\.new/);
    expect(fs.existsSync(path.join(f.project, '.vpc-lambda-gen/manifest.json'))).toBe(true);
  });
});

describe('check survives what it cannot read under stacks/', () => {
  test('GIVEN a good stack beside a broken link and a link loop THEN it checks the good one', () => {
    const f = fixture();
    const stacks = path.join(f.project, 'cdktf.out/stacks');
    fs.symlinkSync('/nonexistent', path.join(stacks, 'broken'));
    fs.symlinkSync('loop', path.join(stacks, 'loop'));
    // The synthesized folder itself: checking the project would run its app and never read stacks/.
    const r = runCli(['check', 'project/cdktf.out'], f.parent);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Checked project\/cdktf\.out\/stacks\/project\/cdk\.tf\.json/);
  });
});

// --- signals and concurrency ----------------------------------------------------------------------

/** Entries a run leaves only while it works (scratch, old output, temporaries, lock). */
const LEFTOVER = /\.partial-\d+$|\.old-\d+$|\.vpc-lambda-gen-\d+$|\.vlg-tmp$|\.vpc-lambda-gen\.lock$/;
const leftovers = (dir: string) => listing(dir).filter((l) => LEFTOVER.test(l.split(' ')[0].replace(/\/$/, '')));

/** Starts the CLI, waits until `ready(pid)` exists on disk (it is writing), then sends `signal`. */
async function interrupt(args: string[], cwd: string, ready: (pid: number) => string, signal: NodeJS.Signals, group = false): Promise<CliResult & { sent: boolean }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, CI: 'true' }, detached: group, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let sent = false;
  for (let i = 0; i < 3000 && child.exitCode === null; i++) {
    if (fs.existsSync(ready(child.pid!))) {
      process.kill(group ? -child.pid! : child.pid!, signal);
      sent = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { status: await exited, stdout, stderr, sent };
}

describe('signals sent mid-write', () => {
  test('GIVEN SIGINT while synth writes its scratch output THEN nothing half-written is left, and the output is the old one or a complete new one', async () => {
    const f = fixture();
    const out = path.join(f.project, 'cdktf.out');
    const old = listing(out);
    fs.writeFileSync(path.join(f.project, 'functions/api/noise.bin'), randomBytes(8 * 1024 * 1024)); // a longer write
    const r = await interrupt(['synth'], f.project, (pid) => `${out}.partial-${pid}`, 'SIGINT');
    expect(r.sent).toBe(true);
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(/^vpc-lambda-gen: stopped by SIGINT; /m);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
    expect(leftovers(f.parent)).toEqual([]);
    const now = listing(out);
    if (JSON.stringify(now) !== JSON.stringify(old)) expectCompleteOutput(out, 'project');
  });

  test('GIVEN SIGTERM while export writes THEN nothing half-written is left beside or in OUTDIR', async () => {
    const f = fixture();
    const out = path.join(f.parent, 'handoff');
    const r = await interrupt(['export', 'handoff', '--dir', 'project', '--no-fmt'], f.parent, (pid) => `${out}.partial-${pid}`, 'SIGTERM');
    expect(r.sent).toBe(true);
    expect(r.status).toBe(143);
    expect(r.stderr).toMatch(/^vpc-lambda-gen: stopped by SIGTERM; /m);
    expect(leftovers(f.parent)).toEqual([]);
    if (fs.existsSync(out)) expect(listFiles(out)).toEqual(expect.arrayContaining(['versions.tf', 'README.md', '.vpc-lambda-gen/manifest.json']));
  });

  test('GIVEN SIGINT while new prepares the project THEN no scratch project and no DIR are left', async () => {
    const f = fixture();
    const before = listing(f.parent);
    const r = await interrupt(['new', 'app', ...NEW], f.parent, (pid) => path.join(f.parent, `.app.vpc-lambda-gen-${pid}`, 'functions'), 'SIGINT');
    expect(r.sent).toBe(true);
    expect(r.status).toBe(130);
    expect(leftovers(f.parent)).toEqual([]);
    const created = fs.existsSync(path.join(f.parent, 'app'));
    if (created) expect(fs.existsSync(path.join(f.parent, 'app/.vpc-lambda-gen/manifest.json'))).toBe(true);
    else expect(listing(f.parent)).toEqual(before);
  });

  test('GIVEN Ctrl-C (the whole process group) during npm pack THEN one line, exit 130, nothing left', async () => {
    const f = fixture();
    const before = listing(f.parent);
    const r = await interrupt(['new', 'app', '--yes', '--no-install', '--local'], f.parent, (pid) => path.join(f.parent, `.app.vpc-lambda-gen-${pid}`, 'vendor'), 'SIGINT', true);
    expect(r.sent).toBe(true);
    expect(r.status).toBe(130);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/stopped by SIGINT/);
    expect(listing(f.parent)).toEqual(before);
  });
});

function expectCompleteOutput(out: string, stack: string): void {
  const tf = readJson(path.join(out, 'stacks', stack, 'cdk.tf.json'));
  for (const fn of Object.values<any>(tf.resource.aws_lambda_function)) {
    const bytes = fs.readFileSync(path.join(out, 'stacks', stack, fn.filename));
    expect(createHash('sha256').update(bytes).digest('base64')).toBe(fn.source_code_hash);
  }
  expect(readJson(path.join(out, '.vpc-lambda-gen/manifest.json')).kind).toBe('synth');
}

describe('two synths into one output folder at once', () => {
  test('THEN each completes, or one is refused cleanly; the folder is complete and valid, with nothing left beside it', async () => {
    const f = fixture();
    const out = path.join(f.parent, 'shared');
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([runCliAsync(['synth', '--out', out], f.project), runCliAsync(['synth', '--out', out], f.project)]);
      for (const r of [a, b]) {
        if (r.status !== 0) {
          expect(r.status).toBe(1);
          expect(r.stderr).toMatch(/shared: another vpc-lambda-gen run \(pid \d+\) is writing it; let it finish, then run again/);
        }
        expect(`${r.stdout}${r.stderr}`).not.toMatch(/^\s+at /m);
      }
      expect([a.status, b.status]).toContain(0);
      expectCompleteOutput(out, 'project');
      expect(runCli(['check', out], f.parent).status).toBe(0);
      expect(leftovers(f.parent)).toEqual([]);
    }
  });
});

describe('leftovers of a killed run', () => {
  test('GIVEN a scratch output, an old output and a lock of dead processes THEN the next synth removes them and succeeds', () => {
    const f = fixture();
    const dead = 4194305; // above pid_max: no such process
    for (const name of [`cdktf.out.partial-${dead}`, `cdktf.out.old-${dead}`]) write(path.join(f.project, name, 'stacks/x'));
    write(path.join(f.project, '.cdktf.out.vpc-lambda-gen.lock'), `${dead}\n`);
    const r = runCli(['synth'], f.project);
    expect(r.status).toBe(0);
    expect(leftovers(f.parent)).toEqual([]);
  });
});

test('the CLI bundle this suite runs is the built one', () => {
  expect(CLI).toBe(path.join(REPO_ROOT, 'dist', 'cli.js'));
});
