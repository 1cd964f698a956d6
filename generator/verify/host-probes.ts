/**
 * The Session Manager debug host's step: whether its agent has registered, and the probes to run in a
 * shell on it, read from its own security group's egress rules (what it may reach is what it can
 * test: the NAT, interface endpoints, load balancers, EFS, a peer VPC; ping only with ICMP out).
 */
import { ANYWHERE, cidrContains } from '../check/cidr';
import type { SgRule } from '../check/security-groups';
import { StackReader, type StackView } from './stack-view';
import type { HostStep, Probe, Value } from './steps';

/** Interface endpoints the Session Manager session itself proves: no probe for them. */
const SESSION_SERVICES = new Set(['ssm', 'ssmmessages', 'ec2messages']);

export function hostStep(view: StackView): HostStep | undefined {
  return new HostProbes(view).step();
}

class HostProbes extends StackReader {
  step(): HostStep | undefined {
    const instance = [...this.m.network.instances.values()].find((i) => {
      const role = i.instanceProfile && this.m.iam.roles.get(this.m.iam.profiles.get(i.instanceProfile) ?? '');
      // A NAT instance may be reachable by Session Manager too, but it is not where probes run from.
      return i.sourceDestCheck && role && this.m.iam.allows(role, 'ssm:UpdateInstanceInformation');
    });
    if (!instance) return undefined;
    const probes = new Probes();
    for (const rule of this.m.sgs.rulesOf(instance.sgs, false)) this.probesFor(rule, instance.subnet, probes);
    return {
      kind: 'ssm-host',
      title: `Session Manager host ${instance.id}`,
      address: instance.id,
      instance: this.outputs.attribute(instance.id, 'id'),
      probes: probes.list,
    };
  }

  /** What the host can try through one of its egress rules. */
  private probesFor(rule: SgRule, subnet: string | undefined, probes: Probes): void {
    const peer = rule.peer;
    if (rule.protocol === 'icmp' || rule.protocol === 'all') {
      const target = peer.kind === 'cidr' && peer.cidr !== ANYWHERE ? this.cidrHost(peer.cidr) : undefined;
      if (target) probes.add({ what: `ICMP to ${target.label}`, command: `ping -c 3 ${target.host}`, expect: 'replies, unless the far side drops ICMP', values: {} });
    }
    if (peer.kind === 'cidr' && peer.cidr === ANYWHERE) {
      if (!(rule.from <= 443 && 443 <= rule.to) || !subnet || !this.view.leavesThroughNat([subnet])) return;
      const ips = this.view.natIps();
      probes.add({
        what: 'internet egress through NAT',
        command: 'curl -sS -m 5 https://checkip.amazonaws.com',
        expect: ips ? 'one of <egress_ips>: the NAT the Lambda subnets use' : "the NAT's public IP",
        values: ips ? { egress_ips: ips } : {},
      });
      return;
    }
    if (peer.kind === 'cidr') {
      const target = this.cidrHost(peer.cidr);
      if (rule.protocol === 'icmp') return;
      for (const port of portsOf(rule)) {
        probes.add({ what: `TCP ${port} to ${target.label}`, command: `timeout 3 bash -c '</dev/tcp/${target.host}/${port}' && echo open`, expect: '"open"; a timeout points at the routes (peering, the route back) or the far security group', values: {} });
        probes.add({
          what: `the route to ${target.label}`,
          command: `sudo traceroute -n -T -p ${port} ${target.host}`,
          expect: `the last hop is \`${target.host}\` (install with \`sudo dnf install -y traceroute\` if missing); stars all the way mean no route back`,
          values: {},
        });
        if (target.url) probes.add({ what: `the API at ${target.url}`, command: `curl -sS -m 5 -i ${target.url}`, expect: 'an HTTP status line from the API', values: {} });
      }
      return;
    }
    if (peer.kind === 'sg') this.probesToGroup(peer.id, rule, probes);
  }

  /** A host to try in a CIDR the host may send to: the address a function calls there, else a placeholder. */
  private cidrHost(cidr: string): { host: string; label: string; url?: string } {
    const where = this.view.peeringRoutes().some((r) => cidrContains(r.destination, cidr)) ? `the peer VPC ${cidr}` : cidr;
    for (const fn of this.m.lambdas.functions.values()) {
      for (const value of Object.values(fn.env)) {
        const host = typeof value === 'string' ? /^https?:\/\/(\d+\.\d+\.\d+\.\d+)/.exec(value)?.[1] : undefined;
        if (host && cidrContains(cidr, `${host}/32`)) return { host, label: `${host} (${where})`, url: value as string };
      }
    }
    return { host: `<host in ${cidr}>`, label: where };
  }

  /** Probes towards whatever owns a security group: endpoints, load balancers, EFS mount targets. */
  private probesToGroup(sg: string, rule: SgRule, probes: Probes): void {
    const region = this.m.region ?? '<region>';
    for (const endpoint of this.m.network.endpoints.values()) {
      if (endpoint.type !== 'Interface' || !endpoint.sgs.includes(sg) || SESSION_SERVICES.has(endpoint.service)) continue;
      if (endpoint.endpointService) {
        this.view.reached.add(endpoint.endpointService);
        const url = this.outputs.url(endpoint.id);
        if (url) probes.add(postProbe(`the endpoint service through consumer endpoint ${endpoint.id}`, url));
        continue;
      }
      if (endpoint.service === 'execute-api') {
        for (const api of [...this.m.services.restApis.values()].filter((a) => a.private && a.vpcEndpoints.includes(endpoint.id))) {
          this.view.reached.add(api.id);
          const stage = this.m.services.restStages.find((st) => st.api === api.id);
          const url = stage && this.outputs.url(stage.id);
          if (url) probes.add(postProbe(`private REST API ${api.id} through ${endpoint.id}`, url));
        }
        continue;
      }
      const host = `${endpoint.service}.${region}.amazonaws.com`;
      probes.add({ what: `private DNS of the ${endpoint.service} endpoint`, command: `getent hosts ${host}`, expect: 'addresses in the Lambda subnets, not public ones', values: {} });
      probes.add({ what: `HTTPS to ${endpoint.service} through its endpoint`, command: `curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' https://${host}/`, expect: 'any HTTP status; a timeout points at the endpoint\'s security group', values: {} });
    }
    for (const lb of this.m.services.loadBalancers.values()) {
      if (!this.m.lbSgs(lb).includes(sg)) continue;
      this.view.reached.add(lb.id);
      const url = this.outputs.url(lb.id);
      if (url && lb.type === 'application') {
        probes.add(postProbe(`internal ALB ${lb.id}`, url));
        continue;
      }
      const dns = this.outputs.attribute(lb.id, 'dns_name');
      for (const listener of [...this.m.services.listeners.values()].filter((l) => l.lb === lb.id && l.port !== undefined && rule.from <= l.port && l.port <= rule.to)) {
        probes.add({ what: `${lb.id} on TCP ${listener.port}`, command: `timeout 3 bash -c '</dev/tcp/<lb_dns>/${listener.port}' && echo open`, expect: '"open"', values: { lb_dns: dns } });
      }
    }
    const fileSystems = new Set(this.m.services.mountTargets.filter((mt) => mt.sgs.includes(sg) && mt.fs).map((mt) => mt.fs!));
    for (const fs of fileSystems) {
      probes.add({
        what: `NFS to EFS ${fs}`,
        command: `timeout 3 bash -c '</dev/tcp/<file_system_id>.efs.${region}.amazonaws.com/2049' && echo open`,
        expect: '"open": the mount target in this AZ admits the host on 2049',
        values: { file_system_id: this.outputs.attribute(fs, 'id') },
      });
    }
  }
}

/** Probes without repeats, in the order they were found. */
class Probes {
  readonly list: Probe[] = [];

  add(probe: Probe): void {
    if (!this.list.some((p) => p.command === probe.command)) this.list.push(probe);
  }
}

function postProbe(what: string, url: Value): Probe {
  return { what, command: `curl -sS -m 5 -i -X POST -H 'content-type: application/json' -d '{}' <url>`, expect: 'HTTP 200 with the target function\'s answer', values: { url } };
}

/** The ports of a TCP rule worth probing: its first port (a range is probed at its start). */
function portsOf(rule: SgRule): number[] {
  if (rule.protocol !== 'tcp' && rule.protocol !== 'all') return [];
  return rule.protocol === 'all' ? [443] : [rule.from];
}

