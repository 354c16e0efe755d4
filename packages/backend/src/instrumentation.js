// Loaded before the backend with `--require ./src/instrumentation.js` (see the README, "Metrics"):
// OpenTelemetry's meter provider must be in place before the plugins create their instruments.
const { isMainThread } = require('node:worker_threads');
const {
  metricsAddressFromEnv,
  startMetricsExporter,
} = require('./metricsExporter');

// Worker threads inherit --require: only the main thread exports. OTEL_SDK_DISABLED is the
// standard OpenTelemetry switch to turn the SDK, and so the exporter, off.
const disabled = process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';

if (isMainThread && !disabled) {
  const { listening } = startMetricsExporter(
    metricsAddressFromEnv(process.env),
  );
  listening.then(
    url => process.stdout.write(`Prometheus metrics served at ${url}\n`),
    // A taken port must not stop the portal: it runs on, without the endpoint.
    error =>
      process.stderr.write(
        `Prometheus metrics are NOT served: ${error.message} (set SPARKI_METRICS_PORT)\n`,
      ),
  );
}
