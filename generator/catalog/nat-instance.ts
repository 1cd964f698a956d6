import { z } from 'zod';
import { LEGACY_NAT_FIELDS } from './egress';
import { DEFAULT_NAT_INSTANCE_TYPE, natInstanceTypeSchema } from './nat-instance-options';
import type { PatternSpec } from './types';

export const natInstance: PatternSpec = {
  id: 'nat-instance',
  title: 'Egress through a NAT instance',
  useWhen: 'functions call the internet or AWS APIs with little traffic and a NAT gateway costs too much',
  options: z
    .object({
      id: z.literal('nat-instance'),
      // Earlier versions' fields, read as egress.instanceType, egress.perAz and egress.ssmAccess.
      natInstanceType: natInstanceTypeSchema.removeDefault().optional(),
      natPerAz: z.boolean().optional(),
      natSsmAccess: z.boolean().optional(),
    })
    .strict(),
  egress: {
    default: () => 'nat-instance',
    allowed: ['nat-instance'],
    refusal: 'its whole point is egress through a NAT instance: for a NAT gateway use --pattern nat-gateway; for no internet path pick the pattern of what the functions reach (endpoints, private-api, internal-alb, peering, efs)',
    legacyFields: LEGACY_NAT_FIELDS,
  },
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
  // Its options are the egress's (--nat-instance-type, --nat-per-az, --nat-ssm-access, --egress-ports: generator/catalog/egress.ts).
  flags: {},
};
