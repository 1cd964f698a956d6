/**
 * An encrypted EFS file system for VPC functions (after aws-cdk-lib/aws-efs and
 * aws-lambda/lib/filesystem.ts, v2): its own security group (never the VPC default group: the
 * classic bug), a mount target on that group in every Lambda subnet's AZ, and an access point whose
 * root directory is created with an owner and permissions. `accessPointMount()` is the factory a
 * function mounts: the access point ARN, the mount path, the mount targets to wait for, and the IAM
 * statements scoped to this file system through this access point.
 */
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsBackupPolicy } from '@cdktf/provider-aws/lib/efs-backup-policy';
import { EfsFileSystem, type EfsFileSystemLifecyclePolicy } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { Connections, type IConnectable, Port } from './connections';
import { awsName } from './naming';
import type { INetwork } from './network';
import type { FunctionFileSystem } from './vpc-function';

/** NFS. */
export const EFS_PORT = 2049;

export interface SharedFileSystemProps {
  stackName: string;
  /** Mount targets go into every private (Lambda) subnet: one per AZ the functions use. */
  network: INetwork;
  /** Root directory of the access point, created on first use, for example "/lambda". */
  rootPath: string;
  /** Owner of the root directory and POSIX user of every access through the access point. */
  uid: number;
  gid: number;
  /** Octal permissions of the root directory, for example "750". */
  permissions: string;
  /** AWS Backup daily backups (35-day retention) of the file system. */
  backup: boolean;
  /**
   * Days without access before files move to Infrequent Access (cheaper storage, per-read fee).
   * @default - never
   */
  transitionToIaDays?: number;
  /** Move a file back to Standard storage on its first access after transition. */
  transitionToPrimaryOnAccess: boolean;
}

/** What a function needs to mount an access point: VpcFunction.mount(), plus grants and connections. */
export interface EfsMount extends FunctionFileSystem {
  /** elasticfilesystem:ClientMount (and ClientWrite unless read-only) on this file system through this access point. */
  policyStatements: DataAwsIamPolicyDocumentStatement[];
  /** The file system's connections: open EFS_PORT to the mounting function. */
  connections: Connections;
}

export class SharedFileSystem extends Construct implements IConnectable {
  readonly securityGroup: SecurityGroup;
  readonly fileSystem: EfsFileSystem;
  readonly mountTargets: EfsMountTarget[];
  readonly accessPoint: EfsAccessPoint;
  readonly backupPolicy: EfsBackupPolicy;
  readonly connections: Connections;

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    const { stackName, network } = props;
    const name = awsName(stackName, 'efs');

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name,
      description: `EFS ${name} mount targets: NFS from the functions that mount it, nothing else`,
      vpcId: network.vpc.id,
      tags: { Name: name },
    });
    this.connections = new Connections({ scope: this, securityGroupId: this.securityGroup.id, name: 'efs', defaultPort: Port.tcp(EFS_PORT) });

    const lifecyclePolicy: EfsFileSystemLifecyclePolicy[] = [];
    if (props.transitionToIaDays !== undefined) {
      lifecyclePolicy.push({ transitionToIa: `AFTER_${props.transitionToIaDays}_${props.transitionToIaDays === 1 ? 'DAY' : 'DAYS'}` });
    }
    if (props.transitionToPrimaryOnAccess) lifecyclePolicy.push({ transitionToPrimaryStorageClass: 'AFTER_1_ACCESS' });
    this.fileSystem = new EfsFileSystem(this, 'file-system', {
      creationToken: name,
      encrypted: true,
      performanceMode: 'generalPurpose',
      // Pay per use, bursts on demand: suits spiky Lambda traffic without a provisioned baseline.
      throughputMode: 'elastic',
      lifecyclePolicy: lifecyclePolicy.length > 0 ? lifecyclePolicy : undefined,
      tags: { Name: name },
    });
    this.backupPolicy = new EfsBackupPolicy(this, 'backup-policy', {
      fileSystemId: this.fileSystem.id,
      backupPolicy: { status: props.backup ? 'ENABLED' : 'DISABLED' },
    });

    this.mountTargets = network.privateSubnets.map(
      ({ key, subnet }) =>
        new EfsMountTarget(this, `mount-target-${key}`, {
          fileSystemId: this.fileSystem.id,
          subnetId: subnet.id,
          securityGroups: [this.securityGroup.id],
        }),
    );

    this.accessPoint = new EfsAccessPoint(this, 'access-point', {
      fileSystemId: this.fileSystem.id,
      posixUser: { uid: props.uid, gid: props.gid },
      rootDirectory: {
        path: props.rootPath,
        creationInfo: { ownerUid: props.uid, ownerGid: props.gid, permissions: props.permissions },
      },
      tags: { Name: awsName(stackName, 'efs', 'lambda') },
    });
  }

  /** The access point mounted at `localMountPath` (under /mnt/), read-write unless `readOnly`. */
  accessPointMount(localMountPath: string, readOnly: boolean): EfsMount {
    return {
      accessPointArn: this.accessPoint.arn,
      localMountPath,
      // Lambda refuses a file system config until a mount target exists in the function's AZs.
      dependsOn: [...this.mountTargets],
      policyStatements: [
        {
          sid: readOnly ? 'MountReadOnlyThroughAccessPoint' : 'MountReadWriteThroughAccessPoint',
          actions: readOnly ? ['elasticfilesystem:ClientMount'] : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          resources: [this.fileSystem.arn],
          condition: [{ test: 'StringEquals', variable: 'elasticfilesystem:AccessPointArn', values: [this.accessPoint.arn] }],
        },
      ],
      connections: this.connections,
    };
  }
}
