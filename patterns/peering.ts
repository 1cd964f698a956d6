/**
 * Scenario 9, VPC peering: the functions reach an API in another VPC through a peering connection.
 * No NAT and no internet gateway (the peer is their only destination). The peer's id, CIDR, account
 * and region are Terraform variables, defaulted from the config, so a platform team can retarget the
 * stack without regenerating it; the variables re-check what config validation checked.
 */
import { Fn, Op, TerraformVariable, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { ACCOUNT_ID, MIN_PEER_PREFIX, VPC_ID } from '../generator/catalog/peering';
import { knownVpcCidr } from '../generator/config/existing';
import type { VpcLambdaConfig } from '../generator/config/schema';
import { noOverlapPrecondition } from './blocks/cidr-overlap';
import { Port } from './blocks/connections';
import { awsName } from './blocks/naming';
import { stackVariable } from './blocks/variables';
import { VpcPeering } from './blocks/vpc-peering';
import { definePattern } from './pattern';

export interface PeeringOptions {
  peerVpcId: string;
  peerCidr: string;
  peerPorts: number[];
  peerOwnerId?: string;
  peerRegion?: string;
  peerRouteTableIds: string[];
  peerApiUrl?: string;
}

export default definePattern<PeeringOptions>({
  build({ scope, config, options, network, functions, ssmHost, output }) {
    const vars = peerVariables(scope, config, options);
    const isNull = (v: TerraformVariable) => Op.eq(v.value, Token.nullValue());
    const peering = new VpcPeering(scope, 'peering', {
      network,
      name: awsName(config.name, 'peer'),
      peerVpcId: vars.vpcId.stringValue,
      peerCidr: vars.cidr.stringValue,
      peerOwnerId: vars.ownerId.stringValue,
      peerRegion: vars.region.stringValue,
      // AWS accepts from the requester side only within one account and region: null means "this one".
      autoAccept: Op.and(isNull(vars.ownerId), isNull(vars.region)),
      peerRouteTableIds: options.peerRouteTableIds,
    });
    // peer_cidr's own validation compares with the configured VPC CIDR only (a validation may read only
    // its variable before Terraform 1.9): this checks the VPC's actual CIDR before connecting.
    const overlap = noOverlapPrecondition(
      network.cidr,
      vars.cidr.stringValue,
      `peer_cidr ${vars.cidr.stringValue} overlaps the VPC's CIDR ${network.cidr}; peered VPCs cannot route between overlapping ranges.`,
    );
    peering.connection.lifecycle = { ...peering.connection.lifecycle, precondition: [overlap] };

    const ports = options.peerPorts.map((p) => Port.tcp(p));
    for (const fn of functions) {
      peering.allowFrom(fn, ports, 'API in the peer VPC');
      fn.addEnvironment('PEER_CIDR', vars.cidr.stringValue);
      if (options.peerApiUrl) fn.addEnvironment('PEER_API_URL', options.peerApiUrl);
    }
    if (ssmHost) peering.allowFrom(ssmHost, ports, 'Connectivity tests to the peer VPC');
    if (ssmHost && config.ssmHostDiagnostics) ssmHost.allowIcmpTo(vars.cidr.stringValue, 'the peer VPC', 'peer');

    const pcx = peering.connection.id;
    output('peering_connection_id', pcx, 'VPC peering connection to the peer VPC');
    output('peering_accept_status', peering.connection.acceptStatus, 'pending-acceptance until the peer VPC owner accepts (auto-accepted in the same account and region)');
    const privateCidrs = network.privateSubnets.map((s) => s.cidr).join(', ');
    output(
      'peer_side_setup',
      [
        `In the peer VPC ${vars.vpcId.stringValue}:`,
        `1. accept peering connection ${pcx} if its status is pending-acceptance;`,
        peering.accepterRoutes.length > 0
          ? `2. routes ${network.cidr} -> ${pcx} exist in ${options.peerRouteTableIds.join(', ')}; add the same route to any other route table of the API's subnets;`
          : `2. add the route ${network.cidr} -> ${pcx} to each route table of the API's subnets;`,
        `3. let the API's security group admit TCP ${options.peerPorts.join(', ')} from ${privateCidrs} (the Lambda subnets).`,
      ].join('\n'),
      'What the owner of the peer VPC must do for replies to come back',
    );
  },
});

interface PeerVariables {
  vpcId: TerraformVariable;
  cidr: TerraformVariable;
  ownerId: TerraformVariable;
  region: TerraformVariable;
}

/** The peer as Terraform variables (var.peer_vpc_id ...), each defaulted from the config and validated. */
function peerVariables(scope: Construct, config: VpcLambdaConfig, options: PeeringOptions): PeerVariables {
  const vpcId = stackVariable(scope, 'peer_vpc_id', {
    type: 'string',
    default: options.peerVpcId,
    description: 'ID of the VPC to peer with (the accepter)',
    checks: (v) => [{ condition: Fn.can(Fn.regex(VPC_ID.source, v.stringValue)), errorMessage: 'peer_vpc_id must be a VPC id such as "vpc-0a1b2c3d4e5f67890".' }],
  });

  // The VPC's CIDR as configured; an existing VPC's may be unknown here, and the precondition checks it at plan.
  const ownCidr = knownVpcCidr(config);
  const cidr = stackVariable(scope, 'peer_cidr', {
    type: 'string',
    default: options.peerCidr,
    description: `CIDR of the peer VPC (or the part the functions call), /${MIN_PEER_PREFIX}-/32; must not overlap this VPC${ownCidr ? ` (${ownCidr})` : ''}`,
    checks: (v) => {
      const peerPart = (i: number) => Fn.element(Fn.split('/', v.stringValue), i);
      const shape = {
        condition: Fn.try([Op.and(Op.eq(Fn.cidrhost(v.stringValue, 0), peerPart(0)), Op.gte(Fn.tonumber(peerPart(1)), MIN_PEER_PREFIX)), false]),
        errorMessage: `peer_cidr must be an IPv4 network such as "10.1.0.0/16" (no host bits, /${MIN_PEER_PREFIX} to /32).`,
      };
      if (!ownCidr) return [shape];
      const [ownNetwork, ownPrefix] = ownCidr.split('/');
      // Two CIDR blocks overlap exactly when one holds the other's first address.
      const peerHoldsOurs = Op.eq(Fn.cidrhost(Fn.format('%s/%s', [ownNetwork, peerPart(1)]), 0), Fn.cidrhost(v.stringValue, 0));
      const oursHoldsPeer = Op.eq(Fn.cidrhost(Fn.format(`%s/${ownPrefix}`, [peerPart(0)]), 0), ownNetwork);
      return [
        shape,
        {
          condition: Fn.try([Op.not(Op.or(peerHoldsOurs, oursHoldsPeer)), true]),
          errorMessage: `peer_cidr overlaps this VPC's CIDR ${ownCidr}; peered VPCs cannot route between overlapping ranges.`,
        },
      ];
    },
  });

  const ownerId = stackVariable(scope, 'peer_owner_id', {
    type: 'string',
    nullable: true,
    default: options.peerOwnerId ?? null,
    description: 'Account id of the peer VPC; null means this account',
    checks: (v) => [
      {
        condition: Op.or(Op.eq(v.value, Token.nullValue()), Fn.can(Fn.regex(ACCOUNT_ID.source, v.stringValue))),
        errorMessage: 'peer_owner_id must be null (this account) or a 12-digit account id.',
      },
    ],
  });

  const sameRegion = options.peerRegion === undefined || options.peerRegion === config.region;
  const region = stackVariable(scope, 'peer_region', {
    type: 'string',
    nullable: true,
    default: sameRegion ? null : options.peerRegion,
    description: `Region of the peer VPC; null means this stack's region (${config.region})`,
    checks: (v) => [
      {
        condition: Op.or(
          Op.eq(v.value, Token.nullValue()),
          Fn.try([Op.and(Fn.can(Fn.regex('^[a-z]{2}(-[a-z]+)+-[0-9]+$', v.stringValue)), Op.neq(v.value, config.region)), false]),
        ),
        errorMessage: `peer_region must be null for this stack's region (${config.region}) or another region's name, such as "eu-central-1".`,
      },
    ],
  });
  return { vpcId, cidr, ownerId, region };
}
