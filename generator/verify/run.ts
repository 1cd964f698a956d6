/**
 * `vpc-lambda-gen verify`: the checks of the README's "Verify it" section, run against the deployed
 * stack through the AWS SDK. The steps come from the synthesized Terraform (./steps.ts), the values
 * from the stack's outputs in its state (./deployed.ts), each hop's verdict from ./hops.ts.
 * Exit status: 0 when no hop failed (WAIT and SKIP included), 1 when one failed or the stack is not
 * deployed, 2 for bad input.
 */
import { CheckFailedError } from '../check';
import { ConfigError } from '../config/errors';
import { locateStack, readOutputs } from './deployed';
import { awsClients, DEFAULT_LOG_WAIT_MS, runHop, type HopContext, type HopResult, type HopStatus } from './hops';
import { verifyPlan } from './steps';

export interface VerifyOptions {
  dir: string;
  stack?: string;
  region?: string;
}

/** What tests replace: the clock, waiting, HTTP, the clients, where the report goes. */
export interface VerifyDeps {
  log?(line: string): void;
  fetch?: typeof fetch;
  sleep?(ms: number): Promise<void>;
  now?(): number;
  logWaitMs?: number;
  clients?: HopContext['clients'];
}

export interface VerifyReport {
  stack: string;
  region: string;
  results: HopResult[];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export async function runVerify(options: VerifyOptions, deps: VerifyDeps = {}): Promise<VerifyReport> {
  if (options.region !== undefined && !REGION.test(options.region)) {
    throw new ConfigError([{ field: '--region', value: options.region, message: 'use an AWS region name such as "eu-west-1"' }], 'verify input');
  }
  const log = deps.log ?? ((line: string) => console.log(line));
  const stack = locateStack(options.dir, options.stack);
  const plan = verifyPlan(stack.json);
  const region = options.region ?? plan.region;
  if (!region) throw new ConfigError([{ field: '--region', message: "the stack's Terraform names no literal region; pass --region" }], 'verify input');
  const outputs = readOutputs(stack);

  const ctx: HopContext = {
    region,
    outputs: outputs.values,
    clients: deps.clients ?? awsClients(region),
    fetch: deps.fetch ?? fetch,
    sleep: deps.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms))),
    now: deps.now ?? Date.now,
    logWaitMs: deps.logWaitMs ?? DEFAULT_LOG_WAIT_MS,
  };
  log(`Verifying stack ${stack.name} in ${region} (outputs from ${outputs.source})`);
  const results: HopResult[] = [];
  for (const [i, step] of plan.steps.entries()) {
    const result = await runHop(step, ctx);
    results.push(result);
    log(`${result.status.padEnd(4)}  ${i + 1}. ${result.title}`);
    log(`      ${result.detail}`);
    for (const line of result.next ?? []) log(`        ${line}`);
  }
  const count = (status: HopStatus) => results.filter((r) => r.status === status).length;
  const parts = [`${count('PASS')} passed`, `${count('FAIL')} failed`, `${count('WAIT')} waiting`, `${count('SKIP')} skipped`];
  log(`${results.length} hop(s): ${parts.filter((p) => !p.startsWith('0 ')).join(', ') || 'none'}`);
  if (count('FAIL') > 0) throw new CheckFailedError(`verify: ${count('FAIL')} of ${results.length} hop(s) failed (report above)`);
  return { stack: stack.name, region, results };
}
