// The target handler answers all three front doors (REST API, HTTP API, ALB) in their own format.
const { handler } = require('../../templates/handlers/http-echo/nodejs/index.js');

describe('http-echo handler', () => {
  test('GIVEN a REST API proxy event THEN it echoes the body with only the keys API Gateway accepts', async () => {
    const response = await handler({
      httpMethod: 'POST',
      path: '/invoke',
      body: '{"from":"caller"}',
      isBase64Encoded: false,
      requestContext: { apiId: 'abc123', identity: { vpceId: 'vpce-0123' } },
    });
    expect(Object.keys(response).sort()).toEqual(['body', 'headers', 'isBase64Encoded', 'statusCode']);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, via: 'rest-api', method: 'POST', path: '/invoke', sourceVpce: 'vpce-0123', received: { from: 'caller' } });
  });

  test('GIVEN an ALB event with a base64 body THEN it decodes it and adds the status description ALBs want', async () => {
    const response = await handler({
      httpMethod: 'POST',
      path: '/invoke',
      body: Buffer.from('{"n":1}').toString('base64'),
      isBase64Encoded: true,
      requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/demo-fn-tg/1' } },
    });
    expect(response).toMatchObject({ statusCode: 200, statusDescription: '200 OK' });
    expect(JSON.parse(response.body)).toMatchObject({ via: 'alb', received: { n: 1 } });
  });

  test('GIVEN an HTTP API (payload 2.0) event with a text body THEN it echoes the text', async () => {
    const response = await handler({ rawPath: '/x', body: 'hello', requestContext: { http: { method: 'PUT' } } });
    expect(JSON.parse(response.body)).toMatchObject({ via: 'http-api', method: 'PUT', path: '/x', received: 'hello' });
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
