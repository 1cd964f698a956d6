/**
 * What a VpcLambdaStack does when it is synthesized, after cdktf's own work (cdk.tf.json, the
 * archives, annotations): it writes the HCL layout sidecar beside cdk.tf.json, and runs
 * vpc-lambda-gen's network check on the Terraform just written, so `cdktf synth` and `cdktf deploy`
 * refuse a broken path whatever the app did (cdk-nag's idea, applied to the resolved Terraform, which
 * is what the check reads). A failure removes cdk.tf.json, so nothing can deploy it, and throws the
 * report; VLG_SKIP_CHECK=1 (or the context key) is the emergency opt-out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformElement, TerraformStack, type ISynthesisSession, type IStackSynthesizer } from 'cdktf';
import { CheckFailedError, formatReport } from '../generator/check';
import { CHECK_BY_CALLER_CONTEXT, checkFailedLine, checkSkippedLine, checkSkipReason, checkStacks, SKIP_CHECK_CONTEXT } from '../generator/check/in-synthesis';
import { LAYOUT_FILE, LAYOUT_VERSION, layoutEntries, type LayoutSidecar, type SidecarElement } from '../generator/hcl/layout';
import { writeFileAtomic } from '../generator/safety/atomic';

/** A failed check during synthesis: the report to print, then the one-line message. */
export class SynthesisCheckError extends CheckFailedError {
  constructor(
    message: string,
    readonly report: string,
  ) {
    super(message);
    this.name = 'SynthesisCheckError';
  }
}

/**
 * Wraps the stack's synthesizer. `generated` holds the ids of the constructs the generated stack made
 * at its top: anything else there is the user's (main.ts) and goes to main.tf in HCL.
 */
export function addStackSynthesis(stack: TerraformStack, generated: ReadonlySet<string>, projectDir: string): void {
  const inner: IStackSynthesizer = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session: ISynthesisSession) {
      inner.synthesize(session);
      const stackFile = path.join(session.outdir, session.manifest.forStack(stack).synthesizedStackPath);
      const stackDir = path.dirname(stackFile);
      writeFileAtomic(path.join(stackDir, LAYOUT_FILE), serializeSidecar(layoutSidecar(stack, generated)));
      checkDuringSynthesis(stack, stackFile, projectDir);
    },
  };
}

/** Every Terraform element of the stack in construct order, with its place and block metadata. */
export function layoutSidecar(stack: TerraformStack, generated: ReadonlySet<string>): LayoutSidecar {
  const elements: SidecarElement[] = [];
  for (const construct of stack.node.findAll()) {
    if (!TerraformElement.isTerraformElement(construct)) continue;
    const element = construct as TerraformElement & { toHclTerraform(): Record<string, any> };
    const below = element.node.scopes.slice(element.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
    const origin = generated.has(below[0] ?? '') ? 'stack' : 'user';
    for (const entry of layoutEntries(element.toHclTerraform())) elements.push({ ...entry, path: below, origin });
  }
  return { generator: 'vpc-lambda-gen', version: LAYOUT_VERSION, elements };
}

/** One element a line: small, and a diff of two synths reads element by element. */
function serializeSidecar({ elements, ...head }: LayoutSidecar): string {
  return `${JSON.stringify(head).slice(0, -1)},"elements":[\n${elements.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
}

function checkDuringSynthesis(stack: TerraformStack, stackFile: string, projectDir: string): void {
  if (stack.node.tryGetContext(CHECK_BY_CALLER_CONTEXT) === true) return;
  const skipped = checkSkipReason(process.env, stack.node.tryGetContext(SKIP_CHECK_CONTEXT));
  const name = stack.node.id;
  if (skipped) {
    console.error(checkSkippedLine(name, skipped));
    return;
  }
  // `cdktf synth --hcl` writes HCL there: check the same Terraform from the construct tree instead.
  const json = stackFile.endsWith('.json') ? JSON.parse(fs.readFileSync(stackFile, 'utf8')) : (stack.toTerraform() as Record<string, unknown>);
  const stackDir = path.dirname(stackFile);
  const report = { ...checkStacks(projectDir, [{ json, name, dir: stackDir }])[0], files: [stackFile] };
  if (report.summary.failed === 0) return;
  fs.rmSync(stackFile, { force: true });
  throw new SynthesisCheckError(checkFailedLine(`stack "${name}"`, report.summary.failed), formatReport([report]).trimEnd());
}
