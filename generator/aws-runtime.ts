/**
 * The commands that call AWS (snapshot, verify), bundled on their own (dist/aws.js, the AWS SDK clients inside) and
 * loaded only when one of them runs: the CLI's start-up, `--help` included, never parses the SDK.
 */
export { runVerify } from './verify/run';
export { takeSnapshot } from './snapshot/aws';
