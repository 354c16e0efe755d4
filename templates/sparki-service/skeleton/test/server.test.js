'use strict';

const assert = require('node:assert');
const { test } = require('node:test');
const { createServer } = require('../src/server');

async function get(server, path) {
  const { port } = server.address();
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.json() };
}

test('answers the health check and 404 elsewhere', async () => {
  const server = createServer().listen(0);
  await new Promise(resolve => server.once('listening', resolve));
  try {
    assert.deepStrictEqual(
      await get(server, process.env.HEALTH_PATH || '/healthz'),
      {
        status: 200,
        body: { status: 'ok' },
      },
    );
    assert.strictEqual((await get(server, '/nothing-here')).status, 404);
  } finally {
    server.close();
  }
});
