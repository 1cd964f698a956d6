/**
 * An internal Application Load Balancer in the Lambda subnets with one VPC function as its target:
 * a target group of type lambda (no port, protocol or VPC), the invoke permission for
 * elasticloadbalancing.amazonaws.com scoped to that target group, the attachment created only after
 * the permission (AWS refuses to register a function it may not invoke), and a listener forwarding
 * to it: HTTP, or HTTPS when a certificate is given. Callers are admitted through `connections`,
 * whose default port is the listener port.
 */
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { LbTargetGroupAttachment } from '@cdktf/provider-aws/lib/lb-target-group-attachment';
import type { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { Connections, type IConnectable, Port } from './connections';
import { awsName, loadBalancerName } from './naming';
import type { INetwork } from './network';
import { stackVariable } from './variables';
import type { VpcFunction } from './vpc-function';
import type { AliasTarget } from './private-name';

export const DEFAULT_HTTP_LISTENER_PORT = 80;
export const DEFAULT_HTTPS_LISTENER_PORT = 443;
/** TLS 1.3 and 1.2 only, forward-secret ciphers: the ELB policy AWS recommends for new listeners. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface InternalAlbProps {
  stackName: string;
  network: INetwork;
  /** The function behind the load balancer; the ALB invokes its `live` alias. */
  target: VpcFunction;
  /**
   * Port the listener accepts on, 1–65535.
   * @default 443 with a certificate, else 80
   */
  listenerPort?: number;
  /**
   * ACM certificate ARN (same region): the listener becomes HTTPS with DEFAULT_SSL_POLICY.
   * @default - HTTP
   */
  certificateArn?: string;
}

export class InternalAlb extends Construct implements IConnectable {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly permission: LambdaPermission;
  readonly attachment: LbTargetGroupAttachment;
  readonly listener: LbListener;
  readonly connections: Connections;
  readonly listenerPort: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  private readonly stackName: string;

  constructor(scope: Construct, id: string, props: InternalAlbProps) {
    super(scope, id);
    const { stackName, network, target } = props;
    this.stackName = stackName;
    this.protocol = props.certificateArn ? 'HTTPS' : 'HTTP';
    this.listenerPort = props.listenerPort ?? (props.certificateArn ? DEFAULT_HTTPS_LISTENER_PORT : DEFAULT_HTTP_LISTENER_PORT);

    const name = awsName(stackName, 'alb');
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name,
      description: `Internal ALB ${name}: the listener port from admitted callers only`,
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'alb', defaultPort: Port.tcp(this.listenerPort) });

    this.loadBalancer = new Lb(this, 'load-balancer', {
      name: loadBalancerName(stackName, 'alb'),
      internal: true,
      loadBalancerType: 'application',
      subnets: network.privateSubnetIds,
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      tags: { Name: name },
    });

    this.targetGroup = new LbTargetGroup(this, 'target-group', {
      name: loadBalancerName(stackName, 'fn-tg'),
      targetType: 'lambda',
      // Off: each check would invoke the function, and a check slower than its interval flaps.
      healthCheck: { enabled: false },
      tags: { Name: awsName(stackName, 'fn-tg') },
    });
    this.permission = target.allowInvoke('alb', 'elasticloadbalancing.amazonaws.com', this.targetGroup.arn);
    this.attachment = new LbTargetGroupAttachment(this, 'target', {
      targetGroupArn: this.targetGroup.arn,
      targetId: target.alias.arn,
      dependsOn: [this.permission],
    });

    this.listener = new LbListener(this, 'listener', {
      loadBalancerArn: this.loadBalancer.arn,
      port: this.listenerPort,
      protocol: this.protocol,
      // The platform team may swap the certificate (var.certificate_arn) without regenerating.
      certificateArn: props.certificateArn ? certificateVariable(this, props.certificateArn, network.region).stringValue : undefined,
      sslPolicy: props.certificateArn ? DEFAULT_SSL_POLICY : undefined,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
      tags: { Name: name },
    });
  }

  /** What a DNS alias to the ALB names: its DNS name and hosted zone. */
  get aliasTarget(): AliasTarget {
    return { dnsName: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId };
  }

  /** `<protocol>://<host>:<port>/<path>`; host defaults to the ALB's own DNS name. */
  url(path: string, host: string = this.loadBalancer.dnsName): string {
    return `${this.protocol.toLowerCase()}://${host}:${this.listenerPort}/${path}`;
  }

  /** Answers `path` with a fixed 200 on the listener, without invoking the function (for NLB health checks). */
  respondOk(id: string, path: string, priority: number): LbListenerRule {
    return new LbListenerRule(this, id, {
      listenerArn: this.listener.arn,
      priority,
      condition: [{ pathPattern: { values: [path] } }],
      action: [{ type: 'fixed-response', fixedResponse: { contentType: 'text/plain', statusCode: '200', messageBody: 'ok' } }],
      tags: { Name: awsName(this.stackName, id) },
    });
  }
}

/** var.certificate_arn: an ACM certificate of the stack's region, defaulted from the config. */
function certificateVariable(scope: Construct, certificateArn: string, region: string) {
  return stackVariable(scope, 'certificate_arn', {
    type: 'string',
    default: certificateArn,
    description: `ACM certificate of the HTTPS listener, in ${region} (a load balancer uses only its own region's); it must cover the name the caller uses`,
    checks: (v) => [
      {
        condition: Fn.can(Fn.regex(`^arn:aws(-cn|-us-gov)?:acm:${region}:[0-9]{12}:certificate/[0-9a-f-]{36}$`, v.stringValue)),
        errorMessage: `certificate_arn must be an ACM certificate ARN in ${region}, such as "arn:aws:acm:${region}:123456789012:certificate/<uuid>".`,
      },
    ],
  });
}
