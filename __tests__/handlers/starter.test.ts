// The neutral sample a function gets when the pattern wires nothing to it.
const { handler } = require('../../templates/handlers/starter/nodejs/index.js');

describe('starter handler', () => {
  test('answers with its name and what it received', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'demo-worker';
    try {
      await expect(handler({ job: 1 })).resolves.toMatchObject({ ok: true, function: 'demo-worker', received: { job: 1 } });
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
