/** What every rule returns: one result per check, with the resources involved and the fix. */

export type Status = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  status: Status;
  /** The function the check is about (its function_name), or a resource address for shared resources. */
  subject: string;
  /** Stable check id: "internet-egress", "aws-service", "invoke-sns", "efs", "alias", ... */
  check: string;
  /** The path or property checked, and what holds or which hop broke. */
  message: string;
  /** Terraform addresses involved, in path order. */
  resources: string[];
  /** What to change when the check fails or warns. */
  fix?: string;
  /** For traced paths: the hops in order (all of them on success, up to the break otherwise). */
  path?: string[];
}

/** Collects results for one subject and check, so a rule reads as a list of hops. */
export class Findings {
  readonly results: CheckResult[] = [];

  pass(subject: string, check: string, message: string, resources: string[]): void {
    this.results.push({ status: 'pass', subject, check, message, resources: unique(resources) });
  }

  fail(subject: string, check: string, message: string, resources: string[], fix: string): void {
    this.results.push({ status: 'fail', subject, check, message, resources: unique(resources), fix });
  }

  warn(subject: string, check: string, message: string, resources: string[], fix?: string): void {
    this.results.push({ status: 'warn', subject, check, message, resources: unique(resources), fix });
  }
}

/** A path being traced: hops so far, and the first break. */
export class Trace {
  readonly hops: string[] = [];
  broken?: { message: string; fix: string; resources: string[]; warn?: boolean };

  hop(...addresses: (string | undefined)[]): this {
    for (const a of addresses) if (a) this.hops.push(a);
    return this;
  }

  /** Records the first broken hop; later calls are ignored (one message per broken path). */
  fail(message: string, fix: string, ...resources: (string | undefined)[]): false {
    if (!this.broken) this.broken = { message, fix, resources: resources.filter((r): r is string => Boolean(r)) };
    return false;
  }

  /** A break, unless something that could mend it cannot be read: then unknown, naming it. */
  failUnlessUnknown(unknown: string[], message: string, fix: string, ...resources: (string | undefined)[]): false {
    if (unknown.length === 0) return this.fail(message, fix, ...resources);
    return this.unknown(`${message}, as far as can be read (not known statically: ${unknown.join(', ')})`, fix, ...resources);
  }

  /** The path leaves this configuration: cannot be verified, not a failure. */
  unknown(message: string, fix: string, ...resources: (string | undefined)[]): false {
    if (!this.broken) this.broken = { message, fix, resources: resources.filter((r): r is string => Boolean(r)), warn: true };
    return false;
  }

  get ok(): boolean {
    return !this.broken;
  }

  /** Adds the trace as one result: the hops on success, the broken hop otherwise. */
  report(findings: Findings, subject: string, check: string, what: string): void {
    const path = unique(this.hops);
    if (!this.broken) {
      findings.pass(subject, check, `${what}: ${path.join(' → ')}`, path);
    } else if (this.broken.warn) {
      findings.warn(subject, check, `${what}: ${this.broken.message}`, [...path, ...this.broken.resources], this.broken.fix);
    } else {
      findings.fail(subject, check, `${what}: ${this.broken.message}`, [...path, ...this.broken.resources], this.broken.fix);
    }
    findings.results[findings.results.length - 1].path = path;
  }
}

function unique(list: string[]): string[] {
  return [...new Set(list.filter(Boolean))];
}
