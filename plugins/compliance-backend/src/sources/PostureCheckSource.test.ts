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
      // Judges only cluster-scoped objects: no per-namespace counts.
      {
        controlId: 'rbac-webhook-configuration',
        status: 'fail',
        applicable: 3,
        failing: 1,
        applicableByNamespace: {},
        failingByNamespace: {},
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
        applicableByNamespace: { web: 3 },
        failingByNamespace: {},
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
        expect.objectContaining({ state: 'fail' }),
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

  it('scores each namespace only on what was judged in it', async () => {
    const api = await fake();
    try {
      const source = new PostureCheckSource(api.client('security-posture'), {
        maxAgeHours: 48,
        namespaceScopes: true,
      });
      const report = await source.collect({ now });
      const inNamespace = (namespace: string) =>
        report.results
          .filter(r => r.scope.id === namespace)
          .map(r => [r.checkId.split(':')[1], r.state, r.reason]);
      expect(inNamespace('sparki-prod/monitoring')).toEqual([
        ['workload-host-pid', 'fail', undefined],
        // Cluster-wide results stay in the cluster scope: neither a pass nor an unknown here.
        ['workload-privileged-containers', 'not-applicable', undefined],
        // Which namespaces an unreadable kind would have touched is not known.
        ['rbac-wildcard-roles', 'unknown', 'error'],
        ['general-image-provenance', 'not-applicable', undefined],
        ['rbac-webhook-configuration', 'not-applicable', undefined],
      ]);
      expect(inNamespace('sparki-prod/payments')[0]).toEqual([
        'workload-host-pid',
        'pass',
        undefined,
      ]);
      // One namespace's failures never reach another one of the same or another cluster.
      expect(
        report.results
          .filter(r => r.scope.kind === 'namespace' && r.state === 'fail')
          .map(r => r.scope.id),
      ).toEqual(['sparki-prod/monitoring']);
      expect(
        report.results.find(r => r.scope.id === 'sparki-prod/monitoring'),
      ).toMatchObject({
        scope: { kind: 'namespace', id: 'sparki-prod/monitoring' },
        population: { applicable: 4, failing: 2 },
      });
      expect(
        report.results.find(
          r =>
            r.scope.id === 'sparki-prod/monitoring' &&
            r.checkId === 'posture-control:rbac-webhook-configuration',
        )?.message,
      ).toBe('judged cluster-wide: see the cluster scope');
      // The stale snapshot's namespaces are unknown, never its old pass.
      expect(inNamespace('sparki-dev/web')).toEqual([
        ['workload-host-pid', 'unknown', 'stale'],
      ]);
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
