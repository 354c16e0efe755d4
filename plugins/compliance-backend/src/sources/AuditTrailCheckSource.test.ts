import { detectionRules } from '@sparki/audit-trail-common';
import { fakePluginApi } from '../__testUtils__/fakePluginApi';
import { AuditTrailCheckSource, longestGap } from './AuditTrailCheckSource';

jest.setTimeout(60_000);

const now = new Date('2026-12-08T00:00:00.000Z');
const hour = 60 * 60 * 1000;

/** Hourly buckets over the 7 days before `now`, leaving out the hours in `missing`. */
function buckets(missing: (hoursAgo: number) => boolean) {
  return Array.from({ length: 7 * 24 }, (_, i) => i + 1)
    .filter(hoursAgo => !missing(hoursAgo))
    .map(hoursAgo => ({
      time: new Date(now.getTime() - hoursAgo * hour).toISOString(),
      count: 5,
      errorCount: 0,
    }))
    .reverse();
}

function fake(failedSource?: string) {
  return fakePluginApi(url => {
    if (url.pathname === '/ingest-runs') {
      return {
        body: {
          items: failedSource
            ? [
                {
                  source: failedSource,
                  startedAt: now.toISOString(),
                  status: 'failed',
                  records: 0,
                  inserted: 0,
                  duplicates: 0,
                  malformed: 0,
                  message: 'ExpiredToken',
                },
              ]
            : [],
        },
      };
    }
    if (url.pathname === '/events/counts') {
      const account = url.searchParams.get('accountId');
      const region = url.searchParams.get('region');
      // 111…: complete; 222… eu-west-1: 30 hours missing; 222… us-east-1: nothing ingested.
      let body: ReturnType<typeof buckets> = [];
      if (account === '111111111111') body = buckets(() => false);
      if (account === '222222222222' && region === 'eu-west-1') {
        body = buckets(hoursAgo => hoursAgo > 40 && hoursAgo <= 70);
      }
      return { body: { interval: 'hour', buckets: body } };
    }
    return undefined;
  });
}

const options = {
  accounts: [
    { accountId: '111111111111', regions: ['eu-west-1'] },
    { accountId: '222222222222', regions: ['eu-west-1', 'us-east-1'] },
  ],
  periodDays: 7,
  maxGapHours: 24,
  alertedSeverities: ['critical' as const, 'high' as const],
};

describe('longestGap', () => {
  it('counts the hours without events, including before the first and after the last', () => {
    const from = Date.parse('2026-12-01T00:00:00.000Z');
    const to = from + 10 * hour;
    expect(longestGap([], from, to)).toEqual({ hours: 10, start: from });
    expect(
      longestGap(
        ['2026-12-01T02:00:00.000Z', '2026-12-01T03:00:00.000Z'],
        from,
        to,
      ),
    ).toEqual({ hours: 6, start: from + 4 * hour });
  });
});

describe('AuditTrailCheckSource', () => {
  it('passes a rule per account and region only when ingested without gaps and alerted on', async () => {
    const api = await fake();
    try {
      const source = new AuditTrailCheckSource(
        api.client('audit-trail'),
        options,
      );
      const report = await source.collect({ now });
      const byScope = (scope: string, ruleId: string) =>
        report.results.find(
          r => r.scope.id === scope && r.checkId === `audit-trail:${ruleId}`,
        );
      const critical = detectionRules.find(r => r.severity === 'critical')!;
      const medium = detectionRules.find(r => r.severity === 'medium')!;
      expect(byScope('111111111111/eu-west-1', critical.id)).toMatchObject({
        state: 'pass',
        scope: { kind: 'account', id: '111111111111/eu-west-1' },
      });
      expect(byScope('111111111111/eu-west-1', medium.id)).toMatchObject({
        state: 'fail',
        message: 'medium detections route no alert',
      });
      expect(byScope('222222222222/eu-west-1', critical.id)).toMatchObject({
        state: 'fail',
        message: expect.stringMatching(/^ingestion gap of 30 h from /),
      });
      expect(byScope('222222222222/us-east-1', critical.id)).toMatchObject({
        state: 'unknown',
        reason: 'no-data',
      });
      expect(report.results).toHaveLength(3 * detectionRules.length);
      expect(report.snapshots).toEqual([
        expect.objectContaining({
          source: 'audit-trail',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      ]);
      expect(report.problems.map(p => p.scope?.id)).toEqual([
        '222222222222/eu-west-1',
        '222222222222/us-east-1',
      ]);
    } finally {
      await api.close();
    }
  });

  it('is unknown when alert routing is not declared or the ingestion failed', async () => {
    const api = await fake('lookup-events:111111111111:eu-west-1');
    try {
      const source = new AuditTrailCheckSource(api.client('audit-trail'), {
        ...options,
        alertedSeverities: undefined,
      });
      const report = await source.collect({ now });
      expect(
        new Set(
          report.results
            .filter(r => r.scope.id === '111111111111/eu-west-1')
            .map(r => `${r.state}/${r.reason}`),
        ),
      ).toEqual(new Set(['unknown/error']));
      expect(report.problems[0].message).toBe(
        'audit-trail source lookup-events:111111111111:eu-west-1: last ingestion failed (ExpiredToken)',
      );
      expect(report.results.every(r => r.state !== 'pass')).toBe(true);
    } finally {
      await api.close();
    }
  });
});
