#!/usr/bin/env node
/*
 * `sparki-gate request|wait`: plain JavaScript with no dependencies, so a pipeline runs it with the
 * runner's Node (18+) straight from a checkout of this repository, without an install.
 */
const { runGate } = require('../src/main');

runGate(process.argv.slice(2), {
  env: process.env,
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(code => {
  process.exitCode = code;
});
