/**
 * The NAT instance's user data is the one program we generate that runs on a machine. Here it runs for
 * real: each stack's VPC is rebuilt from network namespaces (helpers/vpc-lab.ts) from its synthesized
 * Terraform (helpers/nat-lab-plan.ts), the instance's own user data boots in its namespace, and TCP
 * connections from the Lambda subnets show what gets out and with which source address. Mutated user
 * data must make the same observations come out wrong, or these checks could not fail.
 *
 * Needs root, iproute2, util-linux and nftables; skipped with a banner otherwise, a failure when
 * VLG_REQUIRE_NETNS is set (helpers/netns.ts).
 */
import * as fs from 'node:fs';
import type { RawConfig } from '../generator/config/schema';
import { type CommandResult, findNetnsToolchain, netnsTest, reportNetns } from './helpers/netns';
import { plannedLab, type PlannedLab, withVpcServer } from './helpers/nat-lab-plan';
import { rawConfig, synth } from './helpers/synth';
import { destroyAllLabs, INTERNET_SERVER, labsBuilt, PATIENCE, processLeftovers, VpcLab, withVpcLab } from './helpers/vpc-lab';

const STACKS: { title: string; config: RawConfig; handler?: string }[] = [
  { title: 'nat-instance, one shared NAT instance', config: rawConfig({ pattern: { id: 'nat-instance' } }) },
  { title: 'nat-instance --nat-per-az, three AZs', config: rawConfig({ availabilityZones: 3, pattern: { id: 'nat-instance', natPerAz: true } }) },
  {
    title: 'sns-slack --nat instance',
    config: rawConfig({ pattern: { id: 'sns-slack', nat: 'instance' }, functions: [{ name: 'notifier' }] }),
    handler: 'slack-notifier',
  },
];

const VPC_SERVER = 'vpc-server';
const labTest = netnsTest();
const available = !findNetnsToolchain().reason;

/** Edits the user data; refuses an edit that changes nothing, which would make a mutation test pass vacuously. */
function mutate(script: string, pattern: RegExp, replacement = ''): string {
  const mutated = script.replace(pattern, replacement);
  if (mutated === script) throw new Error(`the mutation ${pattern} does not apply to the user data`);
  return mutated;
}

const MUTATIONS = [
  { title: 'without IP forwarding', edit: (s: string) => mutate(s, /^net\.ipv4\.ip_forward = 1\n/m), breaks: 'egress' },
  { title: 'without the masquerade rule', edit: (s: string) => mutate(s, /^ *ip saddr .* masquerade\n/m), breaks: 'egress' },
  { title: 'masquerading traffic to the VPC too', edit: (s: string) => mutate(s, / ip daddr != \S+ masquerade$/m, ' masquerade'), breaks: 'vpc' },
] as const;

// ---------------------------------------------------------------------------
// Observations: what each Lambda subnet's host gets back, and what the checks expect
// ---------------------------------------------------------------------------

type Seen = Record<string, string | null>;

/**
 * Connects from every Lambda subnet at once; by subnet, the source address the server saw (null: no
 * answer within the patience, short when the check expects silence: PATIENCE.forSilence).
 */
async function seenBy(lab: VpcLab, plan: PlannedLab, server: string, patience: number): Promise<Seen> {
  const seen = await Promise.all(plan.lambdas.map((l) => lab.probe(l.host, server, patience)));
  return Object.fromEntries(plan.lambdas.map((l, i) => [l.subnet, seen[i]]));
}

const seenByInternet = (lab: VpcLab, plan: PlannedLab, patience: number = PATIENCE.forAnswer) => seenBy(lab, plan, INTERNET_SERVER, patience);
const seenByVpcServer = (lab: VpcLab, plan: PlannedLab, patience: number = PATIENCE.forAnswer) => seenBy(lab, plan, lab.addressOf(VPC_SERVER), patience);
const bySubnet = (plan: PlannedLab, value: (lambda: PlannedLab['lambdas'][number]) => string | null): Seen =>
  Object.fromEntries(plan.lambdas.map((l) => [l.subnet, value(l)]));

/** Every subnet gets out, seen from the EIP of the NAT instance its route table names. */
const egressThroughEips = (lab: VpcLab, plan: PlannedLab) => bySubnet(plan, (l) => lab.instance(l.instance).eip);
/** Inside the VPC the server sees each Lambda's own address. */
const lambdaAddresses = (lab: VpcLab, plan: PlannedLab) => bySubnet(plan, (l) => lab.addressOf(l.host));
const nothing = (plan: PlannedLab) => bySubnet(plan, () => null);

/** Runs a command on every instance at once; by instance, its exit status and stderr. */
async function onEveryInstance(plan: PlannedLab, command: (name: string, script: string) => Promise<CommandResult>) {
  const results = await Promise.all([...plan.userData].map(([name, script]) => command(name, script)));
  return Object.fromEntries([...plan.userData.keys()].map((name, i) => [name, { status: results[i].status, stderr: results[i].stderr }]));
}

/** Every instance's command exited 0 (stderr shown when one did not). */
const allSucceeded = (plan: PlannedLab) => Object.fromEntries([...plan.userData.keys()].map((name) => [name, { status: 0, stderr: expect.any(String) }]));

/** Runs each instance's user data (or an edit of it) as its first boot would. */
const runUserData = (lab: VpcLab, plan: PlannedLab, edit: (script: string) => string = (s) => s) =>
  onEveryInstance(plan, (name, script) => lab.instance(name).runUserData(edit(script)));

/** The nftables ruleset of an instance, counted: its tables, chains, rules, and the rules that masquerade. */
function rulesetOf(lab: VpcLab, instance: string) {
  const objects = lab.instance(instance).ruleset();
  const named = (kind: string) => objects.filter((o) => kind in o).map((o) => o[kind]);
  return {
    tables: named('table').map((t) => `${t.family} ${t.name}`),
    chains: named('chain').map((c) => `${c.table}/${c.name}`),
    rules: named('rule').length,
    masquerades: named('rule').filter((r) => JSON.stringify(r.expr).includes('"masquerade"')).length,
  };
}

const ONE_RULE_SET = { tables: ['ip vlg_nat'], chains: ['vlg_nat/postrouting'], rules: 1, masquerades: 1 };

// ---------------------------------------------------------------------------

afterAll(destroyAllLabs);

describe.each(STACKS)('$title: the NAT instance user data in network namespaces', ({ title, config, handler }) => {
  let plan: PlannedLab;
  let lab: VpcLab;
  let passed = 0;
  let checks = 0;
  /** A check that counts towards the CI report line of this stack. */
  const check = (name: string, fn: () => Promise<void> | void) => {
    checks++;
    labTest(name, async () => {
      await fn();
      passed++;
    });
  };

  beforeAll(async () => {
    if (!available) return;
    const { json, projectDir } = synth(config, handler);
    fs.rmSync(projectDir, { recursive: true, force: true }); // only the JSON is needed
    plan = withVpcServer(plannedLab(json), VPC_SERVER);
    lab = await VpcLab.create(plan.spec);
  });
  afterAll(async () => {
    if (!available) return;
    await lab?.destroy();
    reportNetns(`ran: ${title}: ${passed}/${checks} checks passed`);
  });

  check('GIVEN instances that have not run their user data THEN nothing from the Lambda subnets gets out, nor across the NAT inside the VPC', async () => {
    expect(plan.lambdas.length).toBeGreaterThanOrEqual(2);
    const [internet, vpc] = await Promise.all([seenByInternet(lab, plan, PATIENCE.forSilence), seenByVpcServer(lab, plan, PATIENCE.forSilence)]);
    expect(internet).toEqual(nothing(plan));
    expect(vpc).toEqual(nothing(plan));
  });

  check('WHEN the user data runs THEN it exits 0 having installed nftables, applied sysctl.d and enabled the unit', async () => {
    expect(await runUserData(lab, plan)).toEqual(allSucceeded(plan));
    for (const name of plan.userData.keys()) {
      const instance = lab.instance(name);
      expect(instance.sysctl('net.ipv4.ip_forward')).toBe('1');
      expect(instance.sysctl('net.ipv4.conf.all.send_redirects')).toBe('0');
      expect(instance.calls()).toEqual(['dnf install -y nftables', 'systemctl daemon-reload', 'systemctl enable --now vlg-nat.service', 'systemctl disable --now sshd.service']);
      expect(rulesetOf(lab, name)).toEqual(ONE_RULE_SET);
    }
  });

  check('THEN every Lambda subnet reaches the internet server, which sees the EIP of the NAT instance that subnet routes to', async () => {
    expect(await seenByInternet(lab, plan)).toEqual(egressThroughEips(lab, plan));
  });

  check('THEN traffic to another address in the VPC crosses the NAT with the Lambda source address: not masqueraded', async () => {
    expect(await seenByVpcServer(lab, plan)).toEqual(lambdaAddresses(lab, plan));
  });

  check('WHEN the unit runs a second time THEN one table with one masquerade rule remains, and egress still works', async () => {
    expect(await onEveryInstance(plan, (name) => lab.instance(name).run(['systemctl', 'restart', 'vlg-nat.service']))).toEqual(allSucceeded(plan));
    for (const name of plan.userData.keys()) expect(rulesetOf(lab, name)).toEqual(ONE_RULE_SET);
    expect(await seenByInternet(lab, plan)).toEqual(egressThroughEips(lab, plan));
  });

  check('WHEN the instances reboot (kernel state lost) THEN sysctl.d and the enabled unit bring forwarding and masquerading back', async () => {
    expect(await onEveryInstance(plan, (name) => lab.instance(name).reboot())).toEqual(allSucceeded(plan));
    for (const name of plan.userData.keys()) {
      expect(lab.instance(name).sysctl('net.ipv4.ip_forward')).toBe('1');
      expect(rulesetOf(lab, name)).toEqual(ONE_RULE_SET);
    }
    const [internet, vpc] = await Promise.all([seenByInternet(lab, plan), seenByVpcServer(lab, plan)]);
    expect(internet).toEqual(egressThroughEips(lab, plan));
    expect(vpc).toEqual(lambdaAddresses(lab, plan));
  });

  describe.each(MUTATIONS)('GIVEN the user data $title', ({ edit, breaks }) => {
    check(`THEN the ${breaks === 'egress' ? 'egress' : 'VPC source address'} check fails`, () =>
      withVpcLab(plan.spec, async (mutant) => {
        expect(await runUserData(mutant, plan, edit)).toEqual(allSucceeded(plan));
        if (breaks === 'egress') {
          const internet = await seenByInternet(mutant, plan, PATIENCE.forSilence);
          expect(internet).not.toEqual(egressThroughEips(mutant, plan));
          expect(internet).toEqual(nothing(plan));
        } else {
          const vpc = await seenByVpcServer(mutant, plan);
          expect(vpc).not.toEqual(lambdaAddresses(mutant, plan));
          expect(vpc).toEqual(bySubnet(plan, (l) => mutant.instance(l.instance).address));
        }
      }),
    );
  });
});

labTest('AFTER all labs THEN no namespace, mount or temp dir of this run is left on the machine', () => {
  expect(labsBuilt()).toBe(STACKS.length * (1 + MUTATIONS.length));
  expect(processLeftovers()).toEqual([]);
});
