/**
 * JSON → HCL: templates keep their meaning (escapes, bare expressions, heredocs), nested blocks stay
 * blocks, and the output is in terraform fmt style. Also pins the cdktf 0.21 HCL bugs this renderer
 * works around, so we notice if cdktf ever fixes (or changes) them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, TerraformStack } from 'cdktf';
import { heredoc, quotedTemplate, splitTemplate, wholeExpression } from '../generator/hcl/expression';
import { readLayoutSidecar, stackLayout } from '../generator/hcl/layout';
import { renderHcl } from '../generator/hcl/render';
import { terraformFmt } from '../generator/terraform';
import { buildApp } from '../patterns/app';
import { AWS_PROVIDER_CONSTRAINT } from '../patterns/stack';
import { layoutSidecar } from '../patterns/synthesis';
import { synthPattern } from './check/pattern-stacks';
import { terraformTest, validateAndPlan } from './helpers/terraform';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vlg-hcl-'));

describe('templates', () => {
  test('a string that is one interpolation becomes the bare expression; anything more stays a quoted template', () => {
    expect(wholeExpression('${aws_vpc.main.id}')).toBe('aws_vpc.main.id');
    expect(wholeExpression('${aws_vpc.main.id}-x')).toBeUndefined();
    expect(wholeExpression('${a}${b}')).toBeUndefined();
    expect(wholeExpression('$${literal}')).toBeUndefined();
  });

  test('literal parts are escaped, sequences are copied, braces and quotes inside expressions do not end them', () => {
    const template = 'say "hi" \\ ${format("%s}", var.x)} $${not} %{if true}y%{endif}';
    expect(splitTemplate(template).map((p) => p.kind)).toEqual(['literal', 'sequence', 'literal', 'sequence', 'literal', 'sequence']);
    expect(quotedTemplate(template)).toBe('"say \\"hi\\" \\\\ ${format("%s}", var.x)} $${not} %{if true}y%{endif}"');
    expect(quotedTemplate('{"Resource":"${aws_sqs_queue.q.arn}"}')).toBe('"{\\"Resource\\":\\"${aws_sqs_queue.q.arn}\\"}"');
  });

  test('multi-line strings ending in a newline become heredocs whose marker no line of the text uses', () => {
    expect(heredoc('a\nEOT\nb\n')).toBe('<<EOT1\na\nEOT\nb\nEOT1');
    expect(heredoc('no final newline\nx')).toBeUndefined();
  });
});

describe('rendering', () => {
  const json = {
    resource: {
      aws_thing: {
        t: {
          depends_on: ['aws_other.o'],
          lifecycle: { ignore_changes: ['ami'], create_before_destroy: true },
          name: 'C:\\dir "x"',
          nested: [{ inner: [{ a: 1 }, { a: 2 }] }],
          count: 2,
          tags: { Name: 'n', 'aws:weird': 'w' },
          list: ['${aws_other.o.id}', 'b'],
        },
      },
    },
  };
  const layout = { elements: [{ kind: 'resource' as const, type: 'aws_thing', name: 't', file: 'main.tf', blocks: { nested: { inner: {} } } }] };

  test('meta-arguments first and last, blocks as blocks, maps as maps, references bare', () => {
    expect(renderHcl(json, layout)['main.tf']).toBe(
      [
        'resource "aws_thing" "t" {',
        '  count = 2',
        '  name  = "C:\\\\dir \\"x\\""',
        '  list  = [aws_other.o.id, "b"]',
        '  tags = {',
        '    Name        = "n"',
        '    "aws:weird" = "w"',
        '  }',
        '',
        '  nested {',
        '    inner {',
        '      a = 1',
        '    }',
        '',
        '    inner {',
        '      a = 2',
        '    }',
        '  }',
        '',
        '  lifecycle {',
        '    ignore_changes        = [ami]',
        '    create_before_destroy = true',
        '  }',
        '',
        '  depends_on = [aws_other.o]',
        '}',
        '',
      ].join('\n'),
    );
  });

  terraformTest()('what it writes is already in terraform fmt style', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'main.tf'), renderHcl(json, layout)['main.tf']);
    expect(terraformFmt(dir, { check: true })).toBe(true);
  });
});

describe('cdktf 0.21 HCL bugs, and the workaround', () => {
  test('App({ hclOutput: true }) only renames the file: cdk.tf holds JSON (the stack reads SYNTH_HCL_OUTPUT alone)', () => {
    const outdir = tmp();
    const app = new App({ outdir, hclOutput: true });
    new TerraformStack(app, 'probe');
    app.synth();
    const text = fs.readFileSync(path.join(outdir, 'stacks', 'probe', 'cdk.tf'), 'utf8');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  /** A policy as a JSON string holding a token: the case cdktf renders wrongly. */
  function policyStack() {
    const outdir = tmp();
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'policy');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    stack.addOverride('terraform.required_providers.aws', { source: 'hashicorp/aws', version: AWS_PROVIDER_CONSTRAINT });
    const queue = new SqsQueue(stack, 'queue', { name: 'q' });
    new IamPolicy(stack, 'send', {
      name: 'send',
      policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queue.arn }] }),
    });
    app.synth();
    const stackDir = path.join(outdir, 'stacks', 'policy');
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    return { stack, stackDir, json };
  }

  test('GIVEN a JSON policy with a token THEN cdktf leaves its quotes unescaped, and ours escapes them', () => {
    const { stack, json } = policyStack();
    const cdktf = (stack as unknown as { toHclTerraform(): { hcl: string } }).toHclTerraform().hcl;
    expect(cdktf).toContain('policy = "{"Version":"2012-10-17"');
    const ours = renderHcl(json, stackLayout(layoutSidecar(stack, new Set(stack.node.children.map((c) => c.node.id))), json, { id: 'policy', title: 'policy' }))['policy.tf'];
    expect(ours).toContain(
      'policy = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"sqs:SendMessage\\",\\"Resource\\":\\"${aws_sqs_queue.queue.arn}\\"}]}"',
    );
  });

  terraformTest()('AND terraform plans our HCL of it exactly as the JSON', () => {
    const { stack, stackDir, json } = policyStack();
    const hclDir = tmp();
    for (const [file, text] of Object.entries(renderHcl(json, stackLayout(layoutSidecar(stack, new Set(stack.node.children.map((c) => c.node.id))), json, { id: 'policy', title: 'policy' })))) {
      fs.writeFileSync(path.join(hclDir, file), text);
    }
    const fromJson = validateAndPlan(stackDir, { region: 'eu-west-1' }).plan;
    expect(validateAndPlan(hclDir, { region: 'eu-west-1' }).plan).toBe(fromJson);
  });

  test('GIVEN NAT instance user data with its own EOF heredocs THEN cdktf\'s <<EOF closes early, ours keeps the script whole', () => {
    const { json, projectDir, stackDir } = synthPattern('nat-instance');
    const userData: string = json.resource.aws_instance.network_nat_instance_instance_a.user_data;
    expect(userData.split('\n')).toContain('EOF');
    const { stack } = buildApp({ projectDir, outdir: tmp(), exitOnError: false });
    const cdktf = (stack as unknown as { toHclTerraform(): { hcl: string } }).toHclTerraform().hcl;
    const opened = cdktf.indexOf('user_data = <<EOF\n') + 'user_data = <<EOF\n'.length;
    // Terraform ends the string at the first line reading EOF: the script's own, not cdktf's.
    const asTerraformReadsIt = cdktf.slice(opened, cdktf.indexOf('\nEOF\n', opened) + 1);
    expect(userData.startsWith(asTerraformReadsIt)).toBe(true);
    expect(asTerraformReadsIt.length).toBeLessThan(userData.length / 4);

    const ours = renderHcl(json, stackLayout(readLayoutSidecar(stackDir), json, { id: 'nat-instance', title: 'NAT instance' }))['network.tf'];
    const opener = /\n {2}user_data +=\s<<EOT\n/.exec(ours);
    expect(opener).not.toBeNull();
    const start = opener!.index + opener![0].length;
    expect(ours.slice(start, ours.indexOf('\nEOT\n', start) + 1)).toBe(userData);
  });
});
