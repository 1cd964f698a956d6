/**
 * NAT-instance option fields, shared by every pattern that offers a NAT instance (nat-instance, and
 * sns-slack's `nat: instance`), so their flags, defaults and messages agree. No cdktf imports.
 */
import { z } from 'zod';

/** t4g.nano: 2 vCPU burst, 0.5 GiB, the cheapest Graviton type; plenty for a few Mbit/s of Lambda egress. */
export const DEFAULT_NAT_INSTANCE_TYPE = 't4g.nano';

/**
 * Graviton (arm64) instance types: a generation digit followed by a "g" ("t4g.nano", "c7gn.large",
 * "m6gd.xlarge"). The NAT image is the arm64 Amazon Linux 2023, which does not boot on x86 types.
 */
export const ARM64_INSTANCE_TYPE = /^[a-z]+\d+[a-z]*g[a-z]*(-flex)?\.[a-z0-9]+$/;

export function isArm64InstanceType(type: string): boolean {
  return ARM64_INSTANCE_TYPE.test(type);
}

export const natInstanceTypeSchema = z
  .string()
  .regex(ARM64_INSTANCE_TYPE, {
    message: `the NAT instance runs the arm64 Amazon Linux 2023 image; use a Graviton type such as ${DEFAULT_NAT_INSTANCE_TYPE}, t4g.micro or c7g.medium`,
  })
  .default(DEFAULT_NAT_INSTANCE_TYPE);
