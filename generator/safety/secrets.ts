/**
 * The one detector of secret-shaped values. Whatever is in vpc-lambda-gen.json ends up in the
 * Terraform, its state and the function configuration, so a credential there is refused before
 * anything is written (`new`, `synth`, `export`), and never echoed back in an error message.
 * Pure and dependency-free: the config errors use it to redact, the validation to refuse.
 */

export interface SecretShape {
  /** What it is, for messages: "a Slack webhook URL". */
  what: string;
  test: (text: string) => boolean;
}

const matches = (re: RegExp) => (text: string) => re.test(text);

/**
 * A 40-character AWS secret access key: base64 letters only, with upper case, lower case and digits.
 * Only a whole value counts (inside a longer string too many ordinary ids look alike).
 */
function awsSecretKeyShaped(text: string): boolean {
  return /^[A-Za-z0-9/+]{40}$/.test(text) && /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);
}

/** Known credential formats. Each is specific enough that an ordinary config value never matches. */
export const SECRET_SHAPES: readonly SecretShape[] = [
  { what: 'a Slack webhook URL', test: matches(/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\//i) },
  { what: 'a Discord webhook URL', test: matches(/discord(?:app)?\.com\/api\/webhooks\//i) },
  { what: 'a Microsoft Teams webhook URL', test: matches(/\.webhook\.office\.com\/|outlook\.office\.com\/webhook/i) },
  { what: 'an AWS access key id', test: matches(/(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/) },
  { what: 'an AWS secret access key', test: awsSecretKeyShaped },
  { what: 'a private key', test: matches(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/) },
  { what: 'a Slack token', test: matches(/\bx(?:ox[abposr]|app)-[0-9A-Za-z-]{10,}/) },
  { what: 'a GitHub token', test: matches(/\b(?:gh[pousr]_[0-9A-Za-z]{30,}|github_pat_[0-9A-Za-z_]{22,})/) },
  { what: 'a GitLab token', test: matches(/\bglpat-[0-9A-Za-z_-]{20,}/) },
  { what: 'an npm token', test: matches(/\bnpm_[0-9A-Za-z]{36}\b/) },
  { what: 'a Stripe key', test: matches(/\b[rs]k_live_[0-9A-Za-z]{10,}/) },
  { what: 'a Google API key', test: matches(/\bAIza[0-9A-Za-z_-]{35}\b/) },
  { what: 'a JSON Web Token', test: matches(/\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/) },
  { what: 'a URL with a password', test: matches(/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i) },
];

/** What kind of secret `text` looks like ("a Slack webhook URL"), or undefined. */
export function detectSecret(text: string): string | undefined {
  return SECRET_SHAPES.find((shape) => shape.test(text))?.what;
}

/** Shown instead of a secret-shaped value. */
export const REDACTED = '<redacted secret>';

/** The fix every secret finding gives. */
export const SECRET_FIX =
  'store it as an SSM SecureString parameter (aws ssm put-parameter --type SecureString --name /<stack>/<name> --value ...), put the parameter name in the config instead, and have the function read it at run time';

export interface SecretFinding {
  /** Path into the value: ["functions", 0, "environment", "HOOK"]. */
  path: (string | number)[];
  what: string;
}

/**
 * Every secret-shaped string in a JSON-like value, keys included (a tag key can hold one too).
 * Iterative, so a deeply nested value cannot overflow the stack.
 */
export function findSecrets(value: unknown): SecretFinding[] {
  const found: SecretFinding[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const what = detectSecret(v);
      if (what) found.push({ path, what });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keySecret = detectSecret(key);
        if (keySecret) found.push({ path: [...path, key], what: `${keySecret} (as a key)` });
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found;
}

/** A copy of `value` with every secret-shaped string (and key) replaced by REDACTED. */
export function redactSecrets<T>(value: T): T {
  if (typeof value === 'string') return (detectSecret(value) ? REDACTED : value) as T;
  if (findSecrets(value).length === 0) return value;
  return JSON.parse(JSON.stringify(value), function (this: unknown, _key, v) {
    if (typeof v === 'string' && detectSecret(v)) return REDACTED;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [detectSecret(k) ? REDACTED : k, x]));
    }
    return v;
  }) as T;
}
