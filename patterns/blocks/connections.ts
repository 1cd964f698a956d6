/**
 * Security-group wiring as one concept (after aws-cdk-lib/aws-ec2/lib/connections.ts, v2): every
 * allow writes both halves, the ingress rule on one group and the egress rule on the other, as
 * standalone described rule resources, so a reviewer sees each hop of the path once.
 */
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/** A protocol and port range for a security-group rule: `Port.tcp(443)`, `Port.allTraffic()`. */
export class Port {
  static tcp(port: number): Port {
    return new Port('tcp', port, port, `tcp-${port}`, `TCP ${port}`);
  }
  /** Every ICMP type and code (ping, traceroute's replies, path MTU discovery). */
  static allIcmp(): Port {
    return new Port('icmp', -1, -1, 'icmp', 'ICMP');
  }
  static allTraffic(): Port {
    return new Port('-1', undefined, undefined, 'all', 'all traffic');
  }

  private constructor(
    readonly protocol: string,
    readonly fromPort: number | undefined,
    readonly toPort: number | undefined,
    /** Goes into resource ids: "tcp-443". */
    readonly id: string,
    /** Goes into descriptions: "TCP 443". */
    readonly label: string,
  ) {}
}

/** Anything that owns a security group: functions, endpoints, load balancers, EFS, hosts. */
export interface IConnectable {
  readonly connections: Connections;
}

export interface ConnectionsProps {
  /** Construct that holds the rule resources of this group. */
  scope: Construct;
  securityGroupId: string;
  /** Short readable name of the peer ("fn-api", "efs"), used in rule ids and descriptions. */
  name: string;
  /** The port callers use when none is given (EFS 2049, HTTPS endpoints 443). */
  defaultPort?: Port;
}

/**
 * The security group of something in the VPC, and the rules that let traffic reach it or leave it.
 * Each allow writes both halves (ingress here, egress on the peer), described, once.
 *
 * @example
 *   // the reporter function may call the ALB on 80
 *   alb.connections.allowFrom(stack.fn('reporter'), Port.tcp(80), 'Reporter calls the ALB');
 */
export class Connections {
  readonly securityGroupId: string;
  readonly name: string;
  readonly defaultPort?: Port;
  private readonly scope: Construct;

  constructor(props: ConnectionsProps) {
    this.scope = props.scope;
    this.securityGroupId = props.securityGroupId;
    this.name = props.name;
    this.defaultPort = props.defaultPort;
  }

  /** Lets `other` reach this group on `port`: ingress here, egress there. */
  allowFrom(other: IConnectable, port: Port, why: string): void {
    const peer = other.connections;
    this.ingress(`from-${peer.name}-${port.id}`, port, `${why}: ${port.label} from ${peer.name}`, {
      referencedSecurityGroupId: peer.securityGroupId,
    });
    peer.egress(`to-${this.name}-${port.id}`, port, `${why}: ${port.label} to ${this.name}`, {
      referencedSecurityGroupId: this.securityGroupId,
    });
  }

  /** allowFrom on this group's default port. */
  allowDefaultPortFrom(other: IConnectable, why: string): void {
    this.allowFrom(other, this.requireDefaultPort(), why);
  }

  /** Lets this group reach `other` on its default port. */
  allowDefaultPortTo(other: IConnectable, why: string): void {
    other.connections.allowDefaultPortFrom({ connections: this }, why);
  }

  /** Egress only, to a CIDR (the internet through NAT, a peer VPC). */
  allowToCidr(cidr: string, port: Port, why: string, id = cidrId(cidr)): void {
    this.egress(`to-${id}-${port.id}`, port, `${why}: ${port.label} to ${cidr}`, { cidrIpv4: cidr });
  }

  /** Egress only, to a managed prefix list (S3 or DynamoDB through a gateway endpoint); `id` names it. */
  allowToPrefixList(prefixListId: string, port: Port, why: string, id: string): void {
    this.egress(`to-${id}-${port.id}`, port, `${why}: ${port.label} to the ${id} prefix list`, { prefixListId });
  }

  /** Ingress only, from a CIDR (private subnets into a NAT instance). */
  allowFromCidr(cidr: string, port: Port, why: string, id = cidrId(cidr)): void {
    this.ingress(`from-${id}-${port.id}`, port, `${why}: ${port.label} from ${cidr}`, { cidrIpv4: cidr });
  }

  private requireDefaultPort(): Port {
    if (!this.defaultPort) {
      throw new Error(`VLG_NO_DEFAULT_PORT: ${this.name} has no default port; name the port explicitly`);
    }
    return this.defaultPort;
  }

  private ingress(id: string, port: Port, description: string, peer: PeerProps): void {
    this.rule(VpcSecurityGroupIngressRule, `ingress-${id}`, port, description, peer);
  }

  private egress(id: string, port: Port, description: string, peer: PeerProps): void {
    this.rule(VpcSecurityGroupEgressRule, `egress-${id}`, port, description, peer);
  }

  /** One described rule resource on this group; a rule that already exists is allowed already. */
  private rule(
    Rule: typeof VpcSecurityGroupIngressRule | typeof VpcSecurityGroupEgressRule,
    id: string,
    port: Port,
    description: string,
    peer: PeerProps,
  ): void {
    if (this.scope.node.tryFindChild(id)) return;
    new Rule(this.scope, id, {
      securityGroupId: this.securityGroupId,
      ipProtocol: port.protocol,
      fromPort: port.fromPort,
      toPort: port.toPort,
      description,
      ...peer,
    });
  }
}

type PeerProps = { referencedSecurityGroupId: string } | { cidrIpv4: string } | { prefixListId: string };

function cidrId(cidr: string): string {
  return cidr === '0.0.0.0/0' ? 'internet' : cidr.replace(/[./]/g, '-');
}
