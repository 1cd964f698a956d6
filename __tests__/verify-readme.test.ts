/**
 * Every generated README (the project's and the export's) has a "Verify it" section with the exact
 * commands for its own stack: its function names, its region, the outputs its URL, topic and host
 * are read from. The project's package.json runs the same checks as `npm run verify`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PATTERN_IDS, findPattern } from '../generator/catalog';
import { loadConfig } from '../generator/config/io';
import { estimateMonthlyCost } from '../generator/cost';
import { exportProject } from '../generator/export';
import { renderTemplates } from '../generator/new/render';
import { synthPattern } from './check/pattern-stacks';
import { tempDir } from './helpers/cli';

/** What each pattern's section must name besides its functions: the outputs its checks read. */
const OWN_OUTPUTS: Record<string, string[]> = {
  'nat-gateway': ['terraform output -json egress_public_ips'],
  'nat-instance': ['terraform output -json egress_public_ips'],
  endpoints: [],
  peering: [],
  'private-api': ['terraform output -raw private_api_invoke_url'],
  'internal-alb': ['terraform output -raw alb_url'],
  privatelink: ['terraform output -raw consumer_endpoint_url'],
  efs: ['curl -sS -i "$(terraform output -raw http_api_url)/"'],
  'sns-slack': ['--topic-arn "$(terraform output -raw topic_arn)"', 'aws logs tail /aws/lambda/demo-notifier --region eu-west-1'],
};

/** The "## Verify it" section, up to the next second-level heading. */
function verifySection(readme: string): string {
  const start = readme.indexOf('\n## Verify it\n');
  if (start < 0) throw new Error(`no "## Verify it" section in:\n${readme.slice(0, 400)}`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function projectReadme(id: string, config: Record<string, unknown> = {}): { readme: string; packageJson: any } {
  const stack = synthPattern(id, {}, config);
  const validated = loadConfig(stack.projectDir);
  const target = tempDir('vlg-verify-readme-');
  renderTemplates(target, { validated, selfDependency: '^0.1.0', terraform: stack.json as never, cost: estimateMonthlyCost(stack.json as never, 'eu-west-1') });
  return { readme: fs.readFileSync(path.join(target, 'README.md'), 'utf8'), packageJson: JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8')) };
}

function exportReadme(id: string): string {
  const stack = synthPattern(id);
  const outDir = path.join(tempDir('vlg-verify-export-'), 'out');
  exportProject({ dir: stack.projectDir, outDir, fmt: false });
  return fs.readFileSync(path.join(outDir, 'README.md'), 'utf8');
}

describe.each(PATTERN_IDS)('GIVEN pattern %s', (id) => {
  const functions = findPattern(id)!.defaultFunctions.map((f) => `demo-${f.name}`);

  test('WHEN its project is rendered THEN "Verify it" invokes each of its functions, reads its own outputs, and points at npm run verify', () => {
    const { readme, packageJson } = projectReadme(id);
    const section = verifySection(readme);
    for (const name of functions) expect(section).toContain(`aws lambda invoke --region eu-west-1 --function-name ${name} --qualifier live`);
    for (const text of OWN_OUTPUTS[id]) expect(section).toContain(text);
    expect(section).toContain('`npm run verify`');
    expect(section).toContain('go to `cdktf.out/stacks/demo/`');
    // Nothing unresolved: every value is a literal or an output of this stack.
    expect(section).not.toMatch(/No output holds|<aws_/);
    expect(packageJson.scripts.verify).toBe('vpc-lambda-gen verify --dir .');
  });

  test('WHEN it is exported THEN its README has the same checks, run in that folder, without npm', () => {
    const section = verifySection(exportReadme(id));
    for (const name of functions) expect(section).toContain(`--function-name ${name} --qualifier live`);
    for (const text of OWN_OUTPUTS[id]) expect(section).toContain(text);
    expect(section).toContain('run these in this folder');
    expect(section).not.toContain('npm run verify');
  });
});

describe('GIVEN the SSM host', () => {
  test('WHEN the project README is rendered THEN it checks the agent, says it can take ten minutes, and lists the probes with their outputs', () => {
    const section = verifySection(projectReadme('internal-alb', { ssmHost: true }).readme);
    expect(section).toContain('aws ssm describe-instance-information --region eu-west-1 --filters "Key=InstanceIds,Values=$(terraform output -raw ssm_host_instance_id)"');
    expect(section).toContain('aws ssm start-session --region eu-west-1 --target "$(terraform output -raw ssm_host_instance_id)"');
    expect(section).toMatch(/ten minutes or more/);
    expect(section).toContain("- In the session (a shell in the first Lambda subnet):\n  - internal ALB `aws_lb.alb_load_balancer`: `curl -sS -m 5 -i -X POST -H 'content-type: application/json' -d '{}' <url>`");
    expect(section).toContain('- `<url>` is `terraform output -raw alb_url`.');
  });

  test('WHEN there is none THEN the section never mentions a session', () => {
    expect(verifySection(projectReadme('internal-alb').readme)).not.toMatch(/start-session|ssm_host/);
  });
});
