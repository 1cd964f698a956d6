/**
 * The docs are checked against the CLI: every `vpc-lambda-gen …` command line in README.md and
 * docs/*.md (in a fenced block, or a code span naming a command) parses with the real command
 * definitions, strictly, without running (an unknown flag, a bad choice or a missing argument fails
 * here, naming the page and the line); the cheap ones from the front door are also run for real.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import yargs, { type CommandModule } from 'yargs';
import { commands } from '../generator/commands';
import { runCli, tempDir } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';

const PAGES = ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const COMMANDS = ['new', 'synth', 'export', 'check', 'patterns'];

interface DocCommand {
  page: string;
  line: number;
  args: string[];
}

/** `vpc-lambda-gen <command> …` lines: in fenced blocks (after an optional `$ ` and `npx `), and in code spans. */
function docCommands(): DocCommand[] {
  const found: DocCommand[] = [];
  for (const page of PAGES) {
    // A shell line continued with a trailing backslash is one command: join it with the next line.
    const lines = fs.readFileSync(path.join(REPO_ROOT, page), 'utf8').replace(/\\\n\s*/g, ' ').split('\n');
    let fenced = false;
    lines.forEach((text, i) => {
      if (/^\s*```/.test(text)) {
        fenced = !fenced;
        return;
      }
      const candidates = fenced ? [text.replace(/^\s*(\$ )?/, '')] : [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      for (const candidate of candidates) {
        const match = /^(?:npx )?vpc-lambda-gen ([a-z]+)((?: [^#|&;]*)?)/.exec(candidate.trim());
        // A synopsis (`synth [--dir DIR]`) describes the command; it is not one to run.
        if (!match || !COMMANDS.includes(match[1]) || match[2].includes('[')) continue;
        found.push({ page, line: i + 1, args: [match[1], ...match[2].trim().split(/\s+/).filter(Boolean)] });
      }
    });
  }
  return found;
}

/** Parses like the CLI, strictly, with every handler replaced: nothing runs. */
async function dryParse(args: string[]): Promise<string | undefined> {
  let ran: string | undefined;
  const parser = yargs()
    .command((commands as CommandModule[]).map((c) => ({ ...c, handler: () => void (ran = String(c.command)) })))
    .option('debug', { type: 'boolean', global: true })
    .strict()
    .exitProcess(false)
    .demandCommand(1)
    .fail((message, error) => {
      throw error ?? new Error(message);
    });
  // `--help` lines print the help: parse into a callback so nothing reaches the test output.
  await parser.parseAsync(args, {}, () => undefined);
  return ran;
}

describe('commands shown in the docs', () => {
  const found = docCommands();

  test('GIVEN the pages THEN they show commands of every kind (the extraction works)', () => {
    const kinds = new Set(found.map((c) => c.args[0]));
    for (const kind of ['new', 'synth', 'export', 'check']) expect(kinds).toContain(kind);
    expect(found.length).toBeGreaterThan(15);
  });

  test.each(found.map((c) => [`${c.page}:${c.line} vpc-lambda-gen ${c.args.join(' ')}`, c] as const))('%s parses', async (_name, c) => {
    // --help prints and runs nothing; anything else reaches its command's handler.
    const ran = dryParse(c.args);
    if (c.args.includes('--help')) await expect(ran).resolves.toBeUndefined();
    else await expect(ran).resolves.toMatch(new RegExp(`^${c.args[0]}\\b`));
  });

  test('GIVEN a command line the CLI would refuse THEN the dry parse refuses it too (the check can fail)', async () => {
    await expect(dryParse(['synth', '--no-such-flag'])).rejects.toThrow(/Unknown argument/);
    await expect(dryParse(['export'])).rejects.toThrow(/Not enough non-option arguments/);
  });
});

describe("the front door's commands, run", () => {
  test('README: npx vpc-lambda-gen new my-app --yes writes the project and its Terraform; docs/check.md: check of a fresh nat-instance project passes', () => {
    const cwd = tempDir();
    const created = runCli(['new', 'my-app', '--yes'], cwd);
    expect(created.status).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'my-app', 'cdktf.out', 'stacks', 'my-app', 'cdk.tf.json'))).toBe(true);
    expect(runCli(['new', 'shop', '--yes', '--pattern', 'nat-instance'], cwd).status).toBe(0);
    const check = runCli(['check', 'shop'], cwd);
    expect(check.stdout).toMatch(/OK: \d+ passed, 0 failed/);
    expect(check.status).toBe(0);
  });
});
