import { mockCredentials } from '@backstage/backend-test-utils';
import type { Detection, IngestRun } from '@sparki/audit-trail-common';
import {
  DetectionAcknowledgement,
  detectionsReviewedCheckId,
} from '@sparki/compliance-common';
import { fakePluginApi } from '../__testUtils__/fakePluginApi';
import { DetectionsReviewedCheckSource } from './DetectionsReviewedCheckSource';

jest.setTimeout(60_000);

const now = new Date('2026-12-08T12:00:00.000Z');
const daysAgo = (days: number) =>
  new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

function detection(
  eventId: string,
  fields: Partial<Detection> = {},
): Detection {
  return {
    eventId,
    ruleId: 'root-account-usage',
    cisControlId: '4.3',
    severity: 'critical',
    eventTime: daysAgo(10),
    accountId: '111111111111',
    region: 'eu-west-1',
    eventName: 'ConsoleLogin',
    ...fields,
  };
}

function acknowledgement(eventId: string): DetectionAcknowledgement {
  return {
    eventId,
    ruleId: 'root-account-usage',
    acknowledgedBy: 'user:default/bob',
    acknowledgedAt: daysAgo(1),
    note: 'Break-glass login during the incident, see the post-mortem.',
  };
}

/**
 * The audit-trail API as `/detections` answers: filtered by account, severity and `to`
 * (exclusive), paged two at a time whatever the limit asked (a server may send fewer).
 */
async function fakeAuditTrail(
  detections: Detection[],
  options: { runs?: IngestRun[]; status?: number } = {},
) {
  return fakePluginApi(url => {
    if (options.status) {
      return {
        status: options.status,
        body: { error: { name: 'Error', message: 'down' } },
      };
    }
    if (url.pathname === '/ingest-runs') {
      return { body: { items: options.runs ?? [] } };
    }
    if (url.pathname === '/detections') {
      const q = url.searchParams;
      const matching = detections.filter(
        d =>
          d.accountId === q.get('accountId') &&
          d.severity === q.get('severity') &&
          d.eventTime < q.get('to')!,
      );
      const start = Number(q.get('cursor') ?? 0);
      const next = start + 2;
      return {
        body: {
          items: matching.slice(start, next),
          ...(next < matching.length ? { nextCursor: String(next) } : {}),
        },
      };
    }
    return undefined;
  });
}

const storeWith = (acks: DetectionAcknowledgement[]) => ({
  listAcknowledgements: async () => acks,
});

const accountIds = ['111111111111', '222222222222'];

describe('DetectionsReviewedCheckSource', () => {
  it('fails an account with untriaged critical detections older than maxAgeDays, naming them; passes acknowledged ones', async () => {
    const api = await fakeAuditTrail([
      detection('evt-old-1', { eventTime: daysAgo(9) }),
      detection('evt-old-2', {
        eventTime: daysAgo(8),
        eventName: 'DeleteTrail',
        ruleId: 'cloudtrail-config-changes',
      }),
      detection('evt-old-acked', { eventTime: daysAgo(12) }),
      // Recent: still within the days allowed for triage.
      detection('evt-recent', { eventTime: daysAgo(2) }),
      // Not critical: not this check's.
      detection('evt-high', { severity: 'high' }),
      // The other account: all old critical ones acknowledged.
      detection('evt-b', { accountId: '222222222222' }),
    ]);
    try {
      const source = new DetectionsReviewedCheckSource(
        api.client('audit-trail'),
        storeWith([acknowledgement('evt-old-acked'), acknowledgement('evt-b')]),
        { accountIds, maxAgeDays: 7 },
      );
      const report = await source.collect({ now });
      expect(report.problems).toEqual([]);
      expect(report.results).toEqual([
        {
          checkId: detectionsReviewedCheckId,
          scope: { kind: 'account', id: '111111111111' },
          observedAt: now.toISOString(),
          state: 'fail',
          population: { applicable: 3, failing: 2 },
          message: `2 critical detections older than 7 days not acknowledged: ConsoleLogin (root-account-usage) in eu-west-1 at ${daysAgo(
            9,
          )}, event evt-old-1; DeleteTrail (cloudtrail-config-changes) in eu-west-1 at ${daysAgo(
            8,
          )}, event evt-old-2`,
        },
        {
          checkId: detectionsReviewedCheckId,
          scope: { kind: 'account', id: '222222222222' },
          observedAt: now.toISOString(),
          state: 'pass',
          population: { applicable: 1, failing: 0 },
          message: 'all 1 critical detections older than 7 days acknowledged',
        },
      ]);
      expect(report.snapshots).toEqual([
        expect.objectContaining({
          source: 'detections-reviewed',
          id: `detections-reviewed:critical-before:${daysAgo(7)}`,
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      ]);
      // Every page read, as this plugin, up to the cutoff.
      const pages = api.seen.filter(s => s.url.pathname === '/detections');
      expect(pages.map(s => s.url.searchParams.get('cursor'))).toEqual([
        null,
        '2',
        null,
      ]);
      expect(pages.every(s => s.authorized)).toBe(true);
      expect(pages[0].url.searchParams.get('to')).toBe(daysAgo(7));
    } finally {
      await api.close();
    }
  });

  it('names at most five detections in the message, counting the rest', async () => {
    const api = await fakeAuditTrail(
      Array.from({ length: 7 }, (_, i) =>
        detection(`evt-${i}`, { eventTime: daysAgo(20 - i) }),
      ),
    );
    try {
      const source = new DetectionsReviewedCheckSource(
        api.client('audit-trail'),
        storeWith([]),
        { accountIds: ['111111111111'], maxAgeDays: 7 },
      );
      const [result] = (await source.collect({ now })).results;
      expect(result.state).toBe('fail');
      expect(result.message).toMatch(/event evt-4; and 2 more$/);
      expect(result.message).not.toContain('evt-5');
    } finally {
      await api.close();
    }
  });

  it('passes an account without overdue critical detections, and honours maxAgeDays', async () => {
    const api = await fakeAuditTrail([
      detection('evt-3-days', { eventTime: daysAgo(3) }),
    ]);
    try {
      const lenient = new DetectionsReviewedCheckSource(
        api.client('audit-trail'),
        storeWith([]),
        { accountIds: ['111111111111'], maxAgeDays: 7 },
      );
      expect((await lenient.collect({ now })).results[0]).toMatchObject({
        state: 'pass',
        population: { applicable: 0, failing: 0 },
        message: 'no critical detections older than 7 days',
      });
      const strict = new DetectionsReviewedCheckSource(
        api.client('audit-trail'),
        storeWith([]),
        { accountIds: ['111111111111'], maxAgeDays: 2 },
      );
      expect((await strict.collect({ now })).results[0]).toMatchObject({
        state: 'fail',
        population: { applicable: 1, failing: 1 },
      });
    } finally {
      await api.close();
    }
  });

  it('is unknown, never a pass, when the API is not readable or the account ingestion failed', async () => {
    const down = await fakeAuditTrail([], { status: 503 });
    try {
      const source = new DetectionsReviewedCheckSource(
        down.client('audit-trail'),
        storeWith([]),
        { accountIds, maxAgeDays: 7 },
      );
      const report = await source.collect({ now });
      expect(report.results.map(r => [r.scope.id, r.state, r.reason])).toEqual([
        ['111111111111', 'unknown', 'error'],
        ['222222222222', 'unknown', 'error'],
      ]);
      expect(report.problems).toEqual([
        {
          message:
            'audit-trail API not readable: audit-trail GET /ingest-runs answered 503',
        },
      ]);
    } finally {
      await down.close();
    }

    const failedIngestion = await fakeAuditTrail([], {
      runs: [
        {
          source: 'lookup-events:222222222222:eu-west-1',
          startedAt: now.toISOString(),
          status: 'failed',
          records: 0,
          inserted: 0,
          duplicates: 0,
          malformed: 0,
          message: 'ExpiredToken',
        },
      ],
    });
    try {
      const source = new DetectionsReviewedCheckSource(
        failedIngestion.client('audit-trail'),
        storeWith([]),
        { accountIds, maxAgeDays: 7 },
      );
      const report = await source.collect({ now });
      expect(report.results.map(r => [r.scope.id, r.state, r.reason])).toEqual([
        ['111111111111', 'pass', undefined],
        ['222222222222', 'unknown', 'error'],
      ]);
    } finally {
      await failedIngestion.close();
    }
  });

  it('lists the untriaged overdue detections as the caller, oldest first, page by page', async () => {
    const api = await fakeAuditTrail([
      detection('evt-a', { eventTime: daysAgo(9) }),
      detection('evt-b', { eventTime: daysAgo(11) }),
      detection('evt-acked', { eventTime: daysAgo(10) }),
      detection('evt-c', { eventTime: daysAgo(8) }),
    ]);
    try {
      const source = new DetectionsReviewedCheckSource(
        api.client('audit-trail'),
        storeWith([acknowledgement('evt-acked')]),
        { accountIds, maxAgeDays: 7, now: () => now },
      );
      const query = {
        checkId: detectionsReviewedCheckId,
        scope: { kind: 'account' as const, id: '111111111111' },
        limit: 2,
        credentials: mockCredentials.user('user:default/bob'),
      };
      const first = await source.listResources(query);
      expect(first.items.map(item => item.ref.id)).toEqual(['evt-b', 'evt-a']);
      expect(first.items[0]).toMatchObject({
        kind: 'CloudTrailEvent',
        name: 'ConsoleLogin',
        state: 'fail',
        ref: { source: 'audit-trail', id: 'evt-b' },
      });
      const second = await source.listResources({
        ...query,
        cursor: first.nextCursor,
      });
      expect(second.items.map(item => item.ref.id)).toEqual(['evt-c']);
      expect(second.nextCursor).toBeUndefined();
      // Another check or an account not judged: nothing.
      expect(
        await source.listResources({
          ...query,
          scope: { kind: 'account', id: '999999999999' },
        }),
      ).toEqual({ items: [] });
      expect(source.handles(detectionsReviewedCheckId)).toBe(true);
      expect(source.handles('audit-trail:root-account-usage')).toBe(false);
    } finally {
      await api.close();
    }
  });
});
