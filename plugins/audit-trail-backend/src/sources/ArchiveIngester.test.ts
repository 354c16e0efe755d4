import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { KnexAuditEventStore } from '../database/KnexAuditEventStore';
import { ArchiveIngester, ArchiveIngesterOptions } from './ArchiveIngester';
import { S3Archive } from './S3Archive';

jest.setTimeout(60_000);

const s3 = mockClient(S3Client);
const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const prefix = 'org/AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11/20/';

function record(id: string, extra: object = {}) {
  return {
    eventVersion: '1.11',
    eventID: id,
    eventTime: '2026-11-20T10:00:00Z',
    eventName: 'StopLogging',
    eventSource: 'cloudtrail.amazonaws.com',
    awsRegion: 'eu-west-1',
    recipientAccountId: '111111111111',
    userIdentity: { type: 'Root', arn: 'arn:aws:iam::111111111111:root' },
    ...extra,
  };
}

function body(content: Buffer) {
  return Readable.from([content]);
}

async function setup(
  databaseId: TestDatabaseId,
  options?: ArchiveIngesterOptions,
) {
  const knex = await databases.init(databaseId);
  const store = await KnexAuditEventStore.create({
    database: { getClient: async () => knex },
  });
  const archive = new S3Archive(
    new S3Client({ region: 'eu-west-1' }),
    'trail-bucket',
    'org/',
  );
  return {
    store,
    ingester: new ArchiveIngester(
      archive,
      store,
      mockServices.logger.mock(),
      options,
    ),
  };
}

/**
 * ListObjectsV2 over a fixed set of keys, as S3 answers it: prefix, delimiter folders,
 * StartAfter, and pages of two keys.
 */
function fakeBucket(
  keys: string[],
  etagOf: (key: string) => string = key => `"${key.length}"`,
) {
  s3.on(ListObjectsV2Command).callsFake(input => {
    const matching = keys
      .filter(key => key.startsWith(input.Prefix ?? ''))
      .filter(key => !input.StartAfter || key > input.StartAfter)
      .sort();
    if (input.Delimiter) {
      const folders = [
        ...new Set(
          matching
            .map(key => key.slice((input.Prefix ?? '').length))
            .filter(rest => rest.includes('/'))
            .map(rest => `${input.Prefix}${rest.split('/')[0]}/`),
        ),
      ];
      return { CommonPrefixes: folders.map(folder => ({ Prefix: folder })) };
    }
    const start = Number(input.ContinuationToken ?? 0);
    const page = matching.slice(start, start + 2);
    const more = start + 2 < matching.length;
    return {
      Contents: page.map(key => ({ Key: key, ETag: etagOf(key) })),
      IsTruncated: more,
      NextContinuationToken: more ? String(start + 2) : undefined,
    };
  });
}

beforeEach(() => s3.reset());

describe.each(databases.eachSupportedId())(
  'ArchiveIngester over S3 on %p',
  databaseId => {
    it('streams gzip log objects across listing pages and checkpoints each object', async () => {
      fakeBucket([
        `${prefix}a.json.gz`,
        'org/AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2026/11/20/d.json.gz',
        `${prefix}b.json`,
      ]);
      s3.on(GetObjectCommand, { Key: `${prefix}a.json.gz` })
        .resolves({
          Body: body(
            gzipSync(JSON.stringify({ Records: [record('a1'), record('a2')] })),
          ),
        } as any)
        .on(GetObjectCommand, { Key: `${prefix}b.json` })
        .resolves({
          Body: body(
            Buffer.from(
              JSON.stringify({
                Records: [record('b1'), { eventID: 'no-time' }],
              }),
            ),
          ),
        } as any);
      const { ingester, store } = await setup(databaseId);

      const run = await ingester.run();
      expect(run).toMatchObject({
        status: 'partial',
        records: 4,
        inserted: 3,
        malformed: 1,
      });
      expect(run.message).toMatch(
        /2 log objects read.*1 malformed records.*record has no eventTime/,
      );
      expect(
        s3.commandCalls(GetObjectCommand).map(c => c.args[0].input.Key),
      ).toEqual([`${prefix}a.json.gz`, `${prefix}b.json`]);
      expect(
        (await store.listDetections({})).items.map(d => d.cisControlId).sort(),
      ).toEqual(['4.3', '4.3', '4.3', '4.5', '4.5', '4.5']);

      // Unchanged objects are skipped on the next run.
      const again = await ingester.run();
      expect(again).toMatchObject({ status: 'succeeded', records: 0 });
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
    });

    it('keeps going past an unreadable object and retries it next run', async () => {
      fakeBucket([`${prefix}bad.json.gz`, `${prefix}good.json`]);
      s3.on(GetObjectCommand, { Key: `${prefix}bad.json.gz` })
        .rejects(
          Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
        )
        .on(GetObjectCommand, { Key: `${prefix}good.json` })
        .resolves({
          Body: body(Buffer.from(JSON.stringify([record('g1')]))),
        } as any);
      const { ingester } = await setup(databaseId);
      const run = await ingester.run();
      expect(run).toMatchObject({ status: 'partial', inserted: 1 });
      expect(run.message).toMatch(/1 failed/);
      await ingester.run();
      expect(
        s3.commandCalls(GetObjectCommand).map(c => c.args[0].input.Key),
      ).toEqual([
        `${prefix}bad.json.gz`,
        `${prefix}good.json`,
        `${prefix}bad.json.gz`,
      ]);
    });

    it('finds accounts of organization trails and lists only recent day folders', async () => {
      const org = 'org/AWSLogs/o-abc123def4/222222222222/CloudTrail/us-east-1';
      const day = (d: string) =>
        `${prefix.replace('2026/11/20/', '')}2026/11/${d}/`;
      fakeBucket([
        `${day('01')}old.json`,
        `${day('19')}x.json`,
        `${day('20')}y.json`,
        `${org}/2026/11/20/z.json`,
      ]);
      s3.on(GetObjectCommand).callsFake(input =>
        Promise.resolve({
          Body: body(Buffer.from(JSON.stringify([record(input.Key!)]))),
        }),
      );
      const { ingester, store } = await setup(databaseId);
      const first = await ingester.run();
      expect(first).toMatchObject({ status: 'succeeded', inserted: 4 });
      expect(
        await store.getCheckpoint('archive:s3:trail-bucket/org/:newest-day'),
      ).toBe('2026/11/20');
      s3.resetHistory();
      await ingester.run();
      // Second run: listings start after the 19th's folder, the day before the newest seen.
      const objectListings = s3
        .commandCalls(ListObjectsV2Command)
        .map(call => call.args[0].input)
        .filter(input => !input.Delimiter);
      expect(objectListings.map(input => input.StartAfter)).toEqual([
        day('19').slice(0, -1),
        `${org}/2026/11/19`,
      ]);
      expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    });

    it('records a gzip bomb as failed with the reason and does not read it again until it changes', async () => {
      let bombVersion = '"v1"';
      fakeBucket([`${prefix}bomb.json.gz`, `${prefix}good.json`], key =>
        key.endsWith('bomb.json.gz') ? bombVersion : '"g"',
      );
      // 64 MiB of whitespace in 64 KiB of gzip.
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '), { level: 9 });
      s3.on(GetObjectCommand, { Key: `${prefix}bomb.json.gz` })
        .callsFake(async () => ({ Body: body(bomb) }))
        .on(GetObjectCommand, { Key: `${prefix}good.json` })
        .callsFake(async () => ({
          Body: body(Buffer.from(JSON.stringify([record('g1')]))),
        }));
      const limits = {
        maxCompressedBytes: 1024 * 1024,
        maxDecompressedBytes: 1024 * 1024,
      };
      const { ingester, store } = await setup(databaseId, { limits });
      const bombReads = () =>
        s3
          .commandCalls(GetObjectCommand)
          .filter(c => c.args[0].input.Key === `${prefix}bomb.json.gz`).length;

      const first = await ingester.run();
      expect(first).toMatchObject({ status: 'partial', inserted: 1 });
      expect(first.message).toMatch(
        /1 failed for good.*bomb\.json\.gz: object decompresses to more than 1048576 bytes/,
      );
      expect(
        JSON.parse(
          (await store.getCheckpoint(
            `archive:s3:trail-bucket/org/:failed:${prefix.slice(
              4,
            )}bomb.json.gz`,
          ))!,
        ),
      ).toMatchObject({ version: '"v1"', reason: /maxDecompressedBytes/ });
      // A refused object does not hold the listing back.
      expect(
        await store.getCheckpoint('archive:s3:trail-bucket/org/:newest-day'),
      ).toBe('2026/11/20');

      const second = await ingester.run();
      expect(bombReads()).toBe(1);
      expect(second).toMatchObject({ status: 'partial', records: 0 });
      expect(second.message).toMatch(/bomb\.json\.gz: not retried/);

      // Rewritten: read again.
      bombVersion = '"v2"';
      bomb.set(gzipSync(JSON.stringify([record('b1')])));
      await ingester.run();
      expect(bombReads()).toBe(2);
    });

    it('gives up on an object that keeps failing after maxAttempts runs', async () => {
      fakeBucket([`${prefix}denied.json`, `${prefix}good.json`]);
      s3.on(GetObjectCommand, { Key: `${prefix}denied.json` })
        .rejects(
          Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
        )
        .on(GetObjectCommand, { Key: `${prefix}good.json` })
        .callsFake(async () => ({
          Body: body(Buffer.from(JSON.stringify([record('g1')]))),
        }));
      const { ingester, store } = await setup(databaseId, { maxAttempts: 2 });
      const newestDay = () =>
        store.getCheckpoint('archive:s3:trail-bucket/org/:newest-day');

      expect((await ingester.run()).message).toMatch(
        /1 failed \(retried next run\).*denied\.json: Access Denied/,
      );
      // Still to be retried: the day is listed again.
      expect(await newestDay()).toBeUndefined();
      expect((await ingester.run()).message).toMatch(/1 failed for good/);
      expect(await newestDay()).toBe('2026/11/20');
      const third = await ingester.run();
      expect(third.message).toMatch(/denied\.json: not retried: Access Denied/);
      expect(
        s3
          .commandCalls(GetObjectCommand)
          .filter(c => c.args[0].input.Key === `${prefix}denied.json`),
      ).toHaveLength(2);
    });

    it('reports a listing failure as a failed run', async () => {
      s3.on(ListObjectsV2Command).rejects(new Error('NoSuchBucket'));
      const { ingester } = await setup(databaseId);
      expect(await ingester.run()).toMatchObject({
        status: 'failed',
        message: expect.stringMatching(/NoSuchBucket/),
      });
    });
  },
);
