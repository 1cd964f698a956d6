/**
 * Scenario 6, HTTP API → VPC function → EFS: the function mounts an access point of an encrypted
 * file system whose mount targets (one per AZ, on their own security group) it reaches on NFS 2049,
 * and serves an HTTP API (v2) through a Lambda proxy integration. No internet path is needed.
 */
import { SharedFileSystem } from './blocks/efs';
import { HttpApi } from './blocks/http-api';
import { definePattern } from './pattern';

export interface EfsOptions {
  function: string;
  rootPath: string;
  mountPath: string;
  readOnly: boolean;
  uid: number;
  gid: number;
  permissions: string;
  backup: boolean;
  transitionToIaDays: number | null;
  routes: string[];
}

export default definePattern<EfsOptions>({
  build({ scope, config, options, network, fn, output, ssmHost }) {
    const api = fn(options.function);
    const efs = new SharedFileSystem(scope, 'efs', {
      stackName: config.name,
      network,
      rootPath: options.rootPath,
      uid: options.uid,
      gid: options.gid,
      permissions: options.permissions,
      backup: options.backup,
      transitionToIaDays: options.transitionToIaDays ?? undefined,
      transitionToPrimaryOnAccess: options.transitionToIaDays !== null,
    });
    const mount = efs.accessPointMount(options.mountPath, options.readOnly);
    api.mount(mount);
    api.addPolicy('efs-client', mount.policyStatements);
    mount.connections.allowDefaultPortFrom(api, 'Function mounts EFS');
    if (ssmHost) mount.connections.allowDefaultPortFrom(ssmHost, 'Debug host mounts EFS');
    api.addEnvironment('EFS_MOUNT_PATH', options.mountPath);
    if (options.readOnly) api.addEnvironment('EFS_READ_ONLY', 'true');

    const http = new HttpApi(scope, 'http-api', { stackName: config.name, target: api, routeKeys: options.routes });

    output('http_api_url', http.url, 'Public URL of the HTTP API ($default stage)');
    output('efs_file_system_id', efs.fileSystem.id, 'ID of the encrypted EFS file system');
    output('efs_access_point_arn', efs.accessPoint.arn, 'Access point the function mounts');
  },
});
