import { z } from 'zod';
import { LEGACY_NAT_FIELDS } from './egress';
import type { PatternSpec } from './types';

export const natGateway: PatternSpec = {
  id: 'nat-gateway',
  title: 'Egress through a NAT gateway',
  useWhen: 'functions call the internet or AWS APIs and you want managed, highly available egress',
  options: z
    .object({
      id: z.literal('nat-gateway'),
      /** An earlier version's field, read as egress.perAz. */
      natPerAz: z.boolean().optional(),
    })
    .strict(),
  egress: {
    default: () => 'nat-gateway',
    allowed: ['nat-gateway'],
    refusal: 'its whole point is egress through a NAT gateway: for a NAT instance use --pattern nat-instance; for no internet path pick the pattern of what the functions reach (endpoints, private-api, internal-alb, peering, efs)',
    legacyFields: { natPerAz: LEGACY_NAT_FIELDS.natPerAz },
  },
  defaultFunctions: [
    { name: 'api', handler: 'egress-check', description: 'calls a public HTTPS endpoint to prove egress through NAT' },
  ],
  diagram: [
    'api["λ api (private subnets)"] -->|0.0.0.0/0| nat["NAT gateway + EIP (public subnet)"]',
    'nat --> igw["Internet gateway"] --> internet(("Internet / AWS APIs"))',
  ],
  pitfalls: [
    'A function never gets a public IP: it sits in private subnets whose default route goes to the NAT gateway, never the IGW.',
    'The NAT gateway lives in a public subnet (0.0.0.0/0 → IGW) and has an Elastic IP.',
    'The `live` alias follows the version Terraform publishes, so it never pins old code.',
  ],
  // Its options are the egress's (--nat-per-az, --egress-ports: generator/catalog/egress.ts).
  flags: {},
};
