/**
 * Scenario 3, a private REST API between two functions in a VPC with no internet gateway: the caller
 * reaches API Gateway only through the execute-api interface endpoint (private DNS), the API admits
 * only that endpoint, and its POST /invoke is an AWS_PROXY integration to the target's `live` alias.
 */
import { PrivateRestApi } from './blocks/private-rest-api';
import { InterfaceEndpoints } from './blocks/vpc-endpoints';
import { definePattern } from './pattern';

export interface PrivateApiOptions {
  caller: string;
  target: string;
  stageName: string;
}

export default definePattern<PrivateApiOptions>({
  build({ scope, config, options, network, fn, output }) {
    const caller = fn(options.caller);
    const target = fn(options.target);

    const endpoints = InterfaceEndpoints.of(network);
    const endpoint = endpoints.add('execute-api');
    endpoints.connections.allowDefaultPortFrom(caller, 'Private API calls through the execute-api endpoint');

    const api = new PrivateRestApi(scope, 'private-api', { stackName: config.name, endpoint, target, stageName: options.stageName });
    caller.addEnvironment('TARGET_URL', api.invokeUrl);

    output('private_api_id', api.api.id, 'ID of the private REST API');
    output('private_api_invoke_url', api.invokeUrl, 'URL the caller POSTs to (resolves only inside the VPC, through the execute-api endpoint)');
    output('execute_api_endpoint_id', endpoint.id, 'The execute-api interface endpoint: the only way into the API');
  },
});
