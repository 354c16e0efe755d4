#!/usr/bin/env node
// Runs every test suite of the portal and prints one closing line `N passed, N failed[, N skipped]`.
// Suites: jest through `backstage-cli repo test` (unit, database on SQLite and PostgreSQL, HTTP),
// then the browser suite in e2e/ against the production build of the app served by the backend.
//   node scripts/run-tests.mjs [--skip-browser] [jest args…]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
const yarn = [join(root, '.yarn/releases/yarn-4.13.0.cjs')];

const args = process.argv.slice(2);
const skipBrowser = args.includes('--skip-browser');
const jestArgs = args.filter(a => a !== '--skip-browser');

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const postgres =
  process.env.SPARKI_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const env = {
  ...process.env,
  CI: 'true', // no watch mode, no interactive prompts
  // TestDatabases (backend-test-utils) uses these instead of starting containers.
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: postgres,
  BACKSTAGE_TEST_DATABASE_POSTGRES_CONNECTION_STRING: postgres,
};

function run(cmd, cmdArgs, options = {}) {
  console.log(`\n$ ${[cmd, ...cmdArgs].join(' ')}`);
  const result = spawnSync(cmd, cmdArgs, {
    cwd: root,
    env,
    stdio: 'inherit',
    ...options,
  });
  return result.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

// 1. jest
const jestJson = join(resultsDir, 'jest.json');
const jestStatus = run(process.execPath, [
  ...yarn,
  'backstage-cli',
  'repo',
  'test',
  '--json',
  `--outputFile=${jestJson}`,
  ...jestArgs,
]);
if (existsSync(jestJson)) {
  const report = JSON.parse(readFileSync(jestJson, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  // A suite that fails to load has no test results but must still count as a failure.
  const brokenSuites = report.numRuntimeErrorTestSuites ?? 0;
  if (brokenSuites > 0) {
    totals.failed += brokenSuites;
    problems.push(`${brokenSuites} jest suite(s) failed to run`);
  }
} else {
  totals.failed += 1;
  problems.push('jest wrote no report');
}
if (jestStatus !== 0 && totals.failed === 0) {
  totals.failed += 1;
  problems.push(`jest exited ${jestStatus}`);
}

// 2. browser
if (!skipBrowser) {
  const tap = join(resultsDir, 'e2e.tap');
  const status = run(process.execPath, ['e2e/run.mjs', tap]);
  const counts = existsSync(tap) ? parseTap(readFileSync(tap, 'utf8')) : null;
  if (counts) {
    totals.passed += counts.pass;
    totals.failed += counts.fail;
    totals.skipped += counts.skipped + counts.todo;
  }
  if (status !== 0 && (!counts || counts.fail === 0)) {
    totals.failed += 1;
    problems.push(`browser suite exited ${status}`);
  }
}

function parseTap(text) {
  const read = name => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  return { pass: read('pass'), fail: read('fail'), skipped: read('skipped'), todo: read('todo') };
}

for (const problem of problems) console.log(`problem: ${problem}`);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
