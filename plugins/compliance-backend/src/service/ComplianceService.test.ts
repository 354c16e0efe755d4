import { mockServices } from '@backstage/backend-test-utils';
import { frameworks, RawCheckResult } from '@sparki/compliance-common';
import type { ComplianceCheckSource } from '@sparki/compliance-node';
import { ComplianceStore } from '../store/ComplianceStore';
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
});
