/**
 * An HTTP API (API Gateway v2) in front of one VPC function: a Lambda proxy integration with
 * payload format 2.0 on the function's `live` alias, the configured routes, an auto-deployed
 * `$default` stage, and the invoke permission scoped to this API.
 */
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import type { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { awsName } from './naming';
import type { VpcFunction } from './vpc-function';

export const DEFAULT_HTTP_API_ROUTES = ['ANY /{proxy+}', '$default'] as const;

export interface HttpApiProps {
  stackName: string;
  target: VpcFunction;
  /** Route keys ("$default", "GET /messages", "ANY /{proxy+}"), each sent to the target. */
  routeKeys: readonly string[];
}

export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly integration: Apigatewayv2Integration;
  readonly routes: Apigatewayv2Route[];
  readonly stage: Apigatewayv2Stage;
  readonly permission: LambdaPermission;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { stackName, target } = props;
    this.api = new Apigatewayv2Api(this, 'api', {
      name: awsName(stackName, 'http'),
      protocolType: 'HTTP',
      tags: { Name: awsName(stackName, 'http') },
    });
    this.integration = new Apigatewayv2Integration(this, 'integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationMethod: 'POST',
      integrationUri: target.alias.invokeArn,
      payloadFormatVersion: '2.0',
    });
    const ids = new Set<string>();
    this.routes = props.routeKeys.map((routeKey) => {
      let id = `route-${routeId(routeKey)}`;
      for (let n = 2; ids.has(id); n++) id = `route-${routeId(routeKey)}-${n}`;
      ids.add(id);
      return new Apigatewayv2Route(this, id, { apiId: this.api.id, routeKey, target: `integrations/${this.integration.id}` });
    });
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      tags: { Name: awsName(stackName, 'http') },
    });
    // Any stage and route of this API, and nothing else.
    this.permission = target.allowInvoke('http-api', 'apigateway.amazonaws.com', `${this.api.executionArn}/*/*`);
  }

  /** The stage's base URL (https://<id>.execute-api.<region>.amazonaws.com). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}

/** "ANY /{proxy+}" → "any-proxy", "$default" → "default": stable construct ids from route keys. */
export function routeId(routeKey: string): string {
  return routeKey.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
}
