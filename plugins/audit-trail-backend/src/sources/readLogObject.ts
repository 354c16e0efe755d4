import { parseCloudTrailText, ParsedRecords } from '@sparki/audit-trail-common';
import { constants } from 'node:buffer';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];
const MiB = 1024 * 1024;

/** How much of one log object is read before it is refused. */
export interface LogObjectLimits {
  /** Bytes as stored (gzip). */
  maxCompressedBytes: number;
  /** Bytes after gunzip: the JSON text held in memory and parsed. */
  maxDecompressedBytes: number;
}

/** CloudTrail delivers files of a few MiB every 5 minutes; these leave a wide margin. */
export const DEFAULT_LOG_OBJECT_LIMITS: LogObjectLimits = {
  maxCompressedBytes: 64 * MiB,
  maxDecompressedBytes: 256 * MiB,
};

/** The longest text V8 can hold: decoded objects beyond it could never be parsed. */
export const MAX_DECOMPRESSED_BYTES = constants.MAX_STRING_LENGTH;

/**
 * The object's content cannot be ingested (too large, not valid gzip): reading it again
 * gives the same result, so it is not retried until the object changes.
 */
export class UnreadableLogObjectError extends Error {
  name = 'UnreadableLogObjectError';
}

const gunzipAsync = promisify(gunzip);

/** The whole body, refused (and the download stopped) as soon as it passes `maxBytes`. */
async function readCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body) {
      length += chunk.length;
      if (length > maxBytes) {
        throw new UnreadableLogObjectError(
          `object is larger than ${maxBytes} bytes (maxCompressedBytes)`,
        );
      }
      parts.push(Buffer.from(chunk));
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(parts, length);
}

/**
 * Reads one CloudTrail log object (plain or gzip, detected from its first bytes, since S3
 * may serve `.json.gz` objects already decoded) within the limits and parses its records.
 * Gunzip stops at `maxDecompressedBytes`, so a gzip bomb costs at most that much memory.
 */
export async function readLogObject(
  body: Readable,
  limits: LogObjectLimits = DEFAULT_LOG_OBJECT_LIMITS,
): Promise<ParsedRecords> {
  const stored = await readCapped(body, limits.maxCompressedBytes);
  const gzipped = stored[0] === GZIP_MAGIC[0] && stored[1] === GZIP_MAGIC[1];
  let text: Buffer = stored;
  if (gzipped) {
    try {
      text = await gunzipAsync(stored, {
        maxOutputLength: limits.maxDecompressedBytes,
      });
    } catch (error) {
      throw new UnreadableLogObjectError(
        (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
          ? `object decompresses to more than ${limits.maxDecompressedBytes} bytes (maxDecompressedBytes)`
          : `object is not valid gzip: ${(error as Error).message}`,
      );
    }
  } else if (stored.length > limits.maxDecompressedBytes) {
    throw new UnreadableLogObjectError(
      `object is larger than ${limits.maxDecompressedBytes} bytes (maxDecompressedBytes)`,
    );
  }
  return parseCloudTrailText(text.toString('utf8'));
}
