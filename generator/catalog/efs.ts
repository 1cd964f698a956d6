import { z } from 'zod';
import { checkFunctionRefs, functionFlag, functionRef, wiredRoles } from './checks';
import { INSIDE_VPC_EGRESS } from './egress';
import type { PatternSpec } from './types';

/** Lambda's rule for a local mount path: one directory level under /mnt/. */
export const LAMBDA_MOUNT_PATH = /^\/mnt\/[A-Za-z0-9_.-]+$/;
/** An absolute directory below the file system root, for example "/lambda" (at most 100 characters). */
export const EFS_ROOT_PATH = /^(\/[A-Za-z0-9_.-]+)+$/;
/** HTTP API route keys: "$default" or "<METHOD|ANY> /path". */
export const ROUTE_KEY = /^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[A-Za-z0-9._~{}+/-]*)$/;
/** Days EFS accepts for moving files to Infrequent Access. */
export const EFS_IA_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

export const efs: PatternSpec = {
  id: 'efs',
  title: 'HTTP API → VPC function → EFS',
  useWhen: 'a function behind an HTTP API needs a shared, persistent file system',
  options: z
    .object({
      id: z.literal('efs'),
      /** The function that mounts the file system and serves the API. @default "api" */
      function: functionRef('api'),
      /** Root directory of the access point, created with ownerUid/ownerGid/permissions. @default "/lambda" */
      rootPath: z
        .string()
        .max(100)
        .regex(EFS_ROOT_PATH, { message: 'use an absolute directory below the file system root, for example "/lambda"' })
        .default('/lambda'),
      /** Where the function sees the file system: one directory under /mnt/. @default "/mnt/msg" */
      mountPath: z.string().regex(LAMBDA_MOUNT_PATH, { message: 'Lambda mounts under /mnt/: use "/mnt/<name>", for example "/mnt/msg"' }).default('/mnt/msg'),
      /** Mount read-only: the role gets ClientMount but not ClientWrite. @default false */
      readOnly: z.boolean().default(false),
      /** POSIX user and owner of the root directory. @default 1000 */
      uid: z.number().int().min(0).max(4294967295).default(1000),
      /** @default 1000 */
      gid: z.number().int().min(0).max(4294967295).default(1000),
      /** Octal permissions of the root directory. @default "750" */
      permissions: z.string().regex(/^[0-7]{3,4}$/, { message: 'use octal permissions, for example "750"' }).default('750'),
      /** Daily AWS Backup of the file system. @default true */
      backup: z.boolean().default(true),
      /** Days without access before files move to Infrequent Access; null to never. @default 30 */
      transitionToIaDays: z
        .number()
        .refine((d) => (EFS_IA_DAYS as readonly number[]).includes(d), { message: `EFS accepts ${EFS_IA_DAYS.join(', ')}` })
        .nullable()
        .default(30),
      /** Route keys of the HTTP API, all to the function. @default ["ANY /{proxy+}", "$default"] */
      routes: z
        .array(z.string().regex(ROUTE_KEY, { message: 'use "$default" or "<METHOD> /<path>", for example "GET /messages"' }))
        .min(1, { message: 'give at least one route, for example "$default"' })
        .default(['ANY /{proxy+}', '$default']),
    })
    .strict(),
  egress: INSIDE_VPC_EGRESS,
  defaultFunctions: [{ name: 'api', handler: 'efs-messages', description: 'stores messages POSTed to the API in a file on EFS and lists them on GET', role: 'function', environment: ['EFS_MOUNT_PATH', 'EFS_READ_ONLY'] }],
  diagram: [
    'client(("HTTPS client")) --> api["HTTP API: $default stage, auto-deployed"]',
    'api -->|Lambda proxy, payload 2.0| fn["λ api (private subnets)"]',
    'fn -->|NFS 2049| efs["EFS mount target per AZ (own security group)"] --> fs[("Encrypted EFS, access point /lambda")]',
  ],
  pitfalls: [
    'Every mount target sits on the file system’s own security group, never the VPC default group.',
    'The EFS security group admits NFS (2049) only from the function’s security group; the function may send 2049 only to it.',
    'There is a mount target in every AZ the function’s subnets cover, and the function is created only after all of them exist.',
    'The access point creates its root directory with an owner and permissions and forces a POSIX user, so the function can write without root.',
    'The role may mount (and write, unless read-only) only this file system through this access point.',
  ],
  flags: {
    'efs-function': functionFlag('function', 'function that serves the HTTP API and mounts EFS [default: api]', 'Which function serves the HTTP API and mounts EFS?'),
    'efs-root-path': { field: 'rootPath', type: 'string', describe: 'access point root directory (default /lambda)' },
    'efs-mount-path': { field: 'mountPath', type: 'string', describe: 'where the function mounts it, under /mnt/ (default /mnt/msg)' },
    'efs-read-only': { field: 'readOnly', type: 'boolean', describe: 'mount read-only (no ClientWrite)' },
  },
  subnetUse: () => [{ what: 'EFS mount target', addresses: 1 }],
  refine(config, issue) {
    checkFunctionRefs(config, issue, wiredRoles(efs, config.pattern));
    const rootPath = config.pattern.rootPath as string;
    if (rootPath.split('/').length - 1 > 4) issue(['pattern', 'rootPath'], 'EFS access points allow at most four directory levels; use a shorter path such as "/lambda"');
    const routes = config.pattern.routes as string[];
    routes.forEach((route, i) => {
      if (routes.indexOf(route) !== i) issue(['pattern', 'routes', i], 'listed twice; list each route once');
    });
  },
};
