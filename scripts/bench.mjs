#!/usr/bin/env node
// `yarn bench`: runs every `bench:*` script of the root package.json in turn; each prints its figures.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const benches = Object.keys(scripts).filter(name => name.startsWith('bench:'));
if (benches.length === 0) {
  console.log('no benchmarks defined (add a `bench:<name>` script to package.json)');
}
let failed = 0;
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(
    process.execPath,
    [join(root, '.yarn/releases/yarn-4.13.0.cjs'), 'run', name],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
