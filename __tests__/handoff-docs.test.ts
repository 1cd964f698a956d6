/**
 * What is handed to a platform team, said the same way everywhere: `cdktf.out/` is a build folder
 * (git-ignored, rewritten by every synth, its state outside it) and `export` is the hand-off. The
 * generated project's .gitignore and README, docs/handoff.md and this repository's .gitignore agree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './helpers/cli';
import { REPO_ROOT } from './helpers/synth';

const section = (markdown: string, heading: string): string => {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect({ heading, found: start >= 0 }).toEqual({ heading, found: true });
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
};

const ignores = (gitignore: string) => gitignore.split('\n').map((l) => l.trim());

describe('GIVEN a new project WHEN a reader asks what to hand to a platform team', () => {
  const cwd = tempDir();
  let readme = '';
  let gitignore = '';
  let stackJson: any;
  beforeAll(() => {
    const r = runCli(['new', 'app', '--yes'], cwd);
    expect(r.stderr).toBe('');
    readme = fs.readFileSync(path.join(cwd, 'app', 'README.md'), 'utf8');
    gitignore = fs.readFileSync(path.join(cwd, 'app', '.gitignore'), 'utf8');
    stackJson = JSON.parse(fs.readFileSync(path.join(cwd, 'app', 'cdktf.out', 'stacks', 'app', 'cdk.tf.json'), 'utf8'));
  });

  test('THEN the project .gitignore ignores cdktf.out, and the README calls it a git-ignored build folder and hands over the export', () => {
    expect(ignores(gitignore)).toContain('cdktf.out/');
    const handOff = section(readme, 'Hand it to a platform team');
    expect(handOff).toMatch(/Hand over an export, not `cdktf\.out\/`/);
    expect(handOff).toMatch(/`cdktf\.out\/` is a build folder/);
    expect(handOff).toMatch(/`\.gitignore` keeps it out of git/);
    expect(handOff).toContain('npx vpc-lambda-gen export ../app-terraform');
    // Nothing calls the build folder what it is not.
    expect(readme).not.toMatch(/cdktf\.out[^\n]*self-contained/);
  });

  test('THEN what the README says about the state of cdktf.out is where the Terraform puts it: outside the stack folder', () => {
    const handOff = section(readme, 'Hand it to a platform team');
    expect(handOff).toContain('the state is `terraform.app.tfstate` at the project root');
    const stackDir = path.join(cwd, 'app', 'cdktf.out', 'stacks', 'app');
    expect(path.resolve(stackDir, stackJson.terraform.backend.local.path)).toBe(path.join(cwd, 'app', 'terraform.app.tfstate'));
  });

  test('THEN docs/handoff.md and the repository .gitignore say the same', () => {
    const handoff = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'handoff.md'), 'utf8');
    expect(handoff).toMatch(/\*\*Hand over the export, not `cdktf\.out\/`\.\*\* `cdktf\.out\/` is a build folder/);
    expect(handoff).toMatch(/`\.gitignore` \(and this repository's\)\s+lists it/);
    expect(ignores(fs.readFileSync(path.join(REPO_ROOT, '.gitignore'), 'utf8'))).toContain('cdktf.out/');
  });
});
