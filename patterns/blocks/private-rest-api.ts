/**
 * A PRIVATE REST API (API Gateway v1) reachable only through one execute-api interface endpoint:
 * a resource policy that denies every request not arriving through that endpoint and then allows
 * the rest, one resource whose POST is an AWS_PROXY integration to a function's `live` alias, the
 * invoke permission scoped to exactly that API, method and path, and a deployment that is replaced
 * whenever the API or its policy changes (API Gateway serves a policy only once it is deployed).
 */
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayRestApiPolicy } from '@cdktf/provider-aws/lib/api-gateway-rest-api-policy';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { awsName } from './naming';
import type { VpcFunction } from './vpc-function';

export const DEFAULT_REST_STAGE_NAME = 'v1';
/** The one resource of the API: callers POST to <invoke URL>/invoke. */
export const PRIVATE_API_PATH = 'invoke';

export interface PrivateRestApiProps {
  stackName: string;
  /** The execute-api interface endpoint: the only way in. */
  endpoint: VpcEndpoint;
  target: VpcFunction;
  /** @default DEFAULT_REST_STAGE_NAME */
  stageName?: string;
}

export class PrivateRestApi extends Construct {
  readonly api: ApiGatewayRestApi;
  readonly policy: ApiGatewayRestApiPolicy;
  readonly resource: ApiGatewayResource;
  readonly method: ApiGatewayMethod;
  readonly integration: ApiGatewayIntegration;
  readonly permission: LambdaPermission;
  readonly deployment: ApiGatewayDeployment;
  readonly stage: ApiGatewayStage;

  constructor(scope: Construct, id: string, props: PrivateRestApiProps) {
    super(scope, id);
    const { stackName, endpoint, target } = props;
    const name = awsName(stackName, 'private-api');

    this.api = new ApiGatewayRestApi(this, 'api', {
      name,
      description: `Private API of ${stackName}: reachable only through its execute-api VPC endpoint`,
      endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [endpoint.id] },
      tags: { Name: name },
    });

    const requests = `${this.api.executionArn}/*`;
    const policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        {
          sid: 'DenyUnlessThroughTheEndpoint',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['execute-api:Invoke'],
          resources: [requests],
          condition: [{ test: 'StringNotEquals', variable: 'aws:SourceVpce', values: [endpoint.id] }],
        },
        {
          sid: 'AllowThroughTheEndpoint',
          effect: 'Allow',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['execute-api:Invoke'],
          resources: [requests],
        },
      ],
    });
    this.policy = new ApiGatewayRestApiPolicy(this, 'policy', { restApiId: this.api.id, policy: policyDocument.json });

    this.resource = new ApiGatewayResource(this, 'resource', {
      restApiId: this.api.id,
      parentId: this.api.rootResourceId,
      pathPart: PRIVATE_API_PATH,
    });
    this.method = new ApiGatewayMethod(this, 'method', {
      restApiId: this.api.id,
      resourceId: this.resource.id,
      httpMethod: 'POST',
      // The resource policy is the gate: only traffic through the endpoint gets here.
      authorization: 'NONE',
    });
    this.integration = new ApiGatewayIntegration(this, 'integration', {
      restApiId: this.api.id,
      resourceId: this.resource.id,
      httpMethod: this.method.httpMethod,
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: target.alias.invokeArn,
    });
    this.permission = target.allowInvoke('rest-api', 'apigateway.amazonaws.com', `${this.api.executionArn}/*/POST/${PRIVATE_API_PATH}`);

    this.deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.api.id,
      description: `Deployment of ${name}`,
      // A new deployment whenever the resource, method, integration or resource policy changes.
      triggers: {
        redeployment: Fn.sha1(
          Fn.jsonencode([this.resource.id, this.method.id, this.integration.id, this.integration.uri, this.policy.policy]),
        ),
      },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [this.policy, this.method, this.integration],
    });
    this.stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.api.id,
      deploymentId: this.deployment.id,
      stageName: props.stageName ?? DEFAULT_REST_STAGE_NAME,
      tags: { Name: name },
    });
  }

  /** The URL callers POST to: https://<api>.execute-api.<region>.amazonaws.com/<stage>/invoke. */
  get invokeUrl(): string {
    return `${this.stage.invokeUrl}/${PRIVATE_API_PATH}`;
  }
}
