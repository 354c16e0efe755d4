import {
  CloudTrailClient,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { mockClient } from 'aws-sdk-client-mock';
import { KnexAuditEventStore } from '../../database/KnexAuditEventStore';
import { Clock } from './clock';
import { LookupEventsSync } from './LookupEventsSync';

jest.setTimeout(60_000);

const cloudTrail = mockClient(CloudTrailClient);
const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

/** A clock that only moves when code sleeps. */
function fakeClock(start: string): Clock & { slept: number[] } {
  let now = Date.parse(start);
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async ms => {
      slept.push(ms);
      now += ms;
    },
  };
}

function cloudTrailEvent(id: string, time: string, extra: object = {}) {
  return {
    EventId: id,
    EventName: 'DescribeInstances',
    CloudTrailEvent: JSON.stringify({
      eventVersion: '1.10',
      eventID: id,
      eventTime: time,
      eventName: 'DescribeInstances',
      eventSource: 'ec2.amazonaws.com',
      awsRegion: 'eu-west-1',
      recipientAccountId: '111111111111',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111111111111:user/alice',
        userName: 'alice',
      },
      ...extra,
    }),
  };
}

function awsError(name: string, status: number) {
  return Object.assign(new Error(name), {
    name,
    $metadata: { httpStatusCode: status },
  });
}

async function setup(
  databaseId: TestDatabaseId,
  clock: Clock,
  createClient = jest.fn(() => new CloudTrailClient({ region: 'eu-west-1' })),
) {
  const knex = await databases.init(databaseId);
  const store = await KnexAuditEventStore.create({
    database: { getClient: async () => knex },
  });
  const sync = new LookupEventsSync({
    accountId: '111111111111',
    region: 'eu-west-1',
    createClient,
    store,
    logger: mockServices.logger.mock(),
    overlapMinutes: 15,
    initialLookbackDays: 1,
    clock,
    random: () => 0.5,
  });
  return { store, sync, createClient };
}

beforeEach(() => cloudTrail.reset());

describe.each(databases.eachSupportedId())(
  'LookupEventsSync on %p',
  databaseId => {
    it('pages through every window of the first day and sets the watermark', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail
        .on(LookupEventsCommand)
        .resolves({ Events: [] })
        .on(LookupEventsCommand, {
          NextToken: undefined,
          StartTime: new Date('2026-11-20T09:45:00Z'),
        })
        .resolves({
          Events: [cloudTrailEvent('a', '2026-11-20T10:30:00Z')],
          NextToken: 'page-2',
        })
        .on(LookupEventsCommand, { NextToken: 'page-2' })
        .resolves({
          Events: [
            cloudTrailEvent('b', '2026-11-20T10:10:00Z'),
            { EventId: 'x', CloudTrailEvent: '{broken' },
          ],
        });
      const { sync, store } = await setup(databaseId, clock);
      const run = await sync.run();
      expect(run).toMatchObject({
        status: 'partial',
        records: 2,
        inserted: 2,
        malformed: 1,
      });
      // A day and the 15 minute overlap in 25 windows, plus the second page of one of them.
      expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(26);
      expect(
        await store.getCheckpoint(
          'lookup-events:111111111111:eu-west-1:watermark',
        ),
      ).toBe('2026-11-21T00:00:00.000Z');
      // At most two requests a second: the clock advanced ≥ 0.5 s between requests.
      expect(
        clock.now() - Date.parse('2026-11-21T00:00:00Z'),
      ).toBeGreaterThanOrEqual(25 * 500);
    });

    it('resumes from the watermark with an overlap and stores late events once', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail.on(LookupEventsCommand).resolves({
        Events: [
          cloudTrailEvent('late', '2026-11-20T23:50:00Z'),
          cloudTrailEvent('seen', '2026-11-20T23:55:00Z'),
        ],
      });
      const { sync, store } = await setup(databaseId, clock);
      await store.setCheckpoint(
        'lookup-events:111111111111:eu-west-1:watermark',
        '2026-11-20T23:58:00.000Z',
      );
      const first = await sync.run();
      expect(
        cloudTrail.commandCalls(LookupEventsCommand)[0].args[0].input,
      ).toMatchObject({
        StartTime: new Date('2026-11-20T23:43:00Z'),
        EndTime: new Date('2026-11-21T00:00:00Z'),
      });
      expect(first).toMatchObject({
        status: 'succeeded',
        inserted: 2,
        duplicates: 0,
      });
      const second = await sync.run();
      expect(second).toMatchObject({ inserted: 0, duplicates: 2 });
    });

    it('backs off on throttling and network faults without losing or repeating a page', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail
        .on(LookupEventsCommand)
        .rejectsOnce(awsError('ThrottlingException', 400))
        .rejectsOnce(
          Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        )
        .resolvesOnce({
          Events: [cloudTrailEvent('a', '2026-11-20T23:50:00Z')],
          NextToken: 't2',
        })
        .rejectsOnce(awsError('ThrottlingException', 400))
        .resolves({ Events: [cloudTrailEvent('b', '2026-11-20T23:40:00Z')] });
      const { sync, store } = await setup(databaseId, clock);
      await store.setCheckpoint(
        'lookup-events:111111111111:eu-west-1:watermark',
        '2026-11-20T23:59:00.000Z',
      );
      const run = await sync.run();
      expect(run).toMatchObject({
        status: 'succeeded',
        inserted: 2,
        duplicates: 0,
      });
      const calls = cloudTrail
        .commandCalls(LookupEventsCommand)
        .map(c => c.args[0].input.NextToken);
      expect(calls).toEqual([undefined, undefined, undefined, 't2', 't2']);
      expect(sync.throttled).toBe(2);
      // Full jitter with random() = 0.5: half of 500 ms, 1000 ms, then 500 ms.
      expect(
        clock.slept.filter(ms => ms === 250 || ms === 500),
      ).not.toHaveLength(0);
    });

    it('gives up after repeated faults and keeps the watermark for the next run', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail
        .on(LookupEventsCommand)
        .rejects(awsError('ServiceUnavailableException', 503));
      const { sync, store } = await setup(databaseId, clock);
      const key = 'lookup-events:111111111111:eu-west-1:watermark';
      await store.setCheckpoint(key, '2026-11-20T22:30:00.000Z');
      const run = await sync.run();
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/ServiceUnavailableException/);
      expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(8);
      expect(await store.getCheckpoint(key)).toBe('2026-11-20T22:30:00.000Z');
    });

    it('renews credentials once when they expire mid-run', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail
        .on(LookupEventsCommand)
        .rejectsOnce(awsError('ExpiredTokenException', 400))
        .resolves({ Events: [cloudTrailEvent('a', '2026-11-20T23:50:00Z')] });
      const { sync, store, createClient } = await setup(databaseId, clock);
      await store.setCheckpoint(
        'lookup-events:111111111111:eu-west-1:watermark',
        '2026-11-20T23:59:00.000Z',
      );
      const run = await sync.run();
      expect(run).toMatchObject({ status: 'succeeded', inserted: 1 });
      expect(createClient).toHaveBeenCalledTimes(2);
    });

    it('fails on access denied without retrying', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail
        .on(LookupEventsCommand)
        .rejects(awsError('AccessDeniedException', 403));
      const { sync, store } = await setup(databaseId, clock);
      await store.setCheckpoint(
        'lookup-events:111111111111:eu-west-1:watermark',
        '2026-11-20T23:59:00.000Z',
      );
      expect((await sync.run()).status).toBe('failed');
      expect(cloudTrail.commandCalls(LookupEventsCommand)).toHaveLength(1);
    });

    it('reports events that left the 90-day history before being synced', async () => {
      const clock = fakeClock('2026-11-21T00:00:00Z');
      cloudTrail.on(LookupEventsCommand).resolves({ Events: [] });
      const { sync, store } = await setup(databaseId, clock);
      await store.setCheckpoint(
        'lookup-events:111111111111:eu-west-1:watermark',
        '2026-08-20T23:00:00.000Z',
      );
      const run = await sync.run();
      expect(run.status).toBe('partial');
      expect(run.message).toMatch(/left the 90-day event history/);
      expect(
        cloudTrail.commandCalls(LookupEventsCommand)[0].args[0].input.StartTime,
      ).toEqual(new Date('2026-08-23T00:00:00Z'));
    });
  },
);
