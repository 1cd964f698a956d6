/**
 * Turns an argument value into the id of what it points to, so every model speaks one language:
 * a resource address ("aws_subnet.private_a"), a synthetic id for things AWS creates implicitly
 * ("aws_vpc.main#default-sg", "aws_vpc.main#main-rt"), or the literal itself ("subnet-0abc": a
 * resource outside this configuration).
 */
import { items, literal, type TfDoc } from './doc';
import { refsIn, type Ref } from './refs';

export class Resolver {
  private readonly defaultSgs = new Map<string, string>();
  private readonly mainRts = new Map<string, string>();
  private readonly defaultNacls = new Map<string, string>();

  constructor(readonly doc: TfDoc) {
    for (const sg of doc.all('aws_default_security_group')) {
      const vpc = refsIn(sg.body.vpc_id)[0];
      if (vpc) this.defaultSgs.set(vpc.address, sg.address);
    }
    // aws_default_route_table adopts the VPC's main table; a main-route-table association replaces it.
    for (const rt of doc.all('aws_default_route_table')) {
      const vpc = refsIn(rt.body.default_route_table_id)[0];
      if (vpc?.type === 'aws_vpc') this.mainRts.set(vpc.address, rt.address);
    }
    for (const assoc of doc.all('aws_main_route_table_association')) {
      const vpc = refsIn(assoc.body.vpc_id)[0];
      const rt = refsIn(assoc.body.route_table_id)[0];
      if (vpc && rt) this.mainRts.set(vpc.address, rt.address);
    }
    for (const acl of doc.all('aws_default_network_acl')) {
      const vpc = refsIn(acl.body.default_network_acl_id)[0];
      if (vpc?.type === 'aws_vpc') this.defaultNacls.set(vpc.address, acl.address);
    }
  }

  /** The id a single-valued argument points to; undefined when absent. */
  id(value: unknown): string | undefined {
    const v = this.doc.resolve(value);
    if (v === undefined || v === null) return undefined;
    const lit = literal(v);
    if (lit !== undefined) return lit;
    const ref = refsIn(v)[0];
    return ref ? this.refId(ref) : undefined;
  }

  /** Ids of a list argument; a splat string yields every reference in it. */
  ids(value: unknown): string[] {
    const out: string[] = [];
    for (const item of items(this.doc.resolve(value))) {
      const lit = literal(item);
      if (lit !== undefined) out.push(lit);
      else for (const ref of refsIn(item)) out.push(this.refId(ref));
    }
    return [...new Set(out)];
  }

  refId(ref: Ref): string {
    if (ref.type === 'aws_vpc') {
      if (ref.attr === 'default_security_group_id') return this.defaultSgOf(ref.address);
      if (ref.attr === 'main_route_table_id' || ref.attr === 'default_route_table_id') return this.mainRouteTableOf(ref.address);
      if (ref.attr === 'default_network_acl_id') return this.defaultNaclOf(ref.address);
    }
    return ref.address;
  }

  defaultSgOf(vpc: string): string {
    return this.defaultSgs.get(vpc) ?? `${vpc}#default-sg`;
  }

  mainRouteTableOf(vpc: string): string {
    return this.mainRts.get(vpc) ?? `${vpc}#main-rt`;
  }

  defaultNaclOf(vpc: string): string {
    return this.defaultNacls.get(vpc) ?? `${vpc}#default-nacl`;
  }
}
