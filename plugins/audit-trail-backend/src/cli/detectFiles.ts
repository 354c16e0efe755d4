import {
  detect,
  normalizeRecord,
  ParsedRecords,
} from '@sparki/audit-trail-common';
import fs from 'node:fs';
import path from 'node:path';
import { readLogObject } from '../sources/readLogObject';

export interface DetectSummary {
  files: number;
  records: number;
  malformed: number;
  detections: number;
  failedFiles: number;
}

/** Files to read: the files given, and the `.json`, `.jsonl`, `.json.gz` files below directories. */
async function expand(entry: string): Promise<string[]> {
  const stat = await fs.promises.stat(entry);
  if (!stat.isDirectory()) return [entry];
  const children = await fs.promises.readdir(entry, {
    recursive: true,
    withFileTypes: true,
  });
  return children
    .filter(
      child =>
        child.isFile() && /\.(json|jsonl|ndjson)(\.gz)?$/.test(child.name),
    )
    .map(child => path.join(child.parentPath, child.name))
    .sort();
}

/**
 * Runs the detection rules over CloudTrail files and writes one JSON line per detection to
 * `out`; malformed records and unreadable files are reported to `err` and counted.
 */
export async function detectFiles(
  paths: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<DetectSummary> {
  const summary: DetectSummary = {
    files: 0,
    records: 0,
    malformed: 0,
    detections: 0,
    failedFiles: 0,
  };
  for (const entry of paths) {
    let files: string[];
    try {
      files = await expand(entry);
    } catch (error) {
      summary.files += 1;
      summary.failedFiles += 1;
      err(`audit-trail: ${entry}: ${(error as Error).message}`);
      continue;
    }
    for (const file of files) {
      summary.files += 1;
      await detectFile(file, summary, out, err);
    }
  }
  return summary;
}

async function detectFile(
  file: string,
  summary: DetectSummary,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<void> {
  let parsed: ParsedRecords;
  try {
    parsed = await readLogObject(fs.createReadStream(file));
  } catch (error) {
    summary.failedFiles += 1;
    err(`audit-trail: ${file}: ${(error as Error).message}`);
    return;
  }
  summary.malformed += parsed.malformed;
  for (const message of parsed.errors) err(`audit-trail: ${file}: ${message}`);
  for (const record of parsed.records) {
    summary.records += 1;
    const result = normalizeRecord(record);
    if (!result.ok) {
      summary.malformed += 1;
      err(`audit-trail: ${file}: malformed record: ${result.reason}`);
      continue;
    }
    for (const detection of detect(result.event)) {
      summary.detections += 1;
      out(
        JSON.stringify({
          eventId: detection.eventId,
          ruleId: detection.ruleId,
          controlId: `CIS ${detection.cisControlId}`,
          severity: detection.severity,
          eventTime: detection.eventTime,
          eventName: detection.eventName,
          accountId: detection.accountId,
          region: detection.region,
          actorArn: detection.actorArn,
          file,
        }),
      );
    }
  }
}
