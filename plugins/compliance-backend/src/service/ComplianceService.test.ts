import { mockServices } from '@backstage/backend-test-utils';
import { frameworks, RawCheckResult } from '@sparki/compliance-common';
import type { ComplianceCheckSource } from '@sparki/compliance-node';
import { ComplianceStore, StoredWaiver } from '../store/ComplianceStore';
import { ComplianceService } from './ComplianceService';

const now = new Date('2026-12-02T12:00:00.000Z');

function result(scopeKind: 'cluster' | 'namespace', id: string) {
  return {
    checkId: 'posture-control:workload-host-pid',
    scope: { kind: scopeKind, id },
    state: 'pass',
    observedAt: now.toISOString(),
  } satisfies RawCheckResult;
}

/** One source with results in two clusters' scopes and a problem in sparki-prod only. */
const source: ComplianceCheckSource = {
  id: 'posture',
  handles: id => id.startsWith('posture-control:'),
  async collect() {
    return {
      results: [
        result('cluster', 'sparki-prod'),
        result('namespace', 'sparki-prod/web'),
        result('cluster', 'sparki-dev'),
        result('namespace', 'sparki-dev/web'),
      ],
      snapshots: [],
      problems: [
        {
          scope: { kind: 'cluster', id: 'sparki-prod' },
          message: 'cluster sparki-prod: roles not readable (403 Forbidden)',
        },
      ],
    };
  },
};

const store = {
  listWaivers: async () => [],
  listAttestations: async () => [],
} as unknown as ComplianceStore;

describe('ComplianceService', () => {
  const service = new ComplianceService({
    frameworks,
    sources: [source],
    store,
    logger: mockServices.logger.mock(),
    cacheSeconds: 0,
    sourceTimeoutSeconds: 30,
    now: () => now,
  });

  it("shows a cluster's problems in its namespaces, and only there", async () => {
    const messages = async (scope: string) =>
      (
        await service.framework('cis-kubernetes', {
          kind: scope.includes('/') ? 'namespace' : 'cluster',
          id: scope,
        })
      ).problems.map(problem => problem.message);
    const problem = 'cluster sparki-prod: roles not readable (403 Forbidden)';
    expect(await messages('sparki-prod')).toEqual([problem]);
    expect(await messages('sparki-prod/web')).toEqual([problem]);
    expect(await messages('sparki-dev')).toEqual([]);
    expect(await messages('sparki-dev/web')).toEqual([]);
  });

  it('counts the waived checks of a control whose operational progress they left empty', async () => {
    const waiver: StoredWaiver = {
      request: {
        id: 'w1',
        checkId: 'posture-control:workload-host-pid',
        scope: { kind: 'cluster', id: 'sparki-dev' },
        reason: 'node agent',
        requester: 'user:default/alice',
        requestedAt: '2026-12-01T00:00:00.000Z',
        expiresAt: '2026-12-31T00:00:00.000Z',
      },
      decision: {
        waiverId: 'w1',
        decision: 'approved',
        by: 'user:default/bob',
        at: '2026-12-01T01:00:00.000Z',
      },
    };
    const failingInDev: ComplianceCheckSource = {
      ...source,
      async collect() {
        const report = await source.collect({ now });
        return {
          ...report,
          results: report.results.map(r =>
            r.scope.id === 'sparki-dev' ? { ...r, state: 'fail' as const } : r,
          ),
        };
      },
    };
    const waived = new ComplianceService({
      frameworks,
      sources: [failingInDev],
      store: {
        listWaivers: async () => [waiver],
        listAttestations: async () => [],
      } as unknown as ComplianceStore,
      logger: mockServices.logger.mock(),
      cacheSeconds: 0,
      sourceTimeoutSeconds: 30,
      now: () => now,
    });
    const control = async (scope?: string) =>
      (
        await waived.framework(
          'cis-kubernetes',
          scope ? { kind: 'cluster', id: scope } : undefined,
        )
      ).controls.find(c => c.id === '5.2.3')!;

    expect(await control('sparki-dev')).toMatchObject({
      status: 'waived',
      progress: { operational: null },
      waivedChecks: 1,
    });
    expect(await control('sparki-prod')).toMatchObject({
      status: 'satisfied',
      waivedChecks: 0,
    });
    // Over every scope: the sum over the scopes.
    expect((await control()).waivedChecks).toBe(1);
  });
});
