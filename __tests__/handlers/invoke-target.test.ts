const { handler } = require('../../templates/handlers/invoke-target/nodejs/index.js');

describe('invoke-target handler', () => {
  test('answers with what it received and which function and version ran', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'demo-target';
    process.env.AWS_LAMBDA_FUNCTION_VERSION = '7';
    try {
      await expect(handler({ from: 'demo-caller' })).resolves.toMatchObject({
        ok: true,
        answeredBy: 'demo-target',
        version: '7',
        received: { from: 'demo-caller' },
        receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      delete process.env.AWS_LAMBDA_FUNCTION_VERSION;
    }
  });
});

// A module, not a script: each test file keeps its own `handler`, `send`... (ts-jest type-checks them together).
export {};
