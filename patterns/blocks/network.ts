/**
 * The network every block builds in, as one small interface (after aws-cdk-lib/aws-ec2's IVpc, v2):
 * `Network` creates the VPC, one private (Lambda) subnet per AZ with its own route table and, when
 * the egress strategy needs internet, an IGW with one public subnet per AZ; `ExistingNetwork`
 * (existing-network.ts) stands for a VPC someone else owns. Either way the egress strategy decides
 * every default route; patterns never write routes themselves.
 */
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Route, type RouteConfig } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn, Op, type ITerraformDependable, type TerraformVariable } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { subnetOffset } from '../../generator/config/cidr';
import type { SubnetPlanEntry } from '../../generator/config/validate';
import type { Egress } from './egress';
import { awsName, azSuffix } from './naming';
import { stackVariable } from './variables';

/**
 * What every block needs of the network it builds in, created by this stack or not: `stack.network`.
 * Ids and CIDRs are Terraform references; `Network` (created) and `ExistingNetwork` (someone else's)
 * add what only they have.
 */
export interface INetwork extends IConstruct {
  readonly stackName: string;
  /** Region of the stack: endpoint service names contain it. */
  readonly region: string;
  /** The VPC: the aws_vpc this stack creates, or the data.aws_vpc of an existing one. */
  readonly vpc: { readonly id: string; readonly cidrBlock: string };
  /** The VPC's CIDR (its cidr_block attribute), for rules, routes and scripts that need the range itself. */
  readonly cidr: string;
  /** The Lambda subnets, one per AZ. */
  readonly privateSubnets: PrivateSubnet[];
  /** The Lambda subnets' route tables, where routes and gateway endpoints go (an existing VPC's only when given). */
  readonly privateRouteTables: PrivateRouteTable[];
  /** Public subnets for NATs: none without a NAT to place. */
  readonly publicSubnets: PublicSubnet[];
  /** The internet gateway a NAT must wait for, when this stack creates it. */
  readonly internetGateway?: ITerraformDependable;
  /** A group without rules that functions move onto before they are deleted (replacement_security_group_ids). */
  readonly replacementSecurityGroup: { readonly id: string };
  /** How the private subnets reach the outside; others read `egress.internet` to pick their rules. */
  readonly egress: Egress;
  readonly privateSubnetIds: string[];
  readonly privateRouteTableIds: string[];
  readonly publicSubnetIds: string[];
  /** The public subnet in an AZ (NAT per AZ), or the first (shared NAT). */
  publicSubnetFor(az: string | undefined): PublicSubnet;
  /** Adds a route to every private route table; `what` names the route ("default", "peer"). */
  routePrivateSubnets(what: string, destinationCidrBlock: string, targetFor: (table: PrivateRouteTable) => RouteTarget): void;
}

export interface PrivateSubnet {
  /** Names the subnet's own resources: the AZ letter ("a") in a created VPC, the position in var.subnet_ids ("0") in an existing one. */
  key: string;
  /** The subnet's AZ (in an existing VPC, read from AWS at plan time). */
  az: string;
  /** Its AZ ID ("euw1-az1"): the same zone in every account, where AZ names differ. */
  azId: string;
  /** The subnet's CIDR (its cidr_block attribute), for rules and scripts that need the range itself. */
  cidr: string;
  subnet: { readonly id: string };
}

export interface PrivateRouteTable {
  /** Names the routes added to it, like PrivateSubnet.key. */
  key: string;
  /** The AZ of the one subnet it serves, when known at synthesis (per-AZ NAT picks its AZ's). */
  az?: string;
  routeTable: { readonly id: string };
}

export interface PublicSubnet {
  /** Names what is placed in it: the AZ letter, or "shared" for an existing VPC's one public subnet. */
  key: string;
  az?: string;
  subnet: { readonly id: string };
}

/** Where a route sends traffic: exactly one of these. */
export type RouteTarget = Pick<
  RouteConfig,
  'gatewayId' | 'natGatewayId' | 'networkInterfaceId' | 'vpcPeeringConnectionId' | 'vpcEndpointId' | 'transitGatewayId'
>;

/** A NAT waits for the stack's own internet gateway; one in a VPC the stack does not own is there already. */
export function waitForInternetGateway(network: INetwork): ITerraformDependable[] | undefined {
  return network.internetGateway ? [network.internetGateway] : undefined;
}

/** What both kinds of network do the same way: ids, the public subnet per AZ, routes on the Lambda route tables. */
export abstract class NetworkBase extends Construct implements INetwork {
  abstract readonly stackName: string;
  abstract readonly region: string;
  abstract readonly vpc: { readonly id: string; readonly cidrBlock: string };
  abstract readonly cidr: string;
  abstract readonly privateSubnets: PrivateSubnet[];
  abstract readonly privateRouteTables: PrivateRouteTable[];
  abstract readonly publicSubnets: PublicSubnet[];
  abstract readonly internetGateway?: ITerraformDependable;
  abstract readonly replacementSecurityGroup: { readonly id: string };
  abstract readonly egress: Egress;

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.subnet.id);
  }

  get privateRouteTableIds(): string[] {
    return this.privateRouteTables.map((t) => t.routeTable.id);
  }

  get publicSubnetIds(): string[] {
    return this.publicSubnets.map((s) => s.subnet.id);
  }

  publicSubnetFor(az: string | undefined): PublicSubnet {
    const match = this.publicSubnets.find((s) => s.az !== undefined && s.az === az) ?? this.publicSubnets[0];
    if (!match) throw new Error('VLG_NO_PUBLIC_SUBNET: this egress needs public subnets, but the network has none');
    return match;
  }

  routePrivateSubnets(what: string, destinationCidrBlock: string, targetFor: (table: PrivateRouteTable) => RouteTarget): void {
    if (this.privateRouteTables.length === 0) {
      throw new Error(`VLG_NO_ROUTE_TABLES: the ${what} route needs the Lambda subnets' route tables; config validation should have asked for network.existing.routeTableIds`);
    }
    for (const table of this.privateRouteTables) {
      new Route(this, `private-${what}-route-${table.key}`, {
        routeTableId: table.routeTable.id,
        destinationCidrBlock,
        ...targetFor(table),
      });
    }
  }
}

export interface NetworkProps {
  stackName: string;
  /** Region of the stack: endpoint service names contain it. */
  region: string;
  /** The VPC CIDR: the default of `var.vpc_cidr`, from which the subnets are carved at the plan's offsets. */
  cidr: string;
  /** One entry per AZ; publicCidr is set exactly when the egress strategy needs the internet. */
  subnets: SubnetPlanEntry[];
  egress: Egress;
  /**
   * Places private subnet i in the AZ with ID zoneIds[i] instead of by name, and creates no
   * var.availability_zones: a network that must share AZs with another, maybe in another account
   * (AZ names map to different zones in each account; IDs do not). @default - by name
   */
  zoneIds?: string[];
  /** Prefix of the network's variables: "consumer_" gives var.consumer_vpc_cidr. @default none */
  variablePrefix?: string;
}

/** A Lambda subnet this stack creates, with the route table it alone uses. */
export interface CreatedPrivateSubnet extends PrivateSubnet {
  subnet: Subnet;
  routeTable: RouteTable;
}

export interface CreatedPublicSubnet extends PublicSubnet {
  az: string;
  subnet: Subnet;
}

/**
 * The VPC this stack creates (`stack.network`, unless the config names an existing VPC): `vpc`,
 * `privateSubnets` (each with its `subnet`), `privateRouteTables` (one per Lambda subnet),
 * `publicSubnets` when the egress needs the internet, and the `egress` in use.
 */
export class Network extends NetworkBase {
  readonly vpc: Vpc;
  readonly privateSubnets: CreatedPrivateSubnet[];
  readonly privateRouteTables: PrivateRouteTable[];
  readonly publicSubnets: CreatedPublicSubnet[] = [];
  readonly internetGateway?: InternetGateway;
  /** The VPC's default group, emptied of rules: nothing should use it, and functions are moved onto it on destroy. */
  readonly defaultSecurityGroup: DefaultSecurityGroup;
  readonly stackName: string;
  readonly region: string;
  /** The VPC's CIDR (its cidr_block attribute, which is var.vpc_cidr). */
  readonly cidr: string;
  /** `var.vpc_cidr` and `var.availability_zones` (none with zoneIds): the platform team may change them without regenerating. */
  readonly variables: { cidr: TerraformVariable; availabilityZones?: TerraformVariable };
  /** How the private subnets reach the outside; others read `egress.internet` to pick their rules. */
  readonly egress: Egress;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.stackName = props.stackName;
    this.region = props.region;
    this.egress = props.egress;
    if (props.egress.internet && props.subnets.some((s) => !s.publicCidr)) {
      throw new Error(
        'VLG_NO_PUBLIC_SUBNET: this egress (NAT) needs a public subnet in every AZ, but the subnet plan has none; the pattern catalog must report internetEgress for these options',
      );
    }
    const name = (...parts: string[]) => awsName(props.stackName, ...parts);
    this.variables = networkVariables(this, props);
    const vpcCidr = this.variables.cidr.stringValue;
    const azs = props.subnets.map((s) => s.az);
    // The plan's subnets as offsets into var.vpc_cidr, and AZs by position in var.availability_zones.
    const carve = (cidr: string) => {
      const offset = subnetOffset(props.cidr, cidr);
      if (!offset) throw new Error(`VLG_SUBNET_OUTSIDE_VPC: ${cidr} is not an aligned block of ${props.cidr}; config validation should have refused it`);
      return Fn.cidrsubnet(vpcCidr, offset.newbits, offset.netnum);
    };
    const azOf = (az: string) => Fn.element(this.variables.availabilityZones!.listValue, azs.indexOf(az));
    const zoneOf = (az: string) =>
      props.zoneIds ? { availabilityZoneId: props.zoneIds[azs.indexOf(az)] } : { availabilityZone: azOf(az) };

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: vpcCidr,
      // Private DNS of interface endpoints needs both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name('vpc') },
    });
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: this.vpc.id,
      tags: { Name: name('default-unused') },
    });

    this.privateSubnets = props.subnets.map(({ az, privateCidr }) => {
      const suffix = azSuffix(az);
      const subnet = new Subnet(this, `private-subnet-${suffix}`, {
        vpcId: this.vpc.id,
        ...zoneOf(az),
        cidrBlock: carve(privateCidr),
        tags: { Name: name('private', suffix), Tier: 'private' },
      });
      const routeTable = new RouteTable(this, `private-route-table-${suffix}`, {
        vpcId: this.vpc.id,
        tags: { Name: name('private', suffix) },
      });
      new RouteTableAssociation(this, `private-route-table-association-${suffix}`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      return { key: suffix, az, azId: subnet.availabilityZoneId, cidr: subnet.cidrBlock, subnet, routeTable };
    });
    this.privateRouteTables = this.privateSubnets.map(({ key, az, routeTable }) => ({ key, az, routeTable }));

    if (props.egress.internet) {
      this.internetGateway = new InternetGateway(this, 'internet-gateway', {
        vpcId: this.vpc.id,
        tags: { Name: name('igw') },
      });
      const publicRouteTable = new RouteTable(this, 'public-route-table', {
        vpcId: this.vpc.id,
        tags: { Name: name('public') },
      });
      new Route(this, 'public-default-route', {
        routeTableId: publicRouteTable.id,
        destinationCidrBlock: '0.0.0.0/0',
        gatewayId: this.internetGateway.id,
      });
      for (const { az, publicCidr } of props.subnets) {
        const suffix = azSuffix(az);
        const subnet = new Subnet(this, `public-subnet-${suffix}`, {
          vpcId: this.vpc.id,
          ...zoneOf(az),
          cidrBlock: carve(publicCidr!),
          // Nothing here needs an automatic public IP: NATs get EIPs.
          mapPublicIpOnLaunch: false,
          tags: { Name: name('public', suffix), Tier: 'public' },
        });
        new RouteTableAssociation(this, `public-route-table-association-${suffix}`, {
          subnetId: subnet.id,
          routeTableId: publicRouteTable.id,
        });
        this.publicSubnets.push({ key: suffix, az, subnet });
      }
    }

    this.cidr = this.vpc.cidrBlock;
    props.egress.configure(this);
  }

  /** The VPC's default group, emptied of rules: nothing uses it but functions being deleted. */
  get replacementSecurityGroup(): DefaultSecurityGroup {
    return this.defaultSecurityGroup;
  }
}

/**
 * var.vpc_cidr keeps the planned size (the subnets are cidrsubnet() offsets of it, and their IP
 * capacity was checked for it); var.availability_zones keeps the planned count (one Lambda subnet
 * each) and the stack's region.
 */
function networkVariables(scope: Construct, props: NetworkProps): Network['variables'] {
  const [, prefix] = props.cidr.split('/');
  const azs = props.subnets.map((s) => s.az);
  const named = (name: string) => `${props.variablePrefix ?? ''}${name}`;
  const cidr = stackVariable(scope, named('vpc_cidr'), {
    type: 'string',
    default: props.cidr,
    description: `CIDR of the ${props.variablePrefix ? `${props.stackName} ` : ''}VPC, a /${prefix}: every subnet is carved from it at a fixed offset (cidrsubnet), so it keeps the planned size`,
    checks: (v) => [
      {
        condition: Fn.try([
          Op.and(Op.eq(Fn.cidrhost(v.stringValue, 0), Fn.element(Fn.split('/', v.stringValue), 0)), Op.eq(Fn.element(Fn.split('/', v.stringValue), 1), prefix)),
          false,
        ]),
        errorMessage: `${named('vpc_cidr')} must be an IPv4 network of the planned size, a /${prefix} such as "${props.cidr}" (no host bits): the subnets and their IP capacity were planned for a /${prefix}.`,
      },
    ],
  });
  if (props.zoneIds) return { cidr };
  const region = props.region;
  const availabilityZones = stackVariable(scope, 'availability_zones', {
    type: 'list(string)',
    default: azs,
    description: `Availability zones of ${props.region}, one Lambda subnet (and route table) each, in subnet order; exactly ${azs.length}`,
    checks: (v) => [
      {
        condition: Op.eq(Fn.lengthOf(v.listValue), azs.length),
        errorMessage: `availability_zones must list exactly ${azs.length} AZs, one per planned Lambda subnet; to change the count, change availabilityZones in vpc-lambda-gen.json and export again.`,
      },
      {
        condition: Op.and(
          Fn.can(Fn.regex(`^(${region}[a-z],)*${region}[a-z]$`, Fn.join(',', v.listValue))),
          Op.eq(Fn.lengthOf(Fn.distinct(v.listValue)), Fn.lengthOf(v.listValue)),
        ),
        errorMessage: `availability_zones must be distinct AZ names of ${props.region}, such as "${azs[0]}".`,
      },
    ],
  });
  return { cidr, availabilityZones };
}
