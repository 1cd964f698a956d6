/** Shapes of the AWS ids a config (and the Terraform variables built from it) may hold. No cdktf here. */

export const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
export const ROUTE_TABLE_ID = /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** "vpc-0123456789abcdef0": the example every message shows. */
export function exampleId(prefix: 'vpc' | 'subnet' | 'rtb'): string {
  return `${prefix}-0123456789abcdef0`;
}
