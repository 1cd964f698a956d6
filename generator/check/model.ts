/**
 * The normalized model of one Terraform configuration: network, security groups, IAM, Lambda and the
 * services on its paths, plus the dependency graph (references and depends_on) that ordering rules
 * need. Built once from the JSON; the rules only read it.
 */
import { TfDoc } from './doc';
import type { TfDocument } from './eval/expand';
import { Iam } from './iam';
import { Lambdas, type LambdaFn } from './lambda';
import { Network } from './network';
import { dependsOnAddress, refsIn } from './refs';
import { Resolver } from './resolver';
import { SecurityGroups, type Side } from './security-groups';
import { Services, type LoadBalancer, type MountTarget } from './services';

export class Model {
  readonly r: Resolver;
  readonly network: Network;
  readonly sgs: SecurityGroups;
  readonly iam: Iam;
  readonly lambdas: Lambdas;
  readonly services: Services;
  private readonly edges = new Map<string, Set<string>>();

  constructor(readonly doc: TfDoc) {
    this.r = new Resolver(doc);
    this.network = new Network(doc, this.r);
    this.sgs = new SecurityGroups(doc, this.r, this.network.vpcs.keys());
    this.iam = new Iam(doc, this.r);
    this.lambdas = new Lambdas(doc, this.r);
    this.services = new Services(doc, this.r);
    for (const mt of this.services.mountTargets) {
      // Without security_groups a mount target lands on the VPC's default group.
      const vpc = this.network.subnets.get(mt.subnet ?? '')?.vpc;
      if (mt.sgs.length === 0 && vpc) mt.sgs.push(this.r.defaultSgOf(vpc));
    }
  }

  /**
   * The one entry from documents to the model: expanded Terraform JSON (eval/expand.ts, or a plan
   * read by input/plan-json.ts), each document optionally under a module address.
   */
  static fromDocuments(documents: TfDocument[]): Model {
    return new Model(TfDoc.from(documents));
  }

  /** @deprecated the former name of fromDocuments. */
  static fromFiles(documents: TfDocument[]): Model {
    return Model.fromDocuments(documents);
  }

  // ---- dependency graph -------------------------------------------------------------------

  /** Addresses a resource references or lists in depends_on. */
  directDependencies(address: string): Set<string> {
    let deps = this.edges.get(address);
    if (!deps) {
      deps = new Set<string>();
      const res = this.doc.get(address);
      if (res) {
        const { depends_on: dependsOn, ...rest } = res.body;
        for (const ref of refsIn(rest)) deps.add(ref.address);
        for (const entry of Array.isArray(dependsOn) ? dependsOn : []) {
          const dep = dependsOnAddress(entry);
          if (dep) deps.add(dep);
        }
      }
      this.edges.set(address, deps);
    }
    return deps;
  }

  /** Whether Terraform creates `to` before `from` (a path of references or depends_on). */
  dependsOn(from: string, to: string): boolean {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length > 0) {
      const next = queue.pop()!;
      for (const dep of this.directDependencies(next)) {
        if (dep === to) return true;
        if (!seen.has(dep)) {
          seen.add(dep);
          queue.push(dep);
        }
      }
    }
    return false;
  }

  // ---- helpers shared by the rules ------------------------------------------------------------

  /** The function as one end of a connection: its groups and its subnets' CIDRs. */
  fnSide(fn: LambdaFn): Side {
    return { sgs: fn.sgs, cidrs: this.cidrsOf(fn.subnets) };
  }

  cidrsOf(subnets: string[]): string[] {
    const cidrs = subnets.map((s) => this.network.subnets.get(s)?.cidr);
    return cidrs.every((c): c is string => c !== undefined) ? cidrs : [];
  }

  /** The VPC a function runs in (from its subnets, else its security groups). */
  vpcOf(fn: LambdaFn): string | undefined {
    for (const s of fn.subnets) {
      const vpc = this.network.subnets.get(s)?.vpc;
      if (vpc) return vpc;
    }
    for (const sg of fn.sgs) {
      const vpc = this.sgs.get(sg)?.vpc;
      if (vpc) return vpc;
    }
    return undefined;
  }

  /** Security groups of a load balancer; an ALB without any gets its VPC's default group. */
  lbSgs(lb: LoadBalancer): string[] {
    if (lb.sgs.length > 0 || lb.type !== 'application') return lb.sgs;
    const vpc = lb.subnets.map((s) => this.network.subnets.get(s)?.vpc).find(Boolean);
    return vpc ? [this.r.defaultSgOf(vpc)] : [];
  }

  lbVpc(lb: LoadBalancer): string | undefined {
    return lb.subnets.map((s) => this.network.subnets.get(s)?.vpc).find(Boolean);
  }

  mountTargetSide(mt: MountTarget): Side {
    return { sgs: mt.sgs, cidrs: this.cidrsOf(mt.subnet ? [mt.subnet] : []) };
  }

  /** Whether an id is a VPC default security group (managed or not). */
  isDefaultSg(id: string): boolean {
    return id.endsWith('#default-sg') || this.sgs.get(id)?.isDefault === true;
  }

  /** The function whose security groups include this one, for naming a rule's owner. */
  ownerOfSg(sg: string): LambdaFn | undefined {
    return [...this.lambdas.functions.values()].find((f) => f.sgs.includes(sg));
  }

  /** The AZ of a subnet, or its id when unknown (then each subnet counts as its own zone). */
  azOf(subnet: string): string {
    return this.network.subnets.get(subnet)?.az ?? subnet;
  }

  /** Short readable label for an AZ in messages ("eu-west-1a"). */
  azLabel(subnet: string): string {
    const az = this.network.subnets.get(subnet)?.az;
    return az && !az.includes('${') ? az : subnet;
  }

  get region(): string | undefined {
    return this.doc.region;
  }

  /** Functions in a VPC whose subnets and groups this configuration resolves (the ones paths are traced for). */
  functionsInVpc(): LambdaFn[] {
    return [...this.lambdas.functions.values()].filter((f) => f.inVpc);
  }

  /** Functions with a vpc_config that cannot be resolved: a WARN each, never silence. */
  functionsUnplaced(): LambdaFn[] {
    return [...this.lambdas.functions.values()].filter((f) => f.placementUnknown !== undefined);
  }

  /**
   * Every function with a vpc_config, resolved or not: what does not depend on which subnets it runs
   * in (log retention, destroy-time ENIs, its known security groups) is checked for all of them.
   */
  functionsWithVpcConfig(): LambdaFn[] {
    return [...this.lambdas.functions.values()].filter((f) => f.inVpc || f.placementUnknown !== undefined);
  }
}
