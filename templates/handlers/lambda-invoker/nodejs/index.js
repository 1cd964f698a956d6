// Invokes the target function (its `live` alias) through the Lambda API. In a VPC with no internet
// path, that call only works through the lambda interface endpoint: private DNS sends
// lambda.<region>.amazonaws.com to the endpoint's addresses in the Lambda subnets.
const { LambdaClient, InvokeCommand } = require('@aws-sdk/client-lambda');

// Fail fast instead of waiting out the function timeout when there is no path to the API.
const client = new LambdaClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 3000, requestTimeout: 10000 } });

exports.handler = async function handler(event) {
  const functionName = process.env.TARGET_FUNCTION_NAME;
  if (!functionName) {
    throw new Error('TARGET_FUNCTION_NAME is not set: the pattern sets it to the target function name; check the function configuration');
  }
  const qualifier = process.env.TARGET_QUALIFIER || 'live';
  const started = Date.now();
  const payload = { from: process.env.AWS_LAMBDA_FUNCTION_NAME || 'caller', sentAt: new Date(started).toISOString(), event: event ?? null };
  let result;
  try {
    result = await client.send(
      new InvokeCommand({ FunctionName: functionName, Qualifier: qualifier, Payload: Buffer.from(JSON.stringify(payload)) }),
    );
  } catch (error) {
    const code = (error && (error.name || error.code)) || String(error);
    return { ok: false, target: `${functionName}:${qualifier}`, error: String(code), hint: hintFor(code), millis: Date.now() - started };
  }
  const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
  if (result.FunctionError) {
    return { ok: false, target: `${functionName}:${qualifier}`, status: result.StatusCode, error: `the target failed (${result.FunctionError})`, body: parse(text), millis: Date.now() - started };
  }
  return {
    ok: true,
    target: `${functionName}:${qualifier}`,
    status: result.StatusCode,
    executedVersion: result.ExecutedVersion,
    body: parse(text),
    millis: Date.now() - started,
  };
};

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function hintFor(code) {
  if (/Timeout|ETIMEDOUT|ECONNREFUSED|ECONNRESET|AbortError/i.test(code)) {
    return 'no answer from the Lambda API: check the lambda interface endpoint (private DNS on) and that the endpoint security group admits this function on 443';
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(code)) return 'lambda.<region>.amazonaws.com does not resolve: the VPC needs DNS support and hostnames enabled';
  if (/AccessDenied|NotAuthorized/i.test(code)) return "this function's role may invoke only the target's live alias: check TARGET_FUNCTION_NAME and TARGET_QUALIFIER";
  if (/ResourceNotFound/i.test(code)) return 'no such function or alias: check TARGET_FUNCTION_NAME and TARGET_QUALIFIER';
  return 'the call failed before the target answered';
}
