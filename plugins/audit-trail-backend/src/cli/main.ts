/*
 * `yarn audit-trail detect <files or directories…>`: the CIS AWS Foundations monitoring
 * rules over CloudTrail files, without a portal. Detections go to stdout as JSON lines, the
 * summary and problems to stderr. Exit code 1 when a file could not be read.
 */
import { detectFiles } from './detectFiles';

const USAGE = `Usage: yarn audit-trail detect <file|directory>...

Reads CloudTrail records from S3 log files ({"Records":[...]}, plain or .json.gz), JSON
arrays and JSON lines, and prints one JSON line per detection:
{"eventId","ruleId","controlId","severity",...}`;

async function main(args: string[]): Promise<number> {
  const [command, ...paths] = args;
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command !== 'detect' || paths.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const summary = await detectFiles(
    paths,
    line => process.stdout.write(`${line}\n`),
    line => process.stderr.write(`${line}\n`),
  );
  process.stderr.write(
    `audit-trail: ${summary.files} files, ${summary.records} records, ` +
      `${summary.malformed} malformed, ${summary.detections} detections\n`,
  );
  return summary.failedFiles > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`audit-trail: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
