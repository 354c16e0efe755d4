import { Readable } from 'node:stream';

/** One log file of the CloudTrail archive layout. */
export interface LogObject {
  /** Path below the archive root, e.g. `AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11/20/x.json.gz`. */
  key: string;
  /** Changes when the object's content changes (S3 ETag, file size and mtime). */
  version: string;
}

/** A CloudTrail log archive: an S3 bucket or a local directory with the same layout. */
export interface LogArchive {
  /** Identifies the archive in checkpoints and run reports. */
  readonly name: string;
  /**
   * The log objects, at least those in day folders from `since` (YYYY/MM/DD) on; archives may
   * return older ones too.
   */
  list(since?: string): AsyncIterable<LogObject>;
  open(key: string): Promise<Readable>;
}

/**
 * `AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>.json[.gz]`: the layout of
 * account and organization trails. Digest files (`CloudTrail-Digest`) and others are skipped.
 */
export const CLOUDTRAIL_LOG_KEY =
  /(^|\/)AWSLogs\/(o-[a-z0-9]+\/)?\d{12}\/CloudTrail\/[a-z0-9-]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+\.json(\.gz)?$/;

/** The `YYYY/MM/DD` day folder of a log object key. */
export function dayOfKey(key: string): string | undefined {
  return key.match(/\/CloudTrail\/[a-z0-9-]+\/(\d{4}\/\d{2}\/\d{2})\//)?.[1];
}
