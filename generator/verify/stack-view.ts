/**
 * The synthesized stack as the verification steps read it: the check model (../check/model), the
 * outputs by the expression they hold, and the questions several steps ask (a function's name, the
 * function an ARN invokes, where a subnet's internet traffic leaves, the NAT IPs, peering routes).
 */
import { literal, objects } from '../check/doc';
import type { LambdaFn } from '../check/lambda';
import { Model } from '../check/model';
import { refsIn, type Ref } from '../check/refs';
import type { Value } from './steps';

/** Outputs by the expression they hold, to name where a deployed value can be read. */
export class Outputs {
  private readonly entries: { output: string; key?: string; value: unknown }[] = [];

  constructor(section: unknown) {
    for (const part of objects(section)) {
      for (const [output, body] of Object.entries(part)) {
        const value = objects(body)[0]?.value;
        this.entries.push({ output, value });
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [key, v] of Object.entries(value)) this.entries.push({ output, key, value: v });
        }
      }
    }
  }

  /** The output (or map entry) whose value is exactly `text`. */
  exact(text: string): Value | undefined {
    const found = this.entries.find((e) => e.value === text);
    return found && (found.key === undefined ? { output: found.output } : { output: found.output, key: found.key });
  }

  /** The first whole output whose value references only what `accept` accepts (at least once). */
  only(accept: (ref: Ref) => boolean): Value | undefined {
    const found = this.entries.find((e) => {
      if (e.key !== undefined) return false;
      const refs = refsIn(e.value);
      return refs.length > 0 && refs.every(accept);
    });
    return found && (Array.isArray(found.value) ? { output: found.output, list: true } : { output: found.output });
  }

  /** The first whole output holding a URL built only on `address` (a scheme, or an API's invoke URL). */
  url(address: string): Value | undefined {
    const found = this.entries.find((e) => {
      if (e.key !== undefined || typeof e.value !== 'string') return false;
      const refs = refsIn(e.value);
      return refs.length > 0 && refs.every((r) => r.address === address) && (e.value.includes('://') || refs.some((r) => r.attr === 'invoke_url' || r.attr === 'api_endpoint'));
    });
    return found && { output: found.output };
  }

  /** Where `${address.attr}` can be read after deploy. */
  attribute(address: string, attr: string): Value {
    return this.exact(`\${${address}.${attr}}`) ?? { missing: `${address}.${attr}` };
  }
}

export class StackView {
  readonly m: Model;
  readonly outputs: Outputs;
  /** Internal services some step reaches (a caller's chain or a host probe); what is left gets a note. */
  readonly reached = new Set<string>();

  constructor(json: Record<string, unknown>) {
    this.m = Model.fromFiles([{ file: 'stack.tf.json', json }]);
    this.outputs = new Outputs(json.output);
  }

  /** The AWS name: literal in our Terraform, else where an output holds it. */
  functionName(fn: LambdaFn): Value {
    const name = literal(this.m.doc.resolve(fn.body.function_name));
    return name !== undefined ? { literal: name } : this.outputs.attribute(fn.id, 'function_name');
  }

  /** "λ demo-api", for titles. */
  label(fn: LambdaFn): string {
    const name = this.functionName(fn);
    return `λ ${'literal' in name ? name.literal : fn.id}`;
  }

  /** The function an ARN, name or reference invokes (an integration URI, a target_id, an endpoint). */
  targetFunction(value: unknown): LambdaFn | undefined {
    const target = this.m.lambdas.target(value);
    return target ? this.m.lambdas.functions.get(target.fn) : undefined;
  }

  /** Every route to a peering connection, in any route table. */
  peeringRoutes() {
    return [...this.m.network.routeTables.values()].flatMap((t) => t.routes).filter((r) => r.target.kind === 'peering');
  }

  /** The output listing the NAT's public IPs (EIPs or NAT gateways' public_ip), if any. */
  natIps(): Value | undefined {
    return this.outputs.only((r) => (r.type === 'aws_eip' || r.type === 'aws_nat_gateway') && r.attr === 'public_ip');
  }

  /** Whether the subnets send 0.0.0.0/0 to a NAT gateway or a NAT instance. */
  leavesThroughNat(subnets: string[]): boolean {
    return (
      subnets.length > 0 &&
      subnets.every((s) => {
        const table = this.m.network.routeTableOf(s)?.table;
        const kind = table && this.m.network.defaultRoute(table)?.target.kind;
        return kind === 'nat' || kind === 'eni' || kind === 'instance';
      })
    );
  }
}

/** What the step builders extend: the view at hand, with its model and outputs. */
export abstract class StackReader {
  protected readonly m: Model;
  protected readonly outputs: Outputs;

  constructor(protected readonly view: StackView) {
    this.m = view.m;
    this.outputs = view.outputs;
  }
}
