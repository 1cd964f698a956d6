import { z } from 'zod';
import { ROUTE_TABLE_ID, VPC_ID } from '../config/aws-ids';
import { canonicalCidr, overlaps, parseCidr } from '../config/cidr';
import { closest } from '../config/errors';
import { knownVpcCidr } from '../config/existing';
import { KNOWN_REGIONS } from '../config/regions';
import { listedPort } from './checks';
import { INSIDE_VPC_EGRESS } from './egress';
import type { PatternSpec } from './types';

export { ROUTE_TABLE_ID, VPC_ID };
export const ACCOUNT_ID = /^[0-9]{12}$/;
export const DEFAULT_PEER_PORTS = [443];
/** The peer VPC, or the part of it the functions call: /16 (a whole VPC) to /32 (one host). */
export const MIN_PEER_PREFIX = 16;

export const peering: PatternSpec = {
  id: 'peering',
  title: 'VPC peering to an API in another VPC, no internet path',
  useWhen:
    'functions call an API in another VPC (this or another account or region) through a peering connection; no NAT, since the peer is their only destination',
  options: z
    .object({
      id: z.literal('peering'),
      /** The VPC to peer with. */
      peerVpcId: z.string().regex(VPC_ID, { message: 'use a VPC id such as "vpc-0a1b2c3d4e5f67890"' }),
      /** Its CIDR, or the part of it the functions call; must not overlap network.cidr. */
      peerCidr: z.string(),
      /** TCP ports the functions may open to the peer CIDR, and nothing else. @default - the port of peerApiUrl (http 80, https 443, or its own :port), else [443] */
      peerPorts: z.array(listedPort).min(1, { message: 'give at least one port, for example [443]' }).optional(),
      /** Account of the peer VPC. Absent: this account (and, in the same region, the peering is auto-accepted). */
      peerOwnerId: z.string().regex(ACCOUNT_ID, { message: 'use the 12-digit AWS account id of the peer VPC' }).optional(),
      /** Region of the peer VPC. Absent: the stack's region. */
      peerRegion: z.string().optional(),
      /** Route tables in the peer VPC to route back here (only when it is in this account and region). @default [] */
      peerRouteTableIds: z.array(z.string().regex(ROUTE_TABLE_ID, { message: 'use a route table id such as "rtb-0a1b2c3d4e5f67890"' })).default([]),
      /** URL of the peer API, given to the functions as PEER_API_URL (the sample handler calls it). */
      peerApiUrl: z.string().url({ message: 'use a URL such as "https://10.1.2.3/health"' }).regex(/^https?:\/\//, { message: 'use an http:// or https:// URL' }).optional(),
    })
    .strict()
    // The sample calls peerApiUrl: without ports of its own, the stack opens the one that URL needs.
    .transform(({ id, peerVpcId, peerCidr, peerPorts, ...rest }) => ({
      id,
      peerVpcId,
      peerCidr,
      peerPorts: peerPorts ?? (rest.peerApiUrl ? [urlPort(rest.peerApiUrl)] : DEFAULT_PEER_PORTS),
      ...rest,
    })),
  egress: INSIDE_VPC_EGRESS,
  routeTableUse: () => ['the route to the peer CIDR'],
  defaultFunctions: [
    { name: 'api', handler: 'peer-caller', description: 'calls the peer API (PEER_API_URL) through the peering connection and reports where it resolved and what it answered', environment: ['PEER_CIDR', 'PEER_API_URL'] },
  ],
  diagram: [
    'api["λ api (private subnets)"] -->|peer CIDR → pcx, allowed ports only| pcx["VPC peering connection"]',
    'pcx --> peer["API in the peer VPC (its route back + its security group)"]',
  ],
  pitfalls: [
    'The two VPC CIDRs must not overlap: the generator refuses such a config, and the Terraform variable peer_cidr checks it again.',
    'Every Lambda route table sends the peer CIDR to the peering connection; the peer VPC needs the route back (created here when its route table ids are given, else listed in the peer_side_setup output).',
    'The function security groups may send to the peer CIDR only on the configured ports (never to 0.0.0.0/0 for the peer); by default there is no NAT or internet gateway (--egress nat-gateway or nat-instance adds one, and the egress ports).',
    'The connection is auto-accepted only for a peer in the same account and region; otherwise its owner must accept it.',
  ],
  flags: {
    'peer-vpc-id': { field: 'peerVpcId', type: 'string', describe: 'VPC id of the peer VPC', required: true },
    'peer-cidr': { field: 'peerCidr', type: 'string', describe: 'CIDR of the peer VPC (must not overlap --cidr)', required: true },
    'peer-port': {
      field: 'peerPorts',
      type: 'list',
      describe: `TCP port(s) the functions may open to the peer [default: the --peer-url port (http 80, https 443, or its :port), else ${DEFAULT_PEER_PORTS.join(',')}]`,
    },
    'peer-owner-id': { field: 'peerOwnerId', type: 'string', describe: 'account id of the peer VPC [default: this account]' },
    'peer-region': { field: 'peerRegion', type: 'string', describe: 'region of the peer VPC [default: the stack region]' },
    'peer-route-table-ids': { field: 'peerRouteTableIds', type: 'list', describe: 'peer route tables to add the route back to (same account and region only)' },
    'peer-url': { field: 'peerApiUrl', type: 'string', describe: 'URL of the peer API for the sample function (PEER_API_URL)' },
  },
  refine(config, issue) {
    const options = config.pattern as unknown as { peerCidr: string; peerOwnerId?: string; peerRegion?: string; peerRouteTableIds: string[]; peerPorts: number[]; peerApiUrl?: string };
    const needed = options.peerApiUrl ? urlPort(options.peerApiUrl) : undefined;
    if (needed !== undefined && !options.peerPorts.includes(needed)) {
      issue(
        ['pattern', 'peerPorts'],
        `the functions may open only TCP ${options.peerPorts.join(', ')} to the peer, but peerApiUrl (${options.peerApiUrl}) is on port ${needed}: add it (--peer-port ${[...options.peerPorts, needed].join(',')}), or leave --peer-port out to take the URL's`,
      );
    }
    const peer = parseCidr(options.peerCidr);
    if (!peer) {
      const fixed = canonicalCidr(options.peerCidr);
      issue(['pattern', 'peerCidr'], fixed ? `host bits are set; did you mean "${fixed}"?` : 'not an IPv4 CIDR; use the peer VPC range, for example "10.1.0.0/16"');
    } else if (peer.mask < MIN_PEER_PREFIX) {
      issue(['pattern', 'peerCidr'], `a VPC is at most a /16; use the peer VPC CIDR or a part of it (/${MIN_PEER_PREFIX}–/32)`);
    } else {
      const ownCidr = knownVpcCidr(config);
      const own = ownCidr === undefined ? undefined : parseCidr(ownCidr);
      if (own && overlaps(own, peer)) {
        issue(
          ['pattern', 'peerCidr'],
          config.network.existing
            ? `${peer.cidr} overlaps the VPC CIDR ${own.cidr} of ${config.network.existing.vpcId}; peered VPCs cannot route between overlapping ranges: peer with a VPC outside ${own.cidr}`
            : `${peer.cidr} overlaps the VPC CIDR ${own.cidr} (network.cidr); peered VPCs cannot route between overlapping ranges: pick a network.cidr outside ${peer.cidr}`,
        );
      }
    }
    if (options.peerRegion !== undefined && !KNOWN_REGIONS.includes(options.peerRegion)) {
      const hint = closest(options.peerRegion, KNOWN_REGIONS);
      issue(['pattern', 'peerRegion'], `unknown AWS region; ${hint ? `did you mean "${hint}"? ` : ''}known regions: ${KNOWN_REGIONS.join(', ')}`);
    }
    const crossRegion = options.peerRegion !== undefined && options.peerRegion !== config.region;
    if (options.peerRouteTableIds.length > 0 && (options.peerOwnerId !== undefined || crossRegion)) {
      issue(
        ['pattern', 'peerRouteTableIds'],
        'the route back can only be created for a peer VPC in this account and region; remove it and let the peer VPC owner add the routes listed in the peer_side_setup output',
      );
    }
  },
};

/** The TCP port a URL is called on: its explicit :port, else 80 for http and 443 for https. */
export function urlPort(url: string): number {
  const parsed = new URL(url);
  if (parsed.port) return Number(parsed.port);
  return parsed.protocol === 'http:' ? 80 : 443;
}
