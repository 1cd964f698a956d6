/** Config errors name the field, the bad value and the fix; the CLI prints them and exits 2. */

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
    const shown = issues.map(redactSecret);
    super(`${source} is invalid:\n${shown.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
    this.issues = shown;
    this.name = 'ConfigError';
  }
}

/** Values shaped like credentials (Slack webhooks and tokens): an error must not echo them to logs. */
const SECRET_SHAPES = [/hooks\.slack\.com\/services\//i, /\bxox[abposr]-[\w-]+/];

function redactSecret(issue: ConfigIssue): ConfigIssue {
  const secret = typeof issue.value === 'string' && SECRET_SHAPES.some((re) => re.test(issue.value as string));
  return secret ? { ...issue, value: '<redacted secret>' } : issue;
}

export function formatIssue(issue: ConfigIssue): string {
  const got = issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`;
  return `${issue.field}${got}: ${issue.message}`;
}

export function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
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
