import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  RunbookList,
  RunbookSummary,
  RunbookTest,
} from '@sparki/runbooks-common';
import { fakePluginApi } from '../__testUtils__/fakePluginApi';
import {
  readRunbooksStaleAfterDays,
  RunbooksCheckSource,
  runbooksTestedCheckId,
  testedSince,
} from './RunbooksCheckSource';

jest.setTimeout(60_000);

const now = new Date('2026-12-08T10:00:00.000Z');
const platform = { kind: 'entity' as const, id: 'system:default/sparki' };
const options = { scopes: [platform], staleAfterDays: 180 };
// 180 days before 2026-12-08.
const since = '2026-06-11';

function runbook(
  id: string,
  fields: Partial<RunbookSummary> = {},
): RunbookSummary {
  return {
    id,
    title: `Runbook ${id}`,
    summary: 'What to do.',
    severity: 'high',
    owner: 'group:default/platform-team',
    appliesTo: [],
    controls: [],
    detections: [],
    deploySteps: [],
    lastReviewed: '2026-11-01',
    tags: [],
    stale: false,
    staleReasons: [],
    ...fields,
  };
}

const passed = (date: string, by = 'user:default/alice') => ({
  lastTested: { date, by, outcome: 'passed' as const },
  lastTestedSource: 'portal' as const,
});

/**
 * The runbooks API as `/runbooks` and `/tested` answer: `untested` computed like the runbooks
 * backend does (the latest test, recorded or in the file, older than `since` or missing).
 */
async function fakeRunbooksApi(
  list: RunbookList,
  tests: RunbookTest[] = [],
  status?: number,
) {
  return fakePluginApi(url => {
    if (status) {
      return { status, body: { error: { name: 'Error', message: 'down' } } };
    }
    if (url.pathname === '/runbooks') return { body: list };
    if (url.pathname === '/tested') {
      const from = url.searchParams.get('since')!;
      return {
        body: {
          since: from,
          items: tests.filter(test => test.date >= from),
          untested: list.items
            .filter(r => !r.lastTested || r.lastTested.date < from)
            .map(r => r.id)
            .sort(),
        },
      };
    }
    return undefined;
  });
}

async function collectWith(list: RunbookList, tests: RunbookTest[] = []) {
  const api = await fakeRunbooksApi(list, tests);
  try {
    const source = new RunbooksCheckSource(api.client('runbooks'), options);
    return { report: await source.collect({ now }), seen: api.seen };
  } finally {
    await api.close();
  }
}

describe('testedSince', () => {
  it('is staleAfterDays whole UTC days before today, as the runbooks staleness counts', () => {
    expect(testedSince(now, 180)).toBe(since);
    expect(testedSince(new Date('2026-03-01T23:59:59Z'), 1)).toBe('2026-02-28');
  });
});

describe('readRunbooksStaleAfterDays', () => {
  it('reads runbooks.staleAfterDays, 180 by default, and refuses what the runbooks backend refuses', () => {
    expect(readRunbooksStaleAfterDays(new ConfigReader({}))).toBe(180);
    expect(
      readRunbooksStaleAfterDays(
        new ConfigReader({ runbooks: { staleAfterDays: 30 } }),
      ),
    ).toBe(30);
    expect(() =>
      readRunbooksStaleAfterDays(
        new ConfigReader({ runbooks: { staleAfterDays: 0.5 } }),
      ),
    ).toThrow(
      'runbooks.staleAfterDays must be a whole number of days of at least 1, got 0.5',
    );
  });
});

describe('RunbooksCheckSource', () => {
  it('passes when every critical, high and deploy-step runbook passed a test within the period', async () => {
    const { report, seen } = await collectWith(
      {
        items: [
          runbook('rollback', { severity: 'critical', ...passed(since) }),
          runbook('certificate-expiry', passed('2026-12-01')),
          runbook('deployment-failure', {
            severity: 'low',
            deploySteps: ['failed'],
            lastTested: {
              date: '2026-10-01',
              by: 'user:default/bob',
              outcome: 'passed',
            },
            lastTestedSource: 'frontmatter',
          }),
          // Medium and not on a deploy step: not a critical path.
          runbook('namespaces', { severity: 'medium' }),
        ],
        invalid: [],
      },
      [
        {
          runbookId: 'certificate-expiry',
          date: '2026-12-01',
          by: 'user:default/alice',
          outcome: 'passed',
          recordedAt: '2026-12-01T12:00:00.000Z',
        },
      ],
    );
    expect(report.results).toEqual([
      {
        checkId: runbooksTestedCheckId,
        scope: platform,
        state: 'pass',
        observedAt: now.toISOString(),
        population: { applicable: 3, failing: 0 },
        message: `all 3 critical-path runbooks passed a test since ${since}`,
      },
    ]);
    expect(report.problems).toEqual([]);
    expect(report.snapshots).toEqual([
      {
        source: 'runbooks',
        id: `runbooks:tested-since:${since}`,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        takenAt: now.toISOString(),
      },
    ]);
    expect(
      seen.map(({ url, authorized }) => [
        url.pathname + url.search,
        authorized,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['/runbooks', true],
        [`/tested?since=${since}`, true],
      ]),
    );
  });

  it('fails naming the critical runbooks never tested, tested too long ago, or not passed', async () => {
    const { report } = await collectWith({
      items: [
        runbook('rollback', { severity: 'critical' }),
        runbook('backup-restore', {
          severity: 'critical',
          ...passed('2026-06-10'),
        }),
        runbook('database-failover', {
          lastTested: {
            date: '2026-12-02',
            by: 'user:default/carol',
            outcome: 'failed',
          },
          lastTestedSource: 'portal',
        }),
        runbook('redis-failover', {
          lastTested: {
            date: '2026-12-03',
            by: 'user:default/carol',
            outcome: 'partial',
          },
          lastTestedSource: 'portal',
        }),
        runbook('third-party-outage', passed('2026-11-30')),
        runbook('namespaces', { severity: 'low' }),
      ],
      invalid: [],
    });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({
      state: 'fail',
      population: { applicable: 5, failing: 4 },
      message:
        `4 of 5 critical-path runbooks not tested with outcome passed since ${since}: ` +
        'backup-restore (last tested 2026-06-10, before 2026-06-11), ' +
        'database-failover (last test 2026-12-02 by user:default/carol: failed), ' +
        'redis-failover (last test 2026-12-03 by user:default/carol: partial), ' +
        'rollback (never tested)',
    });
  });

  it('is unknown, never a pass, when the runbooks API cannot be read', async () => {
    const api = await fakeRunbooksApi({ items: [], invalid: [] }, [], 503);
    const closed = await fakeRunbooksApi({ items: [], invalid: [] });
    await closed.close();
    try {
      for (const client of [
        api.client('runbooks'),
        closed.client('runbooks'),
      ]) {
        const report = await new RunbooksCheckSource(client, {
          ...options,
          scopes: [platform, { kind: 'entity', id: 'system:default/other' }],
        }).collect({ now });
        expect(
          report.results.map(r => [r.scope.id, r.state, r.reason]),
        ).toEqual([
          ['system:default/sparki', 'unknown', 'error'],
          ['system:default/other', 'unknown', 'error'],
        ]);
        expect(report.problems).toEqual([
          {
            message: expect.stringMatching(/^runbooks API not readable: /),
          },
        ]);
        expect(report.snapshots).toEqual([]);
      }
      expect(api.seen.length).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  });

  it('is unknown when a runbook file is invalid and no critical one fails, and when none is critical', async () => {
    const invalid = [
      {
        file: 'ops-failover.md',
        field: 'severity',
        reason: 'Invalid option',
        location: 'https://git.example/ops/runbooks',
      },
    ];
    const partial = await collectWith({
      items: [runbook('rollback', passed('2026-12-01'))],
      invalid,
    });
    expect(partial.report.results[0]).toMatchObject({
      state: 'unknown',
      reason: 'error',
      message: expect.stringContaining(
        '1 runbook files are invalid: https://git.example/ops/runbooks ops-failover.md',
      ),
    });
    expect(partial.report.problems).toHaveLength(1);

    const failing = await collectWith({
      items: [runbook('rollback')],
      invalid,
    });
    expect(failing.report.results[0].state).toBe('fail');

    const none = await collectWith({
      items: [runbook('namespaces', { severity: 'low' })],
      invalid: [],
    });
    expect(none.report.results[0]).toMatchObject({
      state: 'unknown',
      reason: 'no-data',
    });
  });

  it('reports nothing and reads nothing without a scope to judge the platform in', async () => {
    const api = await fakeRunbooksApi({ items: [], invalid: [] });
    try {
      const report = await new RunbooksCheckSource(api.client('runbooks'), {
        ...options,
        scopes: [],
      }).collect({ now });
      expect(report).toEqual({ results: [], snapshots: [], problems: [] });
      expect(api.seen).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('lists the failing runbooks and invalid files page by page, as the caller', async () => {
    const api = await fakeRunbooksApi({
      items: [
        runbook('rollback', { severity: 'critical' }),
        runbook('backup-restore', { severity: 'critical' }),
        runbook('certificate-expiry', passed('2026-12-01')),
      ],
      invalid: [{ file: 'broken.md', field: 'owner', reason: 'is required' }],
    });
    try {
      const source = new RunbooksCheckSource(api.client('runbooks'), {
        ...options,
        now: () => now,
      });
      const query = {
        checkId: runbooksTestedCheckId,
        scope: platform,
        limit: 2,
        credentials: mockCredentials.user(),
      };
      const first = await source.listResources(query);
      expect(
        first.items.map(item => [item.kind, item.name, item.state]),
      ).toEqual([
        ['RunbookFile', 'broken.md', 'unknown'],
        ['Runbook', 'backup-restore', 'fail'],
      ]);
      expect(first.items[1]).toMatchObject({
        message: 'Runbook backup-restore: never tested',
        ref: { source: 'runbooks', id: 'backup-restore' },
      });
      const second = await source.listResources({
        ...query,
        cursor: first.nextCursor,
      });
      expect(second.items.map(item => item.name)).toEqual(['rollback']);
      expect(second.nextCursor).toBeUndefined();
      expect(
        await source.listResources({
          ...query,
          scope: { kind: 'cluster', id: 'sparki-prod' },
        }),
      ).toEqual({ items: [] });
      expect(api.seen.every(request => request.authorized)).toBe(true);
    } finally {
      await api.close();
    }
  });
});
