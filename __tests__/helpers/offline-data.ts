/** Values the offline plan reads instead of AWS for our data sources (see validateAndPlan overrideData). */
import { AL2023_ARM64_AMI_DATA } from '../../patterns/blocks/amazon-linux';

/** The current AL2023 arm64 image, as AWS's public SSM parameter would answer. */
export const AMI_OVERRIDE = { [AL2023_ARM64_AMI_DATA]: { insecure_value: 'ami-0abcdef1234567890', value: 'ami-0abcdef1234567890' } };
