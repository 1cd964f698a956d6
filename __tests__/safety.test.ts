/**
 * The safety model's pieces, in-process (generator/safety): confinement, reading, ownership, output
 * folders, locks and stale scratch, secrets, limits, fault wording. The CLI-level hostile cases are in
 * hostile.test.ts; escaping and tags through synth and export are in literal-strings.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../generator/config/errors';
import {
  applyOwnedFiles,
  checkEnvironment,
  checkTags,
  describeFault,
  detectSecret,
  findSecrets,
  inspectOutputFolder,
  jsonDepthOver,
  lockTarget,
  markOutput,
  planOwnedFiles,
  readJsonFile,
  readManifest,
  readSourceTree,
  redactSecrets,
  relativePathProblem,
  resolveInside,
  s3BucketNameProblem,
  sha256,
  sweepStale,
  terraformLiteral,
  writeFileAtomic,
  writeManifest,
  type GeneratedFile,
} from '../generator/safety';
import { tempDir } from './helpers/cli';

/** A PID that no process has: above the kernel's pid_max. */
const DEAD_PID = 4194305;

function issuesOf(fn: () => unknown): { field: string; message: string; value?: unknown }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('confinement', () => {
  test('GIVEN config paths THEN absolute ones and those climbing out are refused by their text, others pass', () => {
    expect(relativePathProblem('functions/api')).toBeUndefined();
    expect(relativePathProblem('functions/../functions/api')).toBeUndefined();
    expect(relativePathProblem('../x')).toMatch(/leads outside the project/);
    expect(relativePathProblem('functions/../../x')).toMatch(/leads outside/);
    expect(relativePathProblem('/etc')).toMatch(/absolute/);
    expect(relativePathProblem('C:\\x')).toMatch(/absolute/);
    expect(relativePathProblem('')).toMatch(/empty/);
    // A state path relative to cdktf.out/stacks/app may climb three levels, not four.
    expect(relativePathProblem('../../../terraform.tfstate', 'cdktf.out/stacks/app')).toBeUndefined();
    expect(relativePathProblem('../../../../terraform.tfstate', 'cdktf.out/stacks/app')).toMatch(/outside/);
  });

  test('GIVEN symbolic links THEN resolveInside follows them and refuses one leading out, naming the field', () => {
    const parent = tempDir();
    const project = path.join(parent, 'project');
    fs.mkdirSync(path.join(project, 'code'), { recursive: true });
    fs.mkdirSync(path.join(parent, 'elsewhere'));
    fs.symlinkSync('../elsewhere', path.join(project, 'out-link'));
    fs.symlinkSync('code', path.join(project, 'in-link'));
    fs.symlinkSync('/nonexistent/dir', path.join(project, 'dangling'));
    fs.symlinkSync('loop', path.join(project, 'loop'));
    expect(resolveInside(project, 'in-link', { field: 'f' })).toBe(fs.realpathSync(path.join(project, 'code')));
    expect(resolveInside(project, 'not-yet/there', { field: 'f' })).toBe(path.join(fs.realpathSync(project), 'not-yet/there'));
    expect(issuesOf(() => resolveInside(project, 'out-link', { field: 'functions[0].source' }))).toEqual([
      expect.objectContaining({ field: 'functions[0].source', message: expect.stringMatching(/leads outside the project \(to .*elsewhere\)/) }),
    ]);
    // A dangling link counts by where it points, not as "missing, so harmless".
    expect(issuesOf(() => resolveInside(project, 'dangling/sub', { field: 'f' }))[0].message).toMatch(/to \/nonexistent\/dir\/sub/);
    expect(issuesOf(() => resolveInside(project, 'loop', { field: 'f' }))[0].message).toMatch(/symbolic link loop/);
  });

  test('GIVEN a source folder THEN links inside the project are followed, others, special files and loops refused by name', () => {
    const project = tempDir();
    const code = path.join(project, 'functions/api');
    fs.mkdirSync(path.join(code, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = 1;');
    fs.writeFileSync(path.join(project, 'shared.js'), 'module.exports = 2;');
    fs.symlinkSync('../../../shared.js', path.join(code, 'lib/shared.js'));
    const src = { projectDir: project, source: 'functions/api', field: 'functions[0].source' };
    expect([...readSourceTree(src).keys()]).toEqual(['index.js', 'lib/shared.js']);
    expect(readSourceTree(src).get('lib/shared.js')!.toString()).toBe('module.exports = 2;');

    fs.symlinkSync('/etc/hostname', path.join(code, 'host'));
    expect(issuesOf(() => readSourceTree(src))[0].message).toMatch(/functions\/api\/host is a symbolic link to \/etc\/hostname, outside the project/);
    fs.rmSync(path.join(code, 'host'));
    fs.symlinkSync('..', path.join(code, 'lib/up'));
    expect(issuesOf(() => readSourceTree(src))[0].message).toMatch(/lib\/up links back to a folder already packaged/);
    fs.rmSync(path.join(code, 'lib/up'));
    spawnSync('mkfifo', [path.join(code, 'pipe')]);
    expect(issuesOf(() => readSourceTree(src))[0].message).toMatch(/functions\/api\/pipe is a FIFO \(named pipe\), not a regular file/);
  });
});

describe('reading', () => {
  test('GIVEN a FIFO, a folder or nesting past 200 levels THEN readJsonFile refuses by name without blocking', () => {
    const dir = tempDir();
    spawnSync('mkfifo', [path.join(dir, 'fifo.json')]);
    expect(issuesOf(() => readJsonFile(path.join(dir, 'fifo.json'), { field: '--config' }))[0]).toMatchObject({ field: '--config', message: expect.stringMatching(/FIFO/) });
    expect(issuesOf(() => readJsonFile(dir))[0].message).toMatch(/is a folder, not a regular file/);
    fs.writeFileSync(path.join(dir, 'deep.json'), `${'['.repeat(201)}${']'.repeat(201)}`);
    expect(issuesOf(() => readJsonFile(path.join(dir, 'deep.json')))[0].message).toMatch(/more than 200 levels/);
    fs.writeFileSync(path.join(dir, 'ok.json'), `${'['.repeat(200)}${']'.repeat(200)}`);
    expect(() => readJsonFile(path.join(dir, 'ok.json'))).not.toThrow();
    fs.writeFileSync(path.join(dir, 'big.json'), '{}'.padEnd(2048));
    expect(issuesOf(() => readJsonFile(path.join(dir, 'big.json'), { maxBytes: 1024 }))[0].message).toMatch(/2 KB, more than the 1 KB/);
  });

  test('GIVEN a million nested arrays THEN the depth walk answers without recursion', () => {
    const deep = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    expect(jsonDepthOver(deep, 200)).toBe(200);
    expect(jsonDepthOver({ a: [{ b: 1 }] }, 200)).toBeUndefined();
  });
});

describe('ownership', () => {
  function folder(files: Record<string, string>): string {
    const dir = tempDir();
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  }
  const gen = (p: string, content: string, extra: Partial<GeneratedFile> = {}): GeneratedFile => ({ path: p, content, ...extra });

  test('GIVEN a manifest of what was written THEN only unchanged files are replaced; a changed one is kept with .new beside it', () => {
    const dir = folder({ 'same.txt': 'v1', 'edited.txt': 'mine', 'theirs.txt': 'not ours', 'stale.txt': 'v1', 'stale-edited.txt': 'mine' });
    const previous = { kind: 'project' as const, files: { 'same.txt': sha256('v1'), 'edited.txt': sha256('v1'), 'stale.txt': sha256('v1'), 'stale-edited.txt': sha256('v1') } };
    const files = [gen('same.txt', 'v2'), gen('edited.txt', 'v2'), gen('theirs.txt', 'v2'), gen('new.txt', 'v2'), gen('functions/api/index.js', 'v2', { inSource: true })];
    fs.mkdirSync(path.join(dir, 'functions/api'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'functions/api/index.js'), 'my code');
    const plan = planOwnedFiles(dir, 'project', files, previous);
    expect(Object.fromEntries(plan.files.map((f) => [f.path, f.action]))).toEqual({
      'same.txt': 'replace',
      'edited.txt': 'keep-offer',
      'theirs.txt': 'keep-offer',
      'new.txt': 'create',
      'functions/api/index.js': 'keep',
      'stale.txt': 'remove',
      'stale-edited.txt': 'keep-stale',
    });
    applyOwnedFiles(plan, files);
    const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
    expect([read('same.txt'), read('edited.txt'), read('edited.txt.new'), read('theirs.txt'), read('theirs.txt.new'), read('new.txt')]).toEqual(['v2', 'mine', 'v2', 'not ours', 'v2', 'v2']);
    expect(read('functions/api/index.js')).toBe('my code');
    expect(fs.existsSync(path.join(dir, 'functions/api/index.js.new'))).toBe(false); // would be zipped into the function
    expect(fs.existsSync(path.join(dir, 'stale.txt'))).toBe(false);
    expect(read('stale-edited.txt')).toBe('mine');
    expect(readManifest(dir)!.files).toMatchObject({ 'same.txt': sha256('v2'), 'edited.txt.new': sha256('v2'), 'new.txt': sha256('v2') });
    expect(fs.readdirSync(dir).filter((f) => f.includes('vlg-tmp'))).toEqual([]);
  });

  test('GIVEN files of an earlier version without hashes THEN none is removed, and one is replaced only when identical', () => {
    const dir = folder({ 'README.md': 'edited', 'same.md': 'v2', 'gone.md': 'old' });
    const plan = planOwnedFiles(dir, 'project', [gen('README.md', 'v2'), gen('same.md', 'v2')], undefined, ['README.md', 'same.md', 'gone.md', '../victim.txt']);
    expect(plan.files).toEqual([
      { path: 'README.md', action: 'keep-offer', reason: expect.stringMatching(/earlier vpc-lambda-gen without a hash/) },
      { path: 'same.md', action: 'unchanged', reason: undefined },
      { path: '../victim.txt', action: 'keep-stale', reason: expect.stringMatching(/outside the project: not touched/) },
      { path: 'gone.md', action: 'keep-stale', reason: expect.stringMatching(/without a hash/) },
    ]);
  });

  test('GIVEN a changed file whose generated version has not changed THEN it is kept with nothing beside it', () => {
    const dir = folder({ 'main.ts': 'mine' });
    const plan = planOwnedFiles(dir, 'project', [gen('main.ts', 'v1')], { kind: 'project', files: { 'main.ts': sha256('v1') } });
    expect(plan.files).toEqual([{ path: 'main.ts', action: 'keep', reason: 'changed since vpc-lambda-gen wrote it' }]);
  });

  test('GIVEN a manifest edited to reach outside its folder, or not ours THEN it is refused', () => {
    const dir = tempDir();
    writeManifest(dir, { kind: 'project', files: {} });
    const file = path.join(dir, '.vpc-lambda-gen/manifest.json');
    fs.writeFileSync(file, JSON.stringify({ generator: 'vpc-lambda-gen', kind: 'project', files: { '../victim.txt': sha256('x') } }));
    expect(issuesOf(() => readManifest(dir))[0].message).toMatch(/files\["\.\.\/victim\.txt"\] leads outside the project.*restore it/);
    fs.writeFileSync(file, JSON.stringify({ files: {} }));
    expect(issuesOf(() => readManifest(dir))[0].message).toMatch(/is not a vpc-lambda-gen manifest/);
  });

  test('GIVEN a generated path that a symbolic link leads outside THEN nothing is written through it', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'project');
    fs.mkdirSync(path.join(parent, 'outside'), { recursive: true });
    fs.mkdirSync(dir);
    fs.symlinkSync('../outside', path.join(dir, 'functions'));
    expect(issuesOf(() => planOwnedFiles(dir, 'project', [gen('functions/index.js', 'x')]))[0].message).toMatch(/symbolic link leads it outside/);
    expect(fs.readdirSync(path.join(parent, 'outside'))).toEqual([]);
  });
});

describe('output folders', () => {
  const options = (projectDir: string) => ({ kind: 'synth' as const, field: '--out', projectDir });

  test('GIVEN absent, empty and marked folders THEN they are ours; the project, a file, others and the wrong kind are refused', () => {
    const parent = tempDir();
    const project = path.join(parent, 'project');
    fs.mkdirSync(project);
    expect(inspectOutputFolder(path.join(parent, 'new'), options(project)).state).toBe('absent');
    fs.mkdirSync(path.join(parent, 'empty'));
    expect(inspectOutputFolder(path.join(parent, 'empty'), options(project)).state).toBe('empty');
    fs.mkdirSync(path.join(parent, 'marked'));
    markOutput(path.join(parent, 'marked'), 'synth');
    expect(inspectOutputFolder(path.join(parent, 'marked'), options(project)).state).toBe('ours');
    const refused = (out: string, kind: 'synth' | 'export' = 'synth') => issuesOf(() => inspectOutputFolder(out, { ...options(project), kind }))[0].message;
    expect(refused(project)).toMatch(/is the project folder or holds it/);
    expect(refused(parent)).toMatch(/is the project folder or holds it/);
    fs.writeFileSync(path.join(parent, 'report.txt'), 'x');
    expect(refused(path.join(parent, 'report.txt'))).toMatch(/is a file, not a folder/);
    fs.mkdirSync(path.join(parent, 'user'));
    fs.writeFileSync(path.join(parent, 'user', 'notes.md'), 'x');
    expect(refused(path.join(parent, 'user'))).toMatch(/is not empty \(1 entry\) and holds no earlier synth output/);
    expect(refused(path.join(parent, 'marked'), 'export')).toMatch(/holds vpc-lambda-gen's synth output, not an earlier export/);
  });

  test('GIVEN the project\'s own cdktf.out as cdktf left it (no mark) THEN it is ours; with anything else in it, it is not', () => {
    const project = tempDir();
    const out = path.join(project, 'cdktf.out');
    fs.mkdirSync(path.join(out, 'stacks'), { recursive: true });
    fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks: {} }));
    expect(inspectOutputFolder(out, { kind: 'synth', field: 'cdktf.out', projectDir: project, cdktfDefault: true }).state).toBe('ours');
    expect(() => inspectOutputFolder(out, { kind: 'synth', field: '--out', projectDir: project })).toThrow(/holds no earlier synth output/);
    fs.writeFileSync(path.join(out, 'mine.txt'), 'x');
    expect(() => inspectOutputFolder(out, { kind: 'synth', field: 'cdktf.out', projectDir: project, cdktfDefault: true })).toThrow(/is not empty/);
  });

  test('GIVEN a lock held by a live process THEN a second run is refused; a dead holder\'s lock is taken over', () => {
    const target = path.join(tempDir(), 'out');
    const lock = path.join(path.dirname(target), '.out.vpc-lambda-gen.lock');
    const child = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }); // a PID that is gone now
    fs.writeFileSync(lock, `${process.ppid}\n`); // the jest runner: alive
    expect(() => lockTarget(target)).toThrow(/another vpc-lambda-gen run \(pid \d+\) is writing it/);
    fs.writeFileSync(lock, `${child.stdout.trim()}\n`);
    const release = lockTarget(target);
    expect(fs.readFileSync(lock, 'utf8')).toBe(`${process.pid}\n`);
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('GIVEN leftovers of killed runs THEN the sweep removes those of dead PIDs, and nothing else', () => {
    const parent = tempDir();
    const target = path.join(parent, 'cdktf.out');
    const dead = [`cdktf.out.partial-${DEAD_PID}`, `cdktf.out.old-${DEAD_PID}`, `.cdktf.out.vpc-lambda-gen-${DEAD_PID}`, `.cdktf.out.${DEAD_PID}.vlg-tmp`];
    const kept = [`cdktf.out.partial-${process.pid}`, `other.partial-${DEAD_PID}`, 'notes.partial-x', 'cdktf.out'];
    for (const name of [...dead, ...kept]) fs.mkdirSync(path.join(parent, name));
    fs.writeFileSync(path.join(parent, '.cdktf.out.vpc-lambda-gen.lock'), `${DEAD_PID}\n`);
    sweepStale(target);
    expect(fs.readdirSync(parent).sort()).toEqual([...kept].sort());
  });

  test('GIVEN an atomic write THEN a planted link at the temporary name is not followed', () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, `.out.txt.${process.pid}.vlg-tmp`));
    writeFileAtomic(path.join(dir, 'out.txt'), 'new');
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('new');
    expect(fs.readdirSync(dir).sort()).toEqual(['out.txt', 'victim.txt']);
  });
});

describe('secrets', () => {
  const secrets: [string, string][] = [
    ['https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'a Slack webhook URL'],
    ['https://discord.com/api/webhooks/123/abc', 'a Discord webhook URL'],
    ['https://acme.webhook.office.com/webhookb2/x', 'a Microsoft Teams webhook URL'],
    ['AKIAIOSFODNN7EXAMPLE', 'an AWS access key id'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'an AWS secret access key'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE...', 'a private key'],
    ['xoxb-1234567890-abcdefghij', 'a Slack token'],
    [`ghp_${'a1'.repeat(18)}`, 'a GitHub token'],
    [`github_pat_${'A1'.repeat(12)}`, 'a GitHub token'],
    [`glpat-${'x'.repeat(20)}`, 'a GitLab token'],
    [`npm_${'a'.repeat(36)}`, 'an npm token'],
    ['sk_live_0123456789abcdef', 'a Stripe key'],
    [`AIza${'B'.repeat(35)}`, 'a Google API key'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'a JSON Web Token'],
    ['postgres://admin:hunter2@db.internal:5432/app', 'a URL with a password'],
  ];
  test.each(secrets)('GIVEN %s THEN it is %s', (value, what) => {
    expect(detectSecret(value)).toBe(what);
  });

  test('GIVEN ordinary config values THEN none looks like a secret', () => {
    const ordinary = [
      'https://checkip.amazonaws.com',
      'arn:aws:kms:eu-west-1:123456789012:key/0123abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:iam::123456789012:role/SomeRoleNameThatIsQuiteLong1234',
      '/my-app/slack-webhook',
      'sg-0123456789abcdef0',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709', // a git commit: 40 hex characters
      'eu-west-1',
      'team:payments',
      'https://10.1.2.3/health',
    ];
    for (const value of ordinary) expect({ value, secret: detectSecret(value) }).toEqual({ value, secret: undefined });
  });

  test('GIVEN secrets in values and keys anywhere THEN findSecrets gives their paths and redactSecrets hides them', () => {
    const config = { functions: [{ environment: { HOOK: secrets[0][0] } }], tags: { [secrets[3][0]]: 'x' } };
    expect(findSecrets(config)).toEqual([
      { path: ['functions', 0, 'environment', 'HOOK'], what: 'a Slack webhook URL' },
      { path: ['tags', secrets[3][0]], what: 'an AWS access key id (as a key)' },
    ]);
    expect(JSON.stringify(redactSecrets(config))).not.toMatch(/hooks\.slack|AKIA/);
  });

  test('GIVEN a ConfigError about a secret THEN its message carries neither the value nor a secret key', () => {
    const err = new ConfigError([{ field: 'tags.x', value: { [secrets[3][0]]: secrets[0][0] }, message: 'm' }]);
    expect(err.message).not.toMatch(/AKIA|hooks\.slack/);
    expect(err.message).toContain('<redacted secret>');
  });
});

describe('AWS limits', () => {
  const collect = (check: (issue: (p: (string | number)[], m: string) => void) => void) => {
    const issues: string[] = [];
    check((p, m) => issues.push(`${p.join('.')}: ${m}`));
    return issues;
  };

  test('GIVEN environments THEN reserved keys, bad keys and more than 4 KB are refused with the numbers', () => {
    expect(collect((i) => checkEnvironment({ STAGE: 'prod', LOG_LEVEL: 'info' }, ['env'], i))).toEqual([]);
    expect(collect((i) => checkEnvironment({ AWS_REGION: 'x', _HANDLER: 'y', TZ: 'UTC' }, ['env'], i))).toEqual([
      expect.stringMatching(/^env\.AWS_REGION: Lambda reserves AWS_REGION/),
      expect.stringMatching(/^env\._HANDLER: Lambda reserves _HANDLER/),
      expect.stringMatching(/^env\.TZ: Lambda reserves TZ/),
    ]);
    expect(collect((i) => checkEnvironment({ '1BAD': 'x', A: 'y', 'WITH-DASH': 'z' }, ['env'], i))).toHaveLength(3);
    // 4,096 bytes in all is allowed; one more is not.
    expect(collect((i) => checkEnvironment({ BIG: 'x'.repeat(4093) }, ['env'], i))).toEqual([]);
    expect(collect((i) => checkEnvironment({ BIG: 'x'.repeat(4094) }, ['env'], i))).toEqual([expect.stringMatching(/^env: keys and values take 4 KB \(4097 bytes\); Lambda allows 4 KB/)]);
  });

  test('GIVEN tags THEN 46 of ours fit beside ManagedBy, Stack, Pattern and Name, 47 do not; keys and values follow AWS', () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Key${i}`, 'v']));
    expect(collect((i) => checkTags(tags(46), i))).toEqual([]);
    expect(collect((i) => checkTags(tags(47), i))).toEqual([expect.stringMatching(/^tags: 51 tags would land on each resource.*AWS allows 50: keep 46 or fewer/)]);
    // Overriding one of ours does not add a tag.
    expect(collect((i) => checkTags({ ...tags(46), Stack: 'mine' }, i))).toEqual([]);
    expect(collect((i) => checkTags({ 'aws:owner': 'x', 'a,b': 'y', ok: 'x{y}' }, i))).toHaveLength(3);
    expect(collect((i) => checkTags({ CostCenter: '1', 'Cost Center': '2', 'team:owner': 'a@b.c' }, i))).toEqual([]);
  });

  test('GIVEN bucket names THEN S3\'s naming rules decide', () => {
    for (const ok of ['team-tfstate', 'a.b.c', 'abc']) expect(s3BucketNameProblem(ok)).toBeUndefined();
    for (const bad of ['ab', 'Team', 'a_b', '-ab', 'ab-', 'a..b', '192.168.5.4', 'xn--abc', 'sthree-x', 'amzn-s3-demo-x', 'x-s3alias', 'x--ol-s3', 'x.mrap', 'x--x-s3', 'x--table-s3', 'a'.repeat(64)]) {
      expect({ bad, problem: s3BucketNameProblem(bad) }).toEqual({ bad, problem: expect.any(String) });
    }
  });
});

describe('faults and escaping', () => {
  test('GIVEN file-system errors THEN each becomes one line with the path, what to do and the exit status', () => {
    const errno = (code: string, p?: string) => Object.assign(new Error(code), { code, path: p, syscall: 'open' });
    expect(describeFault(errno('EROFS', '/mnt/ro/app'))).toEqual({ message: expect.stringMatching(/^\/mnt\/ro\/app: is on a read-only file system; choose a writable folder \(EROFS on open\)/), exitCode: 1 });
    expect(describeFault(errno('ENOSPC', '/mnt/full'))?.exitCode).toBe(1);
    expect(describeFault(errno('EACCES', '/x'))?.exitCode).toBe(1);
    expect(describeFault(errno('ENOENT', '/x'))?.exitCode).toBe(2);
    expect(describeFault(errno('ELOOP', '/x'))?.exitCode).toBe(2);
    expect(describeFault(errno('EISDIR', '/x'))?.exitCode).toBe(2);
    expect(describeFault(Object.assign(new Error('npm'), { signal: 'SIGINT', cmd: 'npm pack --silent' }))).toEqual({ message: 'stopped by SIGINT during npm pack; nothing was changed', exitCode: 130 });
    expect(describeFault(new Error('a bug'))).toBeUndefined();
  });

  test('GIVEN template openers THEN terraformLiteral escapes each once, and only them', () => {
    expect(terraformLiteral('${file("/etc/hostname")}')).toBe('$${file("/etc/hostname")}');
    expect(terraformLiteral('%{ if true }x%{ endif }')).toBe('%%{ if true }x%%{ endif }');
    expect(terraformLiteral('$${x} $ { } % 100%')).toBe('$$${x} $ { } % 100%');
  });
});
