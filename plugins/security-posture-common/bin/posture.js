#!/usr/bin/env node
/*
 * `yarn posture scan <dir|file|->`: runs the TypeScript sources directly through Backstage's node
 * transform, so the CLI works from a fresh clone without a build step.
 */
require('@backstage/cli/config/nodeTransform.cjs');

// `yarn posture` runs from the repository root; resolve paths from where the user typed it.
if (process.env.npm_lifecycle_event === 'posture' && process.env.INIT_CWD) {
  process.chdir(process.env.INIT_CWD);
}
const { runPosture } = require('../src/cli/main.ts');

runPosture(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  stdin: process.stdin,
}).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
