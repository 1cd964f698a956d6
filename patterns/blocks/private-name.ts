/**
 * A DNS name of the user's own (the one the certificate covers) that resolves inside one VPC only:
 * a private hosted zone for exactly that name, associated with the VPC, and an alias A record to a
 * load balancer or an interface endpoint. Without it the caller asks public DNS for the name and
 * either finds nothing or leaves the VPC; with it, the name works and `check` can follow it.
 */
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { Construct } from 'constructs';
import { awsName } from './naming';
import type { INetwork } from './network';

/** Where the name points: a load balancer's or an endpoint's DNS name and the hosted zone it is in. */
export interface AliasTarget {
  readonly dnsName: string;
  readonly zoneId: string;
}

export interface PrivateNameProps {
  readonly stackName: string;
  /** The VPC in which the name resolves (the caller's). */
  readonly network: INetwork;
  /** A lower-case DNS name, validated by the config (domainName). */
  readonly name: string;
  readonly target: AliasTarget;
}

export class PrivateName extends Construct {
  readonly zone: Route53Zone;
  readonly record: Route53Record;

  constructor(scope: Construct, id: string, props: PrivateNameProps) {
    super(scope, id);
    // A zone for exactly this name overrides nothing else of the domain in the VPC.
    this.zone = new Route53Zone(this, 'zone', {
      name: props.name,
      comment: `${props.name} inside the VPC only (vpc-lambda-gen)`,
      vpc: [{ vpcId: props.network.vpc.id }],
      tags: { Name: awsName(props.stackName, id) },
    });
    this.record = new Route53Record(this, 'record', {
      zoneId: this.zone.zoneId,
      name: props.name,
      type: 'A',
      alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: false },
    });
  }

  /** The name, as a reference to the record: callers that use it depend on the record existing. */
  get fqdn(): string {
    return this.record.fqdn;
  }
}
