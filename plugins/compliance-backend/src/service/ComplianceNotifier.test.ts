import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { createTestDatabases } from '@sparki/test-databases';
import { KnexComplianceStore } from '../store/KnexComplianceStore';
import { StoredScoreSnapshot } from '../store/ComplianceStore';
import { ComplianceNotifier } from './ComplianceNotifier';
import { SnapshotRun } from './ScoreSnapshotService';

jest.setTimeout(60_000);

const databases = createTestDatabases(['SQLITE_3']);
const now = new Date('2026-12-02T12:00:00.000Z');
const auditors = 'group:default/security-auditors';

function rollUp(
  id: string,
  conservativeScore: number,
  failing: string[],
): StoredScoreSnapshot {
  const figures = {
    score: conservativeScore,
    conservativeScore,
    coverage: 1,
    applicableControls: 2,
    controlsWithData: 2,
  };
  return {
    id,
    frameworkId: 'cis-kubernetes',
    frameworkVersion: '1.12.0',
    methodVersion: '1',
    takenAt: now.toISOString(),
    trigger: 'change',
    operational: figures,
    audit: figures,
    waivers: 0,
    waivedChecks: 0,
    controlsByStatus: {
      satisfied: 0,
      failing: failing.length,
      unknown: 0,
      waived: 0,
      'not-applicable': 0,
    },
    sources: [],
    controls: ['5.1.1', '5.1.2'].map(controlId => ({
      controlId,
      severity: 'critical' as const,
      status: failing.includes(controlId)
        ? ('failing' as const)
        : ('satisfied' as const),
      checks: [],
      progress: { operational: 1, audit: 1 },
      conservativeProgress: { operational: 1, audit: 1 },
    })),
    fingerprint: id,
  };
}

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexComplianceStore.create({
    database: { getClient: async () => knex },
  });
  const sent: NotificationSendOptions[] = [];
  const notifier = new ComplianceNotifier({
    recipients: [auditors],
    minScore: 0.8,
    expiryWarningDays: 14,
    notifications: { send: async options => void sent.push(options) },
    store,
    logger: mockServices.logger.mock(),
    now: () => now,
  });
  return { store, sent, notifier };
}

const run = (written: SnapshotRun['written']): SnapshotRun => ({
  evaluation: { evaluatedAt: now, frameworks: [], sources: [], problems: [] },
  written,
});

describe('ComplianceNotifier', () => {
  it('tells the recipients once when a score falls below its threshold and a critical control starts failing', async () => {
    const { sent, notifier } = await setUp();
    const fallen = run([
      {
        snapshot: rollUp('s2', 0.5, ['5.1.1']),
        previous: rollUp('s1', 0.9, []),
      },
    ]);
    await notifier.notify(fallen);
    await notifier.notify(fallen);
    expect(sent.map(s => s.payload.title)).toEqual([
      'CIS Kubernetes Benchmark: score fell to 50 % (threshold 80 %)',
      'CIS Kubernetes Benchmark 5.1.1 (critical) now fails',
    ]);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: [auditors],
    });
  });

  it('says nothing on a first snapshot, a score already below, or a control that failed before', async () => {
    const { sent, notifier } = await setUp();
    await notifier.notify(run([{ snapshot: rollUp('s1', 0.5, ['5.1.1']) }]));
    await notifier.notify(
      run([
        {
          snapshot: rollUp('s2', 0.4, ['5.1.1']),
          previous: rollUp('s1', 0.5, ['5.1.1']),
        },
      ]),
    );
    expect(sent).toEqual([]);
  });

  it('tells requester and approver once that a waiver expires within the warning days', async () => {
    const { store, sent, notifier } = await setUp();
    const waiver = (id: string, expiresAt: string) => ({
      id,
      checkId: 'posture-control:workload-host-pid',
      scope: { kind: 'cluster' as const, id: 'sparki-prod' },
      reason: 'agent',
      requester: 'user:default/alice',
      requestedAt: '2026-11-01T00:00:00.000Z',
      expiresAt,
    });
    const soon = '00000000-0000-4000-8000-000000000001';
    const later = '00000000-0000-4000-8000-000000000002';
    for (const [id, expiresAt] of [
      [soon, '2026-12-10T00:00:00.000Z'],
      [later, '2027-01-30T00:00:00.000Z'],
    ]) {
      await store.insertWaiverRequest(waiver(id, expiresAt));
      await store.insertWaiverDecision({
        waiverId: id,
        decision: 'approved',
        by: 'user:default/bob',
        at: '2026-11-02T00:00:00.000Z',
      });
    }
    await notifier.notify(run([]));
    await notifier.notify(run([]));
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['user:default/alice', 'user:default/bob'],
        },
        payload: expect.objectContaining({
          title:
            'Waiver of posture-control:workload-host-pid in sparki-prod expires soon',
          scope: `waiver-expiring:${soon}`,
        }),
      },
    ]);
  });
});
