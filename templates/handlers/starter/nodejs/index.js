// Your handler. The pattern connects no trigger or target to this function: it runs in the Lambda
// subnets with its own security group, reaching only what the pattern opens to every function.
// Replace this code with yours.
exports.handler = async function handler(event) {
  return {
    ok: true,
    function: process.env.AWS_LAMBDA_FUNCTION_NAME || 'function',
    receivedAt: new Date().toISOString(),
    received: event ?? null,
  };
};
