import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

jest.setTimeout(120_000);

const backendDir = resolve(__dirname, '..');
const repoRoot = resolve(backendDir, '../..');

// Stands in for the backend: a plugin that creates an instrument through the global API.
const probe = `
  const { metrics } = require('@opentelemetry/api');
  metrics.getMeter('probe').createObservableGauge('probe.value', { description: 'probe' })
    .addCallback(result => result.observe(42, { source: 'probe' }));
  setTimeout(() => { process.stdout.write('probe done\\n'); process.exit(0); }, Number(process.env.PROBE_MS));
`;

const children: ChildProcess[] = [];
afterAll(() => children.forEach(child => child.kill()));

/** Runs the probe preloaded with instrumentation.js, as `backstage-cli package start` does. */
function startProbe(env: Record<string, string>, probeMs = 600_000) {
  const child = spawn(
    process.execPath,
    ['--require', './src/instrumentation.js', '-e', probe],
    {
      cwd: backendDir,
      env: { ...process.env, ...env, PROBE_MS: String(probeMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', chunk => (stdout += chunk));
  child.stderr!.on('data', chunk => (stderr += chunk));
  const output = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolveMatch, reject) => {
      const check = () => {
        const match = pattern.exec(stdout + stderr);
        if (match) resolveMatch(match);
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', () => {
        check();
        reject(new Error(`exited without ${pattern}: ${stdout}${stderr}`));
      });
    });
  const exited = new Promise<number | null>(r => child.once('exit', r));
  return { output, exited, text: () => stdout + stderr };
}

describe('instrumentation.js', () => {
  it('serves what the process records at /metrics, and survives a taken port', async () => {
    const first = startProbe({ SPARKI_METRICS_PORT: '0' });
    const [, url] = await first.output(/Prometheus metrics served at (\S+)/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const text = await (await fetch(url)).text();
    expect(text).toMatch(/^probe_value\{source="probe".*\} 42$/m);

    // A second backend on the same port (e.g. a restart racing the old one) runs on.
    const second = startProbe(
      { SPARKI_METRICS_PORT: new URL(url).port },
      5_000,
    );
    await second.output(/Prometheus metrics are NOT served: .*EADDRINUSE/);
    await second.output(/probe done/);
    expect(await second.exited).toBe(0);
  });

  it('is off with OTEL_SDK_DISABLED', async () => {
    const probeRun = startProbe(
      { SPARKI_METRICS_PORT: '0', OTEL_SDK_DISABLED: 'true' },
      2_000,
    );
    expect(await probeRun.exited).toBe(0);
    expect(probeRun.text()).toBe('probe done\n');
  });

  it('is loaded by `./sparki start` (yarn start) and by the backend start script', () => {
    const rootScripts = JSON.parse(
      readFileSync(resolve(repoRoot, 'package.json'), 'utf8'),
    ).scripts;
    const backendScripts = JSON.parse(
      readFileSync(resolve(backendDir, 'package.json'), 'utf8'),
    ).scripts;
    for (const script of [rootScripts.start, backendScripts.start]) {
      const [, required] = /--require (\S+)/.exec(script) ?? [];
      // Both start the backend with packages/backend as its working directory.
      expect(required && existsSync(resolve(backendDir, required))).toBe(true);
    }
  });
});
