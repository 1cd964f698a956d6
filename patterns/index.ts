/**
 * vpc-lambda-gen's public API: what a project's main.ts composes with (docs/extend.md).
 *
 *   const { app, stack } = buildApp({ projectDir: __dirname });
 *   // stack.network, stack.fn('api'), InterfaceEndpoints.of(stack.network), your own constructs...
 *   app.synth();
 *
 * The types are one bundled file (dist/index.d.ts) that needs only cdktf and constructs: the provider
 * classes they mention (Vpc, LambdaFunction...) are declared in it, so a project type-checks without
 * @cdktf/provider-aws. To create AWS resources of your own, install the same version of the bindings
 * (`npm install --save-exact @cdktf/provider-aws@21.22.1`) and import them from deep paths.
 */

// The app and the stack.
export { buildApp, type BuildAppOptions, type BuiltApp } from './app';
export { VpcLambdaStack, AWS_PROVIDER_CONSTRAINT, type FunctionInput, type VpcLambdaStackProps } from './stack';
export { SynthesisCheckError } from './synthesis';
export { SKIP_CHECK_CONTEXT, SKIP_CHECK_ENV } from '../generator/check/in-synthesis';

// The network and the functions.
export {
  Network,
  type INetwork,
  type NetworkProps,
  type CreatedPrivateSubnet,
  type CreatedPublicSubnet,
  type PrivateRouteTable,
  type PrivateSubnet,
  type PublicSubnet,
  type RouteTarget,
} from './blocks/network';
export { ExistingNetwork, type ExistingNetworkProps } from './blocks/existing-network';
export { Egress, type NatGatewayEgressProps, type NatInstanceEgressProps } from './blocks/egress';
export { VpcFunction, ALIAS_NAME, LAMBDA_VPC_ACCESS_POLICY_ARN, type FunctionFileSystem, type FunctionRole, type VpcFunctionProps } from './blocks/vpc-function';

// Security-group wiring and endpoints.
export { Connections, Port, type ConnectionsProps, type IConnectable } from './blocks/connections';
export { GatewayEndpoints, InterfaceEndpoints, gatewayEndpoint, GATEWAY_ENDPOINT_SERVICES, INTERFACE_ENDPOINT_SERVICES, type GatewayEndpointService } from './blocks/vpc-endpoints';

// The patterns' blocks.
export { NatInstances, natInstanceUserData, type NatInstancesProps } from './blocks/nat-instance';
export { SharedFileSystem, EFS_PORT, type EfsMount, type SharedFileSystemProps } from './blocks/efs';
export { HttpApi, type HttpApiProps } from './blocks/http-api';
export { InternalAlb, type InternalAlbProps } from './blocks/internal-alb';
export { PrivateRestApi, type PrivateRestApiProps } from './blocks/private-rest-api';
export { AlbEndpointService, ServiceEndpoint, type AlbEndpointServiceProps, type ServiceEndpointProps } from './blocks/endpoint-service';
export { NotificationTopic, type NotificationTopicProps } from './blocks/notification-topic';
export { VpcPeering, type VpcPeeringProps } from './blocks/vpc-peering';
export { SsmHost, type SsmHostProps } from './blocks/ssm-host';
export { readSecureParameterStatements, type SecureParameterProps } from './blocks/ssm-parameter';

// The config.
export { validateConfig, loadConfig, ConfigError, type FunctionConfig, type ValidatedConfig, type VpcLambdaConfig } from '../generator/config';
