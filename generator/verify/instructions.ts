/**
 * The "Verify it" section of the generated READMEs: the verification plan (./steps.ts) as AWS CLI
 * commands for this very stack, each with what to expect. Deployed values are read with
 * `terraform output` where Terraform keeps the stack's state. Pure.
 */
import type { Value, VerifyPlan, VerifyStep } from './steps';

export interface VerifyInstructions {
  steps: ({ number: number; title: string } & StepText)[];
}

/** Shell commands, what to expect, probes for a shell on the debug host, and where values come from. */
interface StepText {
  commands: string;
  expect: string[];
  probes: string[];
  notes: string[];
}

/** Subject and message of the test notification, here and in `vpc-lambda-gen verify`. */
export const TEST_SUBJECT = 'vpc-lambda-gen verify';

export function verifyInstructions(plan: VerifyPlan, region: string): VerifyInstructions {
  return {
    steps: plan.steps.map((step, i) => {
      const text = forStep(step, plan.region ?? region);
      return { number: i + 1, title: code(step.title), commands: text.commands, expect: text.expect.map(code), probes: text.probes.map(code), notes: text.notes };
    }),
  };
}

function forStep(step: VerifyStep, region: string): StepText {
  switch (step.kind) {
    case 'invoke': {
      const expect = [`The first JSON shows \`"ExecutedVersion"\` (the version \`${step.qualifier}\` points at) and no \`"FunctionError"\`; \`response.json\` holds the answer.`];
      if (step.calls) {
        const url = step.calls.url && 'output' in step.calls.url ? ` to ${outputCommand(step.calls.url)}` : '';
        expect.push(`The answer has \`"ok": true\` (and \`"status": 200\` for an HTTP call${url}): the call went ${step.calls.via.map((h) => `→ ${h}`).join(' ')}.`);
      }
      if (step.egressIps) {
        expect.push(`Its internet traffic leaves through NAT: a \`"publicIp"\` in the answer (the egress-check sample reports one) is one of ${outputCommand(step.egressIps)}.`);
      }
      if (step.needs) expect.push(`Before it can pass: ${step.needs}.`);
      return {
        commands: [
          `aws lambda invoke --region ${region} --function-name ${shell(step.functionName)} --qualifier ${step.qualifier} \\`,
          `  --cli-binary-format raw-in-base64-out --payload '${JSON.stringify(step.payload)}' response.json && cat response.json`,
        ].join('\n'),
        expect,
        probes: [],
        notes: missing([step.functionName, step.calls?.url, step.egressIps]),
      };
    }
    case 'http':
      return {
        commands: `curl -sS -i ${shellJoin(step.url, step.path)}`,
        expect: ["An HTTP 2xx status and the function's answer; a 5xx names a failing integration or function (its log group says which)."],
        probes: [],
        notes: missing([step.url]),
      };
    case 'publish': {
      const key = step.kmsKey ? ` and, on its KMS key \`${step.kmsKey}\`, \`kms:GenerateDataKey*\` and \`kms:Decrypt\`` : '';
      return {
        commands: [
          `aws sns publish --region ${region} --topic-arn ${shell(step.topic)} --subject '${TEST_SUBJECT}' --message 'Test message: the topic reaches its subscribers'`,
          ...step.subscribers.map((s) => `aws logs tail ${shell(s.logGroup)} --region ${region} --since 10m`),
        ].join('\n'),
        expect: [
          `A \`MessageId\`. Publishing needs \`sns:Publish\` on the topic${key}: an \`AuthorizationError\` or \`KMSAccessDenied\` names the one your credentials lack.`,
          'Within a minute the log shows the invocation (the sample notifier logs `delivered SNS message <MessageId>`) and no `ERROR`; the message arrives where the function sends it.',
        ],
        probes: [],
        notes: missing([step.topic, ...step.subscribers.flatMap((s) => [s.functionName, s.logGroup])]),
      };
    }
    case 'ssm-host': {
      const target = shell(step.instance);
      const placeholders = new Map<string, Value>();
      for (const probe of step.probes) for (const [name, value] of Object.entries(probe.values)) placeholders.set(name, value);
      return {
        commands: [
          `aws ssm describe-instance-information --region ${region} --filters "Key=InstanceIds,Values=${target.replace(/^"|"$/g, '')}" \\`,
          `  --query 'InstanceInformationList[].PingStatus' --output text`,
          `aws ssm start-session --region ${region} --target ${target}`,
        ].join('\n'),
        expect: [
          '`Online` once the Session Manager agent has registered: that can take ten minutes or more after the instance starts (nothing is printed until then), and `start-session` fails until it has.',
          ...(step.probes.length > 0 ? [] : ['Its security group lets it reach nothing of this stack beyond the Systems Manager endpoints.']),
        ],
        probes: step.probes.map((p) => `${p.what}: \`${p.command}\` → ${p.expect.replace(/<([a-z_]+)>/g, '`<$1>`')}`),
        notes: [...[...placeholders].map(([name, value]) => `\`<${name}>\` is ${outputCommand(value)}.`), ...missing([step.instance])],
      };
    }
    case 'note':
      return { commands: '', expect: [`Not checked by \`verify\`: ${step.text}.`], probes: [], notes: [] };
  }
}

/** Terraform addresses in prose as code: `aws_lb.alb_load_balancer`. */
function code(text: string): string {
  return text.replace(/(?<![`\w.])((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)(?![`\w])/g, '`$1`');
}

/** A value as a shell word: a literal, or `$(terraform output …)` run where the state is. */
function shell(value: Value): string {
  if ('literal' in value) return /^[\w@%+=:,./-]+$/.test(value.literal) ? value.literal : `'${value.literal.replace(/'/g, `'\\''`)}'`;
  if ('output' in value) return `"$(${outputCommand(value, true)})"`;
  return `<${value.missing}>`;
}

/** A base URL and a path as one shell word. */
function shellJoin(value: Value, path: string): string {
  const word = shell(value);
  return word.endsWith('"') ? `${word.slice(0, -1)}${path}"` : `${word}${path}`;
}

/** `terraform output -raw x` (-json for a list; one key of a map through jq), as code unless `bare`. */
function outputCommand(value: Value, bare = false): string {
  if (!('output' in value)) return 'literal' in value ? `\`${value.literal}\`` : `\`${value.missing}\``;
  const text =
    value.key !== undefined ? `terraform output -json ${value.output} | jq -r '.["${value.key}"]'` : `terraform output ${value.list ? '-json' : '-raw'} ${value.output}`;
  return bare ? text : `\`${text}\``;
}

/** A line for each value no output holds, saying where to read it instead. */
function missing(values: (Value | undefined)[]): string[] {
  const names = values.filter((v): v is { missing: string } => v !== undefined && 'missing' in v).map((v) => v.missing);
  return [...new Set(names)].map((name) => `No output holds \`${name}\`: read it with \`terraform state show ${name.split('.').slice(0, 2).join('.')}\`.`);
}
