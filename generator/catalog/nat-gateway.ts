import { z } from 'zod';
import type { PatternSpec } from './types';

export const natGateway: PatternSpec = {
  id: 'nat-gateway',
  title: 'Egress through a NAT gateway',
  useWhen: 'functions call the internet or AWS APIs and you want managed, highly available egress',
  options: z
    .object({
      id: z.literal('nat-gateway'),
      /** One NAT gateway per AZ (no cross-AZ data charges, survives an AZ outage) instead of one shared. @default false */
      natPerAz: z.boolean().default(false),
    })
    .strict(),
  internetEgress: () => true,
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
  flags: {
    'nat-per-az': { field: 'natPerAz', type: 'boolean', describe: 'one NAT per AZ instead of one shared (more cost, no cross-AZ hop)' },
  },
};
