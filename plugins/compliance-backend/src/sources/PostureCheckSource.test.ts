import { mockCredentials } from '@backstage/backend-test-utils';
import { fakePluginApi } from '../__testUtils__/fakePluginApi';
import { PostureCheckSource } from './PostureCheckSource';

jest.setTimeout(60_000);

const now = new Date('2026-12-02T12:00:00.000Z');

const snapshots: Record<string, object> = {
  '/snapshots/7': {
    id: 7,
    cluster: 'sparki-prod',
    collectedAt: '2026-12-02T09:00:00.000Z',
    partial: true,
    unavailable: [{ kind: 'roles', reason: '403 Forbidden' }],
    sha256: 'd'.repeat(64),
    results: [
      {
        controlId: 'workload-host-pid',
        status: 'fail',
        applicable: 12,
        failing: 2,
        applicableByNamespace: { monitoring: 4, payments: 8 },
        failingByNamespace: { monitoring: 2 },
      },
      {
        controlId: 'workload-privileged-containers',
        status: 'pass',
        applicable: 12,
        failing: 0,
      },
      {
        controlId: 'rbac-wildcard-roles',
        status: 'unknown',
        applicable: 0,
        failing: 0,
        reason: 'roles not readable',
      },
      {
        controlId: 'general-image-provenance',
        status: 'manual',
        applicable: 0,
        failing: 0,
      },
    ],
  },
  '/snapshots/3': {
    id: 3,
    cluster: 'sparki-dev',
    collectedAt: '2026-11-20T09:00:00.000Z',
    partial: false,
    unavailable: [],
    sha256: 'e'.repeat(64),
    results: [
      {
        controlId: 'workload-host-pid',
        status: 'pass',
        applicable: 3,
        failing: 0,
      },
    ],
  },
};

function fake() {
  return fakePluginApi(url => {
    if (url.pathname === '/clusters') {
      return {
        body: {
          items: [
            {
              name: 'sparki-prod',
              source: 'api',
              scanning: false,
              latestSnapshot: { id: 7 },
            },
            {
              name: 'sparki-dev',
              source: 'api',
              scanning: false,
              latestSnapshot: { id: 3 },
            },
            { name: 'sparki-new', source: 'api', scanning: true },
          ],
        },
      };
    }
    if (url.pathname === '/findings') {
      return url.searchParams.get('control') === 'workload-host-pid' &&
        url.searchParams.get('cluster') === 'sparki-prod'
        ? {
            body: {
              items: [
                {
                  id: 41,
                  snapshotId: 7,
                  cluster: 'sparki-prod',
                  namespace: 'monitoring',
                  controlId: 'workload-host-pid',
                  severity: 'high',
                  frameworks: ['cis-kubernetes'],
                  status: 'fail',
                  resourceKind: 'DaemonSet',
                  resourceName: 'node-agent',
                  message: 'shares the host PID namespace',
                },
              ],
              nextCursor: 'next',
            },
          }
        : { body: { items: [] } };
    }
    const snapshot = snapshots[url.pathname];
    return snapshot ? { body: snapshot } : undefined;
  });
}

describe('PostureCheckSource', () => {
  it('maps each cluster latest snapshot to raw results; old snapshots are stale, unscanned clusters unknown', async () => {
    const api = await fake();
    try {
      const source = new PostureCheckSource(api.client('security-posture'), {
        maxAgeHours: 48,
        namespaceScopes: false,
      });
      const report = await source.collect({ now });
      const prod = report.results.filter(r => r.scope.id === 'sparki-prod');
      expect(prod).toEqual([
        {
          checkId: 'posture-control:workload-host-pid',
          scope: { kind: 'cluster', id: 'sparki-prod' },
          state: 'fail',
          observedAt: '2026-12-02T09:00:00.000Z',
          population: { applicable: 12, failing: 2 },
          message: '2 of 12 resources fail',
        },
        expect.objectContaining({ state: 'pass' }),
        expect.objectContaining({
          state: 'unknown',
          reason: 'error',
          message: 'roles not readable',
        }),
        expect.objectContaining({ state: 'unknown', reason: 'no-data' }),
      ]);
      expect(report.results.filter(r => r.scope.id === 'sparki-dev')).toEqual([
        expect.objectContaining({ state: 'unknown', reason: 'stale' }),
      ]);
      expect(report.snapshots).toEqual([
        {
          source: 'posture',
          id: 'cluster:sparki-prod:snapshot:7',
          sha256: 'd'.repeat(64),
          takenAt: '2026-12-02T09:00:00.000Z',
        },
        expect.objectContaining({ id: 'cluster:sparki-dev:snapshot:3' }),
      ]);
      expect(report.problems.map(p => p.message)).toEqual([
        'cluster sparki-prod: roles not readable (403 Forbidden)',
        'cluster sparki-dev: latest snapshot from 2026-11-20T09:00:00.000Z is older than 48 h',
        'cluster sparki-new: not scanned yet',
      ]);
      expect(api.seen.every(request => request.authorized)).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('scores each namespace from the per-namespace counts when asked to', async () => {
    const api = await fake();
    try {
      const source = new PostureCheckSource(api.client('security-posture'), {
        maxAgeHours: 48,
        namespaceScopes: true,
      });
      const report = await source.collect({ now });
      const inNamespace = (namespace: string) =>
        report.results
          .filter(r => r.scope.id === `sparki-prod/${namespace}`)
          .map(r => [r.checkId.split(':')[1], r.state, r.reason]);
      expect(inNamespace('monitoring')).toEqual([
        ['workload-host-pid', 'fail', undefined],
        ['workload-privileged-containers', 'not-applicable', undefined],
        ['rbac-wildcard-roles', 'unknown', 'error'],
        ['general-image-provenance', 'unknown', 'no-data'],
      ]);
      expect(inNamespace('payments')[0]).toEqual([
        'workload-host-pid',
        'pass',
        undefined,
      ]);
      expect(
        report.results.find(r => r.scope.id === 'sparki-prod/monitoring'),
      ).toMatchObject({
        scope: { kind: 'namespace', id: 'sparki-prod/monitoring' },
        population: { applicable: 4, failing: 2 },
      });
    } finally {
      await api.close();
    }
  });

  it('lists the failing objects of a control as the caller', async () => {
    const api = await fake();
    try {
      const source = new PostureCheckSource(api.client('security-posture'), {
        maxAgeHours: 48,
        namespaceScopes: false,
      });
      const page = await source.listResources({
        checkId: 'posture-control:workload-host-pid',
        scope: { kind: 'cluster', id: 'sparki-prod' },
        limit: 50,
        credentials: mockCredentials.user('user:default/bob'),
      });
      expect(page).toEqual({
        items: [
          {
            kind: 'DaemonSet',
            name: 'node-agent',
            namespace: 'monitoring',
            state: 'fail',
            message: 'shares the host PID namespace',
            ref: { source: 'posture-control', id: '41' },
          },
        ],
        nextCursor: 'next',
      });
      expect(api.seen.at(-1)?.url.searchParams.get('limit')).toBe('50');
    } finally {
      await api.close();
    }
  });

  it('fails the whole collection when the posture backend does not answer', async () => {
    const api = await fakePluginApi(() => ({ status: 503, body: {} }));
    try {
      const source = new PostureCheckSource(api.client('security-posture'), {
        maxAgeHours: 48,
        namespaceScopes: false,
      });
      await expect(source.collect({ now })).rejects.toThrow(
        'security-posture GET /clusters answered 503',
      );
    } finally {
      await api.close();
    }
  });
});
