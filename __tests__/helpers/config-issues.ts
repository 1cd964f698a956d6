/** Config refusals as data: the issues a bad config produces, failing the test when it is accepted. */
import { ConfigError, type ConfigIssue } from '../../generator/config/errors';
import { validateConfig } from '../../generator/config/validate';

export function issuesOf(raw: unknown): ConfigIssue[] {
  try {
    validateConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    return (err as ConfigError).issues;
  }
  throw new Error('config was accepted but should have been refused');
}

/** The one issue on `field` (fails listing all issues when there is none). */
export function issueAt(raw: unknown, field: string): ConfigIssue {
  const issues = issuesOf(raw);
  const found = issues.find((i) => i.field === field);
  if (!found) throw new Error(`no issue on ${field}; got: ${JSON.stringify(issues)}`);
  return found;
}

/** The whole message a refused config prints (fails the test when the config is accepted). */
export function refusalOf(raw: unknown): string {
  try {
    validateConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('config was accepted but should have been refused');
}
