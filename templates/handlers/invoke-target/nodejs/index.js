// The target of a direct Lambda invoke: answers with what it received and which version ran, so the
// caller can see that its call went through the `live` alias.
exports.handler = async function handler(event) {
  return {
    ok: true,
    answeredBy: process.env.AWS_LAMBDA_FUNCTION_NAME || 'target',
    version: process.env.AWS_LAMBDA_FUNCTION_VERSION || '$LATEST',
    receivedAt: new Date().toISOString(),
    received: event ?? null,
  };
};
