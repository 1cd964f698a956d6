/**
 * A VPC someone else owns (after aws-cdk-lib/aws-ec2's Vpc.fromVpcAttributes, v2, but with the ids as
 * Terraform variables instead of plan-time lookups by tag): the stack creates no VPC, subnet or
 * internet gateway. The Lambda subnets are read by id (data.aws_subnet) for their CIDR and AZ, and
 * checked there: in the VPC, each in its own AZ. Routes go only to the route tables the config names;
 * a NAT only into the public subnet it names. Without one, internet egress is the VPC's own.
 */
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn, Op, TerraformSelf, type TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import { exampleId, ROUTE_TABLE_ID, SUBNET_ID, VPC_ID } from '../../generator/config/aws-ids';
import type { ExistingNetworkConfig } from '../../generator/config/schema';
import { Egress } from './egress';
import { awsName } from './naming';
import { NetworkBase, type PrivateRouteTable, type PrivateSubnet, type PublicSubnet } from './network';
import { stackVariable } from './variables';

export interface ExistingNetworkProps {
  stackName: string;
  region: string;
  /** The ids (defaults of the variables) and what the pattern may add to. */
  existing: ExistingNetworkConfig;
  /**
   * The pattern's egress. A NAT is created only when the config names a public subnet; otherwise
   * internet egress is whatever the VPC's route tables already do (Egress.existingRoutes).
   */
  egress: Egress;
}

export class ExistingNetwork extends NetworkBase {
  readonly stackName: string;
  readonly region: string;
  readonly vpc: DataAwsVpc;
  readonly cidr: string;
  readonly privateSubnets: PrivateSubnet[];
  readonly privateRouteTables: PrivateRouteTable[];
  readonly publicSubnets: PublicSubnet[];
  readonly internetGateway = undefined;
  /**
   * Our own group without rules, never the VPC's default group: that one belongs to the platform team,
   * and managing it (aws_default_security_group) would strip its rules. Destroying this group may
   * wait while AWS releases the ENIs of functions moved onto it.
   */
  readonly replacementSecurityGroup: SecurityGroup;
  readonly egress: Egress;
  /** `var.vpc_id`, `var.subnet_ids`, and when given `var.route_table_ids` and `var.public_subnet_id`. */
  readonly variables: { vpcId: TerraformVariable; subnetIds: TerraformVariable; routeTableIds?: TerraformVariable; publicSubnetId?: TerraformVariable };

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    const { existing } = props;
    this.stackName = props.stackName;
    this.region = props.region;
    this.variables = existingNetworkVariables(this, existing);
    const vpcId = this.variables.vpcId.stringValue;

    this.vpc = new DataAwsVpc(this, 'vpc', { id: vpcId });
    this.cidr = this.vpc.cidrBlock;
    // Found only in this VPC (vpc_id filters the lookup), and each in an AZ no earlier one is in.
    const subnets: DataAwsSubnet[] = [];
    this.privateSubnets = existing.subnetIds.map((_, i) => {
      const earlier = subnets.map((s) => s.availabilityZone);
      const subnet = new DataAwsSubnet(this, `private-subnet-${i}`, {
        id: Fn.element(this.variables.subnetIds.listValue, i),
        vpcId,
        lifecycle:
          i === 0
            ? undefined
            : {
                postcondition: [
                  {
                    condition: Op.not(Fn.contains(earlier, TerraformSelf.getString('availability_zone'))),
                    errorMessage: `subnet_ids[${i}] is in the same AZ as an earlier subnet of subnet_ids: the Lambda subnets must be in distinct AZs, so one AZ outage does not stop the functions.`,
                  },
                ],
              },
      });
      subnets.push(subnet);
      return { key: String(i), az: subnet.availabilityZone, azId: subnet.availabilityZoneId, cidr: subnet.cidrBlock, subnet };
    });
    const routeTableIds = this.variables.routeTableIds;
    this.privateRouteTables = (existing.routeTableIds ?? []).map((_, i) => ({
      key: String(i),
      routeTable: { id: Fn.element(routeTableIds!.listValue, i) },
    }));

    const publicSubnetId = this.variables.publicSubnetId;
    this.publicSubnets = publicSubnetId
      ? [
          {
            key: 'shared',
            subnet: new DataAwsSubnet(this, 'public-subnet', {
              id: publicSubnetId.stringValue,
              vpcId,
              lifecycle: {
                postcondition: [
                  {
                    condition: Op.not(Fn.contains(this.variables.subnetIds.listValue, TerraformSelf.getString('id'))),
                    errorMessage: 'public_subnet_id is one of subnet_ids: the NAT goes in a public subnet, the functions in private ones.',
                  },
                ],
              },
            }),
          },
        ]
      : [];
    this.egress = publicSubnetId || !props.egress.internet ? props.egress : Egress.existingRoutes();

    const name = awsName(props.stackName, 'fn-destroy');
    this.replacementSecurityGroup = new SecurityGroup(this, 'replacement-security-group', {
      name,
      description: 'No rules: functions move onto it before they are deleted, so their own groups are released at once',
      vpcId: this.vpc.id,
      tags: { Name: name },
    });
    this.egress.configure(this);
  }
}

/** The ids as variables defaulted from the config; the counts stay as planned (resources are per subnet and route table). */
function existingNetworkVariables(scope: Construct, existing: ExistingNetworkConfig): ExistingNetwork['variables'] {
  const vpcId = stackVariable(scope, 'vpc_id', {
    type: 'string',
    default: existing.vpcId,
    description: 'ID of the existing VPC the functions run in',
    checks: (v) => [{ condition: Fn.can(Fn.regex(VPC_ID.source, v.stringValue)), errorMessage: `vpc_id must be a VPC id such as "${exampleId('vpc')}".` }],
  });
  const subnetIds = idListVariable(scope, 'subnet_ids', existing.subnetIds, SUBNET_ID, 'subnet', {
    description: `The private subnets the functions run in, each in its own AZ; exactly ${existing.subnetIds.length}`,
    fix: 'to change the count, change network.existing.subnetIds in vpc-lambda-gen.json and export again',
  });
  const routeTableIds = existing.routeTableIds?.length
    ? idListVariable(scope, 'route_table_ids', existing.routeTableIds, ROUTE_TABLE_ID, 'rtb', {
        description: `Route tables of the Lambda subnets, which get the stack's routes and gateway endpoints; exactly ${existing.routeTableIds.length}`,
        fix: 'to change the count, change network.existing.routeTableIds in vpc-lambda-gen.json and export again',
      })
    : undefined;
  const publicSubnetId = existing.publicSubnetId
    ? stackVariable(scope, 'public_subnet_id', {
        type: 'string',
        default: existing.publicSubnetId,
        description: 'Public subnet (0.0.0.0/0 to an internet gateway) that the NAT goes in',
        checks: (v) => [
          { condition: Fn.can(Fn.regex(SUBNET_ID.source, v.stringValue)), errorMessage: `public_subnet_id must be a subnet id such as "${exampleId('subnet')}".` },
        ],
      })
    : undefined;
  return { vpcId, subnetIds, routeTableIds, publicSubnetId };
}

/** A list(string) of distinct AWS ids of one kind, exactly as many as planned. */
function idListVariable(scope: Construct, name: string, ids: string[], shape: RegExp, prefix: 'subnet' | 'rtb', text: { description: string; fix: string }) {
  const one = shape.source.replace(/^\^|\$$/g, '');
  return stackVariable(scope, name, {
    type: 'list(string)',
    default: ids,
    description: text.description,
    checks: (v) => [
      {
        condition: Op.and(
          Op.eq(Fn.lengthOf(v.listValue), ids.length),
          Op.and(Fn.can(Fn.regex(`^(${one},)*${one}$`, Fn.join(',', v.listValue))), Op.eq(Fn.lengthOf(Fn.distinct(v.listValue)), Fn.lengthOf(v.listValue))),
        ),
        errorMessage: `${name} must list exactly ${ids.length} distinct ids such as "${exampleId(prefix)}"; ${text.fix}.`,
      },
    ],
  });
}
