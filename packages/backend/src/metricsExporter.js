// Plain CommonJS: loaded with `node --require` before the backend (and its TypeScript loader).
const http = require('node:http');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 9464; // Prometheus' registered port for OpenTelemetry exporters

/**
 * Reads where to serve the metrics from SPARKI_METRICS_HOST and SPARKI_METRICS_PORT.
 * Loopback by default: the endpoint has no authentication, so exposing it is a choice.
 */
function metricsAddressFromEnv(env) {
  const host = env.SPARKI_METRICS_HOST?.trim() || DEFAULT_HOST;
  const rawPort = env.SPARKI_METRICS_PORT?.trim() || String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new Error(
      `SPARKI_METRICS_PORT must be a port number (0-65535), got "${rawPort}"`,
    );
  }
  return { host, port: Number(rawPort) };
}

/**
 * Registers the global OpenTelemetry meter provider with a Prometheus exporter and serves it at
 * `http://host:port/metrics`. The provider is registered synchronously, before this returns: the
 * API hands out no-op meters until then, so this must run before any plugin creates instruments.
 *
 * Only metrics are exported: traces and logs stay off unless OTEL_TRACES_EXPORTER or
 * OTEL_LOGS_EXPORTER asks for them (the SDK would otherwise push both to an OTLP collector on
 * localhost that is not there).
 */
function startMetricsExporter({ host, port, env = process.env }) {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || 'sparki-portal-backend',
    metricReaders: [exporter],
    ...(env.OTEL_TRACES_EXPORTER ? {} : { spanProcessors: [] }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();

  // Our own server around the exporter's handler: the exporter's server cannot listen on an
  // ephemeral port (it reads 0 as 9464) and reports a failed bind only to OpenTelemetry's diag.
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://metrics');
    if (pathname === '/metrics') {
      exporter.getMetricsRequestHandler(request, response);
    } else {
      response.statusCode = 404;
      response.end('Not found: metrics are served at /metrics\n');
    }
  });
  server.unref(); // never keeps the backend process alive on its own
  const listening = new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      const { port: boundPort } = server.address();
      const urlHost = host.includes(':') ? `[${host}]` : host; // IPv6
      resolve(`http://${urlHost}:${boundPort}/metrics`);
    });
  });

  return {
    /** Resolves to the metrics URL once the server listens; rejects if it cannot bind. */
    listening,
    async shutdown() {
      const closed = new Promise(resolve => server.close(() => resolve()));
      server.closeAllConnections(); // scrapers keep connections alive
      await closed;
      await sdk.shutdown();
    },
  };
}

module.exports = { metricsAddressFromEnv, startMetricsExporter };
