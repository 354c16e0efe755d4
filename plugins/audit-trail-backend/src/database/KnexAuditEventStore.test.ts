import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { detect } from '@sparki/audit-trail-common';
import { auditEvent } from '../__testUtils__/events';
import { KnexAuditEventStore } from './KnexAuditEventStore';

jest.setTimeout(60_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return KnexAuditEventStore.create({
    database: { getClient: async () => knex },
  });
}

describe.each(databases.eachSupportedId())(
  'KnexAuditEventStore on %p',
  databaseId => {
    it('stores each event once and counts duplicates', async () => {
      const store = await createStore(databaseId);
      const events = Array.from({ length: 2500 }, (_, i) => auditEvent(i));
      expect(await store.insertEvents(events, [])).toEqual({
        inserted: 2500,
        duplicates: 0,
        newDetections: [],
      });
      const again = [...events.slice(2000), auditEvent(2500), auditEvent(2500)];
      expect(await store.insertEvents(again, [])).toEqual({
        inserted: 1,
        duplicates: 501,
        newDetections: [],
      });
      const page = await store.searchEvents({
        limit: 1000,
        accountId: '111111111111',
      });
      expect(page.items).toHaveLength(834);
    });

    it('reports only the detections an insert stored for the first time', async () => {
      const store = await createStore(databaseId);
      const stopLogging = auditEvent(1, { eventName: 'StopLogging' });
      const deleteTrail = auditEvent(2, { eventName: 'DeleteTrail' });
      const denied = auditEvent(3, {
        errorCode: 'Client.UnauthorizedOperation',
      });
      const first = [stopLogging, denied];
      expect(
        await store.insertEvents(
          first,
          first.flatMap(e => detect(e)),
        ),
      ).toEqual({
        inserted: 2,
        duplicates: 0,
        newDetections: expect.arrayContaining([
          {
            ruleId: 'cloudtrail-config-changes',
            severity: 'critical',
            count: 1,
          },
          { ruleId: 'unauthorized-api-calls', severity: 'medium', count: 1 },
        ]),
      });
      // A re-read log object with one new event: only its detection is new.
      const again = [stopLogging, denied, deleteTrail];
      expect(
        await store.insertEvents(
          again,
          again.flatMap(e => detect(e)),
        ),
      ).toEqual({
        inserted: 1,
        duplicates: 2,
        newDetections: [
          {
            ruleId: 'cloudtrail-config-changes',
            severity: 'critical',
            count: 1,
          },
        ],
      });
    });

    it('reads the last succeeded or partial run of each source', async () => {
      const store = await createStore(databaseId);
      const run = (source: string, finishedAt: string, status: string) =>
        store.recordIngestRun({
          source,
          startedAt: finishedAt,
          finishedAt,
          status: status as 'succeeded' | 'partial' | 'failed',
          records: 0,
          inserted: 0,
          duplicates: 0,
          malformed: 0,
        });
      await run('a', '2026-11-20T10:00:00.000Z', 'succeeded');
      await run('a', '2026-11-20T10:05:00.000Z', 'partial');
      await run('a', '2026-11-20T10:10:00.000Z', 'failed');
      await run('b', '2026-11-20T10:00:00.000Z', 'failed');
      await run('c', '2026-11-20T09:00:00.000Z', 'succeeded');
      expect(await store.lastIngestSuccesses(['a', 'b', 'c', 'd'])).toEqual([
        { source: 'a', finishedAt: '2026-11-20T10:05:00.000Z' },
        { source: 'c', finishedAt: '2026-11-20T09:00:00.000Z' },
      ]);
    });

    it('round-trips an event with its raw record', async () => {
      const store = await createStore(databaseId);
      const event = auditEvent(7, {
        errorCode: 'Client.UnauthorizedOperation',
      });
      await store.insertEvents([event], detect(event));
      const { items } = await store.searchEvents({});
      expect(items).toEqual([event]);
      const detections = await store.listDetections({});
      expect(detections.items).toEqual([
        expect.objectContaining({
          eventId: event.eventId,
          cisControlId: '4.1',
          severity: 'medium',
        }),
      ]);
    });

    it('keeps quotes, backslashes, separators and the text NULL intact', async () => {
      const store = await createStore(databaseId);
      const event = auditEvent(3, {
        userAgent: 'a "quoted" \\ back,slash {brace} ünï 🚀',
        errorCode: 'NULL',
        errorMessage: 'line\nbreak, "quote"',
      });
      await store.insertEvents([event], detect(event));
      expect((await store.searchEvents({})).items).toEqual([event]);
    });

    it('stores records with NUL and unpaired surrogates, keeping them in the raw record', async () => {
      const store = await createStore(databaseId);
      const userAgent = 'curl/8\u0000 \ud800';
      const event = auditEvent(4, {
        userAgent,
        resources: [{ ARN: 'arn:aws:s3:::bucket\u0000' }],
      });
      expect(await store.insertEvents([event], [])).toEqual({
        inserted: 1,
        duplicates: 0,
        newDetections: [],
      });
      const [stored] = (await store.searchEvents({})).items;
      expect(stored.userAgent).toBe('curl/8\uFFFD \uFFFD');
      expect(stored.raw.userAgent).toBe(userAgent);
      expect(
        (await store.searchEvents({ resourceArn: 'arn:aws:s3:::bucket\uFFFD' }))
          .items,
      ).toHaveLength(1);
    });

    it('pages through events with stable cursors, ties broken by event id', async () => {
      const store = await createStore(databaseId);
      const sameTime = '2026-11-01T00:00:00.000Z';
      const events = Array.from({ length: 45 }, (_, i) =>
        auditEvent(i, i < 20 ? { eventTime: sameTime } : {}),
      );
      await store.insertEvents(events, []);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.searchEvents({ limit: 7, cursor });
        seen.push(...page.items.map(e => e.eventId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(45);
      expect(new Set(seen).size).toBe(45);
    });

    it('filters by every search field', async () => {
      const store = await createStore(databaseId);
      const events = Array.from({ length: 100 }, (_, i) => auditEvent(i));
      await store.insertEvents(events, []);
      const count = async (query: object) =>
        (await store.searchEvents({ limit: 1000, ...query })).items.length;
      expect(await count({ accountId: '222222222222' })).toBe(33);
      expect(await count({ eventName: 'GetObject' })).toBe(20);
      expect(await count({ eventSource: 'ec2.amazonaws.com' })).toBe(100);
      expect(await count({ region: 'us-east-1' })).toBe(0);
      expect(await count({ errorCode: 'AccessDenied' })).toBe(10);
      expect(await count({ hasError: false })).toBe(90);
      expect(await count({ readOnly: true })).toBe(50);
      expect(
        await count({ actor: 'arn:aws:iam::111111111111:role/app-3' }),
      ).toBe(1);
      expect(await count({ actor: 'session-3' })).toBe(14);
      expect(
        await count({
          resourceArn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-3',
        }),
      ).toBe(1);
      expect(
        await count({
          from: '2026-11-01T00:00:10.000Z',
          to: '2026-11-01T00:00:20.000Z',
        }),
      ).toBe(10);
      expect(await count({})).toBe(100);
    });

    it('scopes events to an entity', async () => {
      const store = await createStore(databaseId);
      await store.insertEvents(
        Array.from({ length: 30 }, (_, i) => auditEvent(i)),
        [],
      );
      const scoped = (scope: { accountIds: string[]; arns: string[] }) =>
        store
          .searchEvents({ limit: 1000 }, scope)
          .then(page => page.items.length);
      expect(await scoped({ accountIds: ['333333333333'], arns: [] })).toBe(10);
      expect(
        await scoped({
          accountIds: [],
          arns: ['arn:aws:ec2:eu-west-1:111111111111:instance/i-3'],
        }),
      ).toBe(1);
      expect(
        await scoped({
          accountIds: [],
          arns: ['arn:aws:iam::111111111111:role/app-3'],
        }),
      ).toBe(1);
      expect(await scoped({ accountIds: [], arns: [] })).toBe(0);
    });

    it('counts per hour and day', async () => {
      const store = await createStore(databaseId);
      await store.insertEvents(
        [
          auditEvent(1, { eventTime: '2026-11-01T10:05:00Z' }),
          auditEvent(2, {
            eventTime: '2026-11-01T10:55:00Z',
            errorCode: 'AccessDenied',
          }),
          auditEvent(3, { eventTime: '2026-11-02T01:00:00Z' }),
        ],
        [],
      );
      expect(await store.countEvents({}, 'hour')).toEqual([
        { time: '2026-11-01T10:00:00.000Z', count: 2, errorCount: 1 },
        { time: '2026-11-02T01:00:00.000Z', count: 1, errorCount: 0 },
      ]);
      expect(
        await store.countEvents({ from: '2026-11-02T00:00:00.000Z' }, 'day'),
      ).toEqual([
        { time: '2026-11-02T00:00:00.000Z', count: 1, errorCount: 0 },
      ]);
    });

    it('deletes events, resources and detections past retention', async () => {
      const store = await createStore(databaseId);
      const old = auditEvent(1, {
        eventTime: '2025-01-01T00:00:00Z',
        errorCode: 'AccessDenied',
      });
      const recent = auditEvent(2, {
        eventTime: '2026-11-01T00:00:00Z',
        errorCode: 'AccessDenied',
      });
      await store.insertEvents(
        [old, recent],
        [...detect(old), ...detect(recent)],
      );
      expect(await store.deleteEventsBefore('2026-01-01T00:00:00.000Z')).toBe(
        1,
      );
      expect((await store.searchEvents({})).items.map(e => e.eventId)).toEqual([
        recent.eventId,
      ]);
      expect(
        (await store.listDetections({})).items.map(d => d.eventId),
      ).toEqual([recent.eventId]);
      expect(
        (await store.searchEvents({ resourceArn: old.resources[0].arn })).items,
      ).toEqual([]);
    });

    it('pages detections, also within one event', async () => {
      const store = await createStore(databaseId);
      const events = Array.from({ length: 5 }, (_, i) =>
        auditEvent(i, {
          eventName: 'AuthorizeSecurityGroupIngress',
          userIdentity: {
            type: 'Root',
            arn: 'arn:aws:iam::111111111111:root',
            accountId: '111111111111',
          },
        }),
      );
      await store.insertEvents(events, events.flatMap(detect));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDetections({ limit: 1, cursor });
        seen.push(...page.items.map(d => `${d.eventId}/${d.cisControlId}`));
        cursor = page.nextCursor;
      } while (cursor);
      // Two detections per event, three for the first (its AccessDenied is 4.1 too).
      expect(seen).toHaveLength(11);
      expect(new Set(seen).size).toBe(11);
    });

    it('keeps checkpoints and the latest run per source', async () => {
      const store = await createStore(databaseId);
      expect(await store.getCheckpoint('a')).toBeUndefined();
      await store.setCheckpoint('a', '1');
      await store.setCheckpoint('a', '2');
      expect(await store.getCheckpoint('a')).toBe('2');
      await store.setCheckpoint('b', '1');
      await store.deleteCheckpoint('a');
      expect(await store.getCheckpoint('a')).toBeUndefined();
      expect(await store.getCheckpoint('b')).toBe('1');
      const run = {
        startedAt: '2026-11-21T00:00:00.000Z',
        finishedAt: '2026-11-21T00:00:01.000Z',
        records: 3,
        inserted: 2,
        duplicates: 1,
        malformed: 0,
      };
      await store.recordIngestRun({
        ...run,
        source: 'x',
        status: 'failed',
        message: 'boom',
      });
      await store.recordIngestRun({ ...run, source: 'x', status: 'succeeded' });
      await store.recordIngestRun({ ...run, source: 'y', status: 'partial' });
      expect(
        (await store.latestIngestRuns()).map(r => [r.source, r.status]),
      ).toEqual([
        ['x', 'succeeded'],
        ['y', 'partial'],
      ]);
    });
  },
);
