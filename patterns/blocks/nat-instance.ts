/**
 * NAT instances (scenario 1): cheap egress for low traffic. An arm64 Amazon Linux 2023 instance in a
 * public subnet with an EIP, source/destination check off, IMDSv2, a security group that admits only
 * the Lambda subnets, and boot commands that turn on forwarding and masquerading for good. The
 * private route tables point at the instance's primary network interface (Egress.natInstance).
 */
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { DEFAULT_NAT_INSTANCE_TYPE } from '../../generator/catalog/nat-instance-options';
import { al2023InstanceDefaults, SsmInstanceRole } from './amazon-linux';
import { Connections, type IConnectable, Port } from './connections';
import { awsName } from './naming';
import { waitForInternetGateway, type INetwork } from './network';

export interface NatInstancesProps {
  /**
   * EC2 type of each instance: a Graviton (arm64) type, since the image is arm64. A t4g.nano handles a
   * few Mbit/s; a NAT gateway scales without limit but costs far more per hour.
   * @default t4g.nano
   */
  instanceType?: string;
  /**
   * One instance per AZ, each private subnet routed to the one in its AZ, instead of one shared: more
   * instances, but no cross-AZ data charges and an AZ outage stops only its own subnet's egress.
   * @default false
   */
  perAz?: boolean;
  /**
   * AmazonSSMManagedInstanceCore on the instance role, so the instance can be inspected with Session
   * Manager. Port 22 is never opened either way.
   * @default true
   */
  ssmAccess?: boolean;
}

/**
 * Boot commands, run once by cloud-init; what they write makes forwarding and masquerading survive
 * reboots (sysctl.d and an enabled systemd unit). Masquerades only traffic from the Lambda subnets to
 * outside the VPC, without naming the network interface (ens5/eth0 differ between instance types).
 * No "${" may appear here: Terraform would read it as interpolation.
 */
export function natInstanceUserData(props: { privateCidrs: string[]; vpcCidr: string }): string {
  return `#!/bin/bash
# vpc-lambda-gen NAT instance: IP forwarding + masquerade for the Lambda subnets.
set -euo pipefail
cat > /etc/sysctl.d/90-vlg-nat.conf <<'EOF'
net.ipv4.ip_forward = 1
net.ipv4.conf.all.send_redirects = 0
net.ipv4.conf.default.send_redirects = 0
EOF
sysctl --system
# The EIP may attach a few seconds after boot: retry until the package repositories answer.
for attempt in $(seq 1 30); do
  command -v nft >/dev/null && break
  dnf install -y nftables && break
  sleep 10
done
cat > /etc/vlg-nat.nft <<'EOF'
table ip vlg_nat
delete table ip vlg_nat
table ip vlg_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr { ${props.privateCidrs.join(', ')} } ip daddr != ${props.vpcCidr} masquerade
  }
}
EOF
cat > /etc/systemd/system/vlg-nat.service <<'EOF'
[Unit]
Description=vpc-lambda-gen NAT: masquerade the Lambda subnets
After=network-online.target
Wants=network-online.target
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/sbin/nft -f /etc/vlg-nat.nft
[Install]
WantedBy=multi-user.target
EOF
systemctl daemon-reload
systemctl enable --now vlg-nat.service
# No SSH, ever: Session Manager needs no sshd, and without it port 22 answers nothing.
systemctl disable --now sshd.service || true
`;
}

export class NatInstances extends Construct implements IConnectable {
  readonly connections: Connections;
  readonly securityGroup: SecurityGroup;
  readonly ssmRole?: SsmInstanceRole;
  /** By AZ of the public subnet the instance sits in. */
  readonly instances = new Map<string, Instance>();
  readonly eips = new Map<string, Eip>();

  constructor(network: INetwork, id: string, props: NatInstancesProps = {}) {
    super(network, id);
    const instanceType = props.instanceType ?? DEFAULT_NAT_INSTANCE_TYPE;
    if (network.publicSubnets.length === 0) {
      throw new Error('VLG_NO_PUBLIC_SUBNET: a NAT instance needs a public subnet, but this network has none; use an egress with internet (Egress.natInstance) so the network creates them');
    }
    const name = (...parts: string[]) => awsName(network.stackName, 'nat', ...parts);

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: name('instance'),
      description: 'NAT instances: any traffic from the Lambda subnets, forwarded out',
      vpcId: network.vpc.id,
      tags: { Name: name('instance') },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'nat-instance' });
    for (const { key, cidr } of network.privateSubnets) {
      this.connections.allowFromCidr(cidr, Port.allTraffic(), `Lambda subnet ${key} through NAT`, `private-${key}`);
    }
    this.connections.allowToCidr('0.0.0.0/0', Port.allTraffic(), 'Forwarded traffic and package updates');

    if (props.ssmAccess ?? true) this.ssmRole = new SsmInstanceRole(this, 'ssm', { name: name('instance') });

    const userData = natInstanceUserData({ privateCidrs: network.privateSubnets.map((s) => s.cidr), vpcCidr: network.cidr });
    const hosts = props.perAz ? network.publicSubnets : [network.publicSubnetFor(undefined)];
    for (const { key: suffix, az, subnet } of hosts) {
      const instance = new Instance(this, `instance-${suffix}`, {
        ...al2023InstanceDefaults(this, instanceType),
        subnetId: subnet.id,
        vpcSecurityGroupIds: [this.securityGroup.id],
        iamInstanceProfile: this.ssmRole?.profile.name,
        // A NAT forwards packets addressed to other hosts; with the check on, EC2 drops them and the
        // functions' egress silently dies.
        sourceDestCheck: false,
        userData,
        // The script runs only at first boot: a changed script needs a new instance to take effect.
        userDataReplaceOnChange: true,
        tags: { Name: name(suffix) },
        dependsOn: [...(waitForInternetGateway(network) ?? []), ...(this.ssmRole ? [this.ssmRole.attachment] : [])],
      });
      this.instances.set(az ?? suffix, instance);
      this.eips.set(
        az ?? suffix,
        new Eip(this, `eip-${suffix}`, {
          domain: 'vpc',
          networkInterface: instance.primaryNetworkInterfaceId,
          tags: { Name: name(suffix) },
          dependsOn: waitForInternetGateway(network),
        }),
      );
    }
  }

  /** The primary network interface of the instance serving a private subnet's AZ (or the shared one). */
  networkInterfaceFor(az: string | undefined): string {
    return ((az && this.instances.get(az)) || [...this.instances.values()][0]).primaryNetworkInterfaceId;
  }

  get publicIps(): string[] {
    return [...this.eips.values()].map((e) => e.publicIp);
  }
}
