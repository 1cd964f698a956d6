import { z } from 'zod';
import { DEFAULT_NAT_INSTANCE_TYPE, natInstanceTypeSchema } from './nat-instance-options';
import type { PatternSpec } from './types';

export const natInstance: PatternSpec = {
  id: 'nat-instance',
  title: 'Egress through a NAT instance',
  useWhen: 'functions call the internet or AWS APIs with little traffic and a NAT gateway costs too much',
  options: z
    .object({
      id: z.literal('nat-instance'),
      /** Graviton type of each NAT instance (the image is arm64 Amazon Linux 2023). @default t4g.nano */
      natInstanceType: natInstanceTypeSchema,
      /** One NAT instance per AZ, each private subnet routed to its own AZ's, instead of one shared. @default false */
      natPerAz: z.boolean().default(false),
      /** AmazonSSMManagedInstanceCore on the NAT instance role, to inspect it with Session Manager; port 22 is never open. @default true */
      natSsmAccess: z.boolean().default(true),
    })
    .strict(),
  internetEgress: () => true,
  defaultFunctions: [
    { name: 'api', handler: 'egress-check', description: 'calls a public HTTPS endpoint to prove egress through the NAT instance' },
  ],
  diagram: [
    'api["λ api (private subnets)"] -->|0.0.0.0/0 → NAT instance ENI| nat["NAT instance t4g + EIP (public subnet), source/dest check off"]',
    'nat --> igw["Internet gateway"] --> internet(("Internet / AWS APIs"))',
  ],
  pitfalls: [
    'Source/destination check is disabled on the NAT instance: with it on, EC2 drops the forwarded packets and egress silently dies.',
    'The image is a current arm64 Amazon Linux 2023 (the amzn-ami-vpc-nat images are retired); user data turns on IP forwarding and masquerading and both survive reboots.',
    'Private route tables send 0.0.0.0/0 to the instance\'s network interface (not the deprecated instance_id); the instance requires IMDSv2 and has no port 22, only Session Manager.',
    `One ${DEFAULT_NAT_INSTANCE_TYPE} is a single point of failure: use --nat-per-az, or a NAT gateway when egress must be highly available.`,
  ],
  flags: {
    'nat-instance-type': { field: 'natInstanceType', type: 'string', describe: `Graviton (arm64) EC2 type of each NAT instance [default: ${DEFAULT_NAT_INSTANCE_TYPE}]` },
    'nat-per-az': { field: 'natPerAz', type: 'boolean', describe: 'one NAT per AZ instead of one shared (more cost, no cross-AZ hop)' },
    'nat-ssm-access': { field: 'natSsmAccess', type: 'boolean', describe: 'let Session Manager into the NAT instance (--no-nat-ssm-access: no role) [default: true]' },
  },
};
