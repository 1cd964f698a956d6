/** Config errors name the field, the bad value and the fix; the CLI prints them and exits 2. */
import { detectSecret, REDACTED, redactSecrets } from '../safety/secrets';

export interface ConfigIssue {
  /** Dotted path into vpc-lambda-gen.json, for example "functions[0].memoryMb". */
  field: string;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

export class ConfigError extends Error {
  readonly code = 'VLG_CONFIG_INVALID';
  readonly exitCode = 2;

  readonly issues: ConfigIssue[];

  constructor(
    issues: ConfigIssue[],
    readonly source = 'config',
  ) {
    // An error must never echo a credential to a terminal or a CI log.
    const shown = issues.map((i) => (i.value === undefined ? i : { ...i, value: redactSecrets(i.value) }));
    super(`${source} is invalid:\n${shown.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
    this.issues = shown;
    this.name = 'ConfigError';
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const value = issue.value === undefined ? undefined : JSON.stringify(issue.value);
  // A whole map or a long value would bury the message: show its start.
  const got = value === undefined ? '' : ` (got ${value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value})`;
  return `${issue.field}${got}: ${issue.message}`;
}

const MAX_SHOWN = 120;

/** "functions[0].environment.KEY"; a key shaped like a secret is redacted here too. */
export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    const name = detectSecret(part) ? REDACTED : part;
    return acc ? `${acc}.${name}` : name;
  }, '');
}

/** Closest known word, to turn a typo into "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
