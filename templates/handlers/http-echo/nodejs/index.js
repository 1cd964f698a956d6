// The target: answers whatever invoked it (API Gateway REST or HTTP API proxy, or an ALB) with what
// it received, so the caller sees that the request really arrived.
exports.handler = async function handler(event) {
  const request = describe(event || {});
  const response = {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ok: true,
      function: process.env.AWS_LAMBDA_FUNCTION_NAME,
      version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      ...request,
      receivedAt: new Date().toISOString(),
    }),
    isBase64Encoded: false,
  };
  // ALBs want a status description; API Gateway rejects keys it does not know.
  if (request.via === 'alb') response.statusDescription = '200 OK';
  return response;
};

function describe(event) {
  const context = event.requestContext || {};
  const via = context.elb ? 'alb' : context.http ? 'http-api' : context.apiId ? 'rest-api' : 'direct';
  const method = event.httpMethod || (context.http && context.http.method) || null;
  const path = event.path || event.rawPath || null;
  let body = event.body ?? null;
  if (body !== null && event.isBase64Encoded) body = Buffer.from(body, 'base64').toString('utf8');
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // plain text stays as it is
    }
  }
  return { via, method, path, sourceVpce: (context.identity && context.identity.vpceId) || null, received: body };
}
