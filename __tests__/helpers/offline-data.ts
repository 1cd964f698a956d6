/** Values the offline plan reads instead of AWS for our data sources (see validateAndPlan overrideData). */
import { AL2023_ARM64_AMI_DATA } from '../../patterns/blocks/amazon-linux';

/** The current AL2023 arm64 image, as AWS's public SSM parameter would answer. */
export const AMI_OVERRIDE = { [AL2023_ARM64_AMI_DATA]: { insecure_value: 'ami-0abcdef1234567890', value: 'ami-0abcdef1234567890' } };

/** The existing VPC the tests place functions in (ids as `new bf --vpc-id … --subnet-ids …` gives them). */
export const EXISTING = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  routeTableIds: ['rtb-0123456789abcdef0', 'rtb-0fedcba9876543210'],
  publicSubnetId: 'subnet-0aaaaaaaaaaaaaaaa',
};

/**
 * What AWS would answer for the existing network's data sources: the VPC's CIDR and each Lambda
 * subnet's CIDR and AZ (`azs` to try subnets that share an AZ).
 */
export function existingNetworkData(azs = ['eu-west-1a', 'eu-west-1b']): Record<string, Record<string, unknown>> {
  return {
    'data.aws_vpc.network_vpc': { cidr_block: '10.20.0.0/16' },
    ...Object.fromEntries(
      azs.map((az, i) => [`data.aws_subnet.network_private_subnet_${i}`, { availability_zone: az, cidr_block: `10.20.${i + 1}.0/24`, vpc_id: EXISTING.vpcId }]),
    ),
    'data.aws_subnet.network_public_subnet': { availability_zone: 'eu-west-1a', cidr_block: '10.20.100.0/24', vpc_id: EXISTING.vpcId },
  };
}
