#!/usr/bin/env node
// Browser suite harness: builds the app when its sources are newer than the build, starts the
// backend (which serves that production build) in its own process group, runs every
// e2e/tests/*.test.mjs with node's test runner against it, then stops the whole group.
//   node e2e/run.mjs [tap-output-file]
//   SPARKI_E2E_ONLY=runbooks,sign-in node e2e/run.mjs   only the test files whose names contain one of these
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const yarn = join(root, '.yarn/releases/yarn-4.13.0.cjs');
const port = Number(process.env.SPARKI_E2E_PORT ?? 7017);
// Serves e2e/fixtures/runbooks to the backend's UrlReader (runbooks.locations of the e2e config).
const fixturesPort = Number(process.env.SPARKI_E2E_FIXTURES_PORT ?? port + 1);
const baseUrl = `http://localhost:${port}`;
const tapFile = process.argv[2] ?? join(root, 'test-results/e2e.tap');
const only = (process.env.SPARKI_E2E_ONLY ?? '').split(',').filter(Boolean);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'dist-types') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildAppIfStale() {
  // Set by whoever built the app already (several suites sharing one tree build it once, under a lock).
  if (process.env.SPARKI_E2E_SKIP_BUILD === '1') {
    console.log('app build skipped (SPARKI_E2E_SKIP_BUILD=1)');
    return;
  }
  const built = join(root, 'packages/app/dist/index.html');
  const sources = Math.max(
    newestMtime(join(root, 'packages/app')),
    newestMtime(join(root, 'plugins')),
    newestMtime(join(root, 'yarn.lock')),
  );
  if (existsSync(built) && statSync(built).mtimeMs > sources) {
    console.log('app build is current');
    return;
  }
  console.log('building the app (production build)');
  const result = spawnSync(process.execPath, [yarn, 'workspace', 'app', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('app build failed');
}

async function waitForBackend(child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`backend not ready at ${baseUrl} after ${timeoutMs / 1000}s`);
}

function stopGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** A static server of the runbook fixtures, with ETags (the reader sends If-None-Match). */
function serveRunbookFixtures() {
  const directory = join(root, 'e2e/fixtures/runbooks');
  const server = createServer((request, response) => {
    const name = basename(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    const file = join(directory, name);
    if (!name.endsWith('.md') || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag }).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/markdown', ETag: etag }).end(body);
  });
  server.listen(fixturesPort, '127.0.0.1');
  return server;
}

buildAppIfStale();
const fixtures = serveRunbookFixtures();
mkdirSync(dirname(tapFile), { recursive: true });
rmSync(tapFile, { force: true }); // a stale report must not stand in for this run
// The suite proposes and merges changes: on a forge of its own, created empty for each run, never
// on the demo's .data/infrastructure.git.
const forgeDir = mkdtempSync(join(tmpdir(), 'sparki-e2e-forge-'));
// The pipeline's external-access token (backend.auth.externalAccess of the e2e config), new
// for each run, for the tests that drive sparki-gate.
const gateToken = randomBytes(24).toString('hex');

// The backend runs from source without the CLI's watch mode, so an edit elsewhere in the tree
// cannot restart it mid-suite. NODE_ENV=development enables the guest sign-in.
const backend = spawn(
  process.execPath,
  [
    '-r',
    '@backstage/cli/config/nodeTransform.cjs',
    'src/index.ts',
    '--config',
    join(root, 'app-config.yaml'),
    '--config',
    join(root, 'e2e/app-config.e2e.yaml'),
  ],
  {
    cwd: join(root, 'packages/backend'),
    detached: true, // own process group, stopped as a whole
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      SPARKI_E2E_PORT: String(port),
      SPARKI_E2E_FIXTURES_PORT: String(fixturesPort),
      SPARKI_E2E_FORGE_DIR: forgeDir,
      SPARKI_E2E_GATE_TOKEN: gateToken,
    },
  },
);
const stop = () => stopGroup(backend);
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

let status = 1;
try {
  // Started from source through a transform: minutes on a loaded machine.
  await waitForBackend(backend, 600_000);
  const tests = readdirSync(join(root, 'e2e/tests'))
    .filter(name => name.endsWith('.test.mjs'))
    .filter(name => !only.length || only.some(part => name.includes(part)))
    .map(name => join(root, 'e2e/tests', name));
  // Without files, node --test would run whatever its default patterns find.
  if (tests.length === 0) throw new Error(`no e2e/tests/*.test.mjs to run (SPARKI_E2E_ONLY=${only})`);
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...tests,
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        SPARKI_E2E_BASE_URL: baseUrl,
        SPARKI_E2E_GATE_TOKEN: gateToken,
        SPARKI_E2E_FORGE_DIR: forgeDir,
      },
    },
  );
  status = result.status ?? 1;
} catch (error) {
  console.error(`browser suite could not run: ${error.message}`);
} finally {
  stop();
  fixtures.close();
  rmSync(forgeDir, { recursive: true, force: true });
}
process.exit(status);
