import { parseCloudTrailText, ParsedRecords } from '@sparki/audit-trail-common';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Streams one CloudTrail log object (plain or gzip, detected from its first bytes, since
 * S3 may serve `.json.gz` objects already decoded) and parses its records.
 */
export async function readLogObject(body: Readable): Promise<ParsedRecords> {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return parseCloudTrailText('');
  const head = Buffer.from(first.value);
  const rest = Readable.from(
    (async function* remaining() {
      yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  const decoded = gzipped ? rest.pipe(createGunzip()) : rest;
  // The wrapper does not forward errors through pipe(); surface the source's own errors.
  body.once('error', error => decoded.destroy(error));
  const parts: Buffer[] = [];
  for await (const chunk of decoded) parts.push(Buffer.from(chunk));
  return parseCloudTrailText(Buffer.concat(parts).toString('utf8'));
}
