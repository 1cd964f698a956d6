/** Public API: what generated projects' main.ts and library users import. */
export { buildApp, type BuildAppOptions } from './app';
export { VpcLambdaStack, AWS_PROVIDER_CONSTRAINT } from './stack';
export { Network, type INetwork } from './blocks/network';
export { ExistingNetwork } from './blocks/existing-network';
export { Egress } from './blocks/egress';
export { VpcFunction } from './blocks/vpc-function';
export { Connections, Port, type IConnectable } from './blocks/connections';
export { validateConfig, loadConfig, ConfigError } from '../generator/config';
