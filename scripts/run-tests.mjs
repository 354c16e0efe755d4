#!/usr/bin/env node
// Runs every test suite of the portal and prints one closing line `N passed, N failed[, N skipped]`.
// Suites: jest through `backstage-cli repo test` (unit, database on SQLite and PostgreSQL, HTTP),
// then the browser suite in e2e/ against the production build of the app served by the backend.
//   node scripts/run-tests.mjs [--skip-browser] [jest args…]
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summariseTestRuns } from './src/testSummary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results');
const yarn = [join(root, '.yarn/releases/yarn-4.13.0.cjs')];

const args = process.argv.slice(2);
const skipBrowser = args.includes('--skip-browser');
const jestArgs = args.filter(a => a !== '--skip-browser');

rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const postgres =
  process.env.SPARKI_TEST_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';
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
const jest = {
  status: jestStatus,
  report: existsSync(jestJson)
    ? JSON.parse(readFileSync(jestJson, 'utf8'))
    : null,
};

// 2. browser
let browser;
if (!skipBrowser) {
  const tap = join(resultsDir, 'e2e.tap');
  const status = run(process.execPath, ['e2e/run.mjs', tap]);
  browser = { status, tap: existsSync(tap) ? readFileSync(tap, 'utf8') : null };
}

const summary = summariseTestRuns({ jest, browser, root });
if (process.env.SPARKI_TEST_SKIP_POSTGRES === '1') {
  console.log(
    'note: SPARKI_TEST_SKIP_POSTGRES=1: the database tests did not run on PostgreSQL',
  );
}
for (const problem of summary.problems) console.log(`problem: ${problem}`);
for (const failure of summary.failures) console.log(`failed: ${failure}`);
// Read by .ci/run, which names them again after the builds, in the last lines of its log.
writeFileSync(
  join(resultsDir, 'failures.txt'),
  [
    ...summary.problems.map(p => `problem: ${p}`),
    ...summary.failures.map(f => `failed: ${f}`),
  ]
    .map(line => `${line}\n`)
    .join(''),
);
console.log(`\n${summary.line}`);
process.exit(summary.exitCode);
