'use strict';

// PORT and HEALTH_PATH come from the Deployment (deploy/k8s), so the probes and the server agree.
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const healthPath = process.env.HEALTH_PATH || '/healthz';

function createServer() {
  return http.createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://localhost');
    if (pathname === healthPath) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
  });
}

if (require.main === module) {
  const server = createServer().listen(port, () => {
    console.log(`listening on ${port}, health at ${healthPath}`);
  });
  // Kubernetes sends SIGTERM before removing the pod: finish the requests in flight.
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

module.exports = { createServer };
