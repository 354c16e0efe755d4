import {
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@sparki/fake-kube-api';
import type { KubeObject } from '@sparki/security-posture-common';
import { RolloutChange } from '../RolloutProvider';
import { ArgoRolloutsProvider } from './ArgoRolloutsProvider';

jest.setTimeout(60_000);

const namespace = 'sparki-api';
const token = 'portal-token';
const rolloutPath = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/sparki-api`;

const dave: RolloutChange = {
  actor: {
    kind: 'user',
    userRef: 'user:default/dave',
    groups: ['group:default/sre'],
  },
  reason: 'release 1.4',
  requestId: 'r-1',
  eventId: 'promote',
  at: new Date('2026-12-02T10:00:00.000Z'),
};

function rollout(spec: object, status: object): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'sparki-api', namespace, uid: 'ro-uid' },
    spec: {
      template: {
        spec: { containers: [{ name: 'api', image: 'sparki-api:1.4.0' }] },
      },
      strategy: { blueGreen: { activeService: 'sparki-api' } },
      ...spec,
    },
    status: {
      phase: 'Paused',
      stableRS: 'abc',
      currentPodHash: 'def',
      ...status,
    },
  } as KubeObject;
}

function replicaSet(hash: string, revision: string, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `sparki-api-${hash}`,
      namespace,
      labels: { 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': revision },
      ownerReferences: [
        {
          kind: 'Rollout',
          name: 'sparki-api',
          uid: 'ro-uid',
          controller: true,
        },
      ],
    },
    spec: {
      template: {
        metadata: {
          labels: { app: 'sparki-api', 'rollouts-pod-template-hash': hash },
        },
        spec: { containers: [{ name: 'api', image }] },
      },
    },
  } as KubeObject;
}

describe('ArgoRolloutsProvider', () => {
  let server: FakeKubeApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(objects: KubeObject[]) {
    server = await startFakeKubeApiServer({
      objects: {},
      token,
      namespacedObjects: objects,
    });
    return new ArgoRolloutsProvider({
      cluster: {
        name: 'sparki-prod',
        url: server.url,
        serviceAccountToken: token,
        // client-node speaks plain HTTP (the fake) only with skipTLSVerify.
        skipTLSVerify: true,
      },
      namespace,
      rollout: 'sparki-api',
    });
  }

  const patches = () => server!.requests.filter(r => r.method === 'PATCH');

  it('promotes as the plugin does: pause conditions cleared on status, spec unpaused', async () => {
    const object = rollout(
      { paused: true },
      { pauseConditions: [{ reason: 'BlueGreenPause' }] },
    );
    const provider = await start([object]);
    const outcome = await provider.promote(dave);
    expect(outcome).toMatchObject({ from: 'abc', to: 'def' });
    expect(patches().map(p => [p.path, p.body])).toEqual([
      [`${rolloutPath}/status`, { status: { pauseConditions: null } }],
      [
        rolloutPath,
        {
          metadata: {
            annotations: expect.objectContaining({
              'sparki.io/switched-by': 'user:default/dave',
              'sparki.io/switched-reason': 'release 1.4',
            }),
          },
          spec: { paused: false },
        },
      ],
    ]);
    expect((object as any).status.pauseConditions).toBeUndefined();
    expect((object as any).spec.paused).toBe(false);
    for (const recorded of server!.requests) {
      expect(recorded.impersonateUser).toEqual(['user:default/dave']);
      expect(recorded.impersonateGroups).toEqual(['group:default/sre']);
    }
  });

  it('refuses to promote an aborted rollout, and one not paused', async () => {
    let provider = await start([
      rollout(
        {},
        { abort: true, phase: 'Degraded', message: 'RolloutAborted' },
      ),
    ]);
    await expect(provider.promote(dave)).rejects.toThrow(
      /is aborted \(RolloutAborted\): retry it before promoting/,
    );
    expect(patches()).toHaveLength(0);
    await server!.close();
    provider = await start([rollout({}, { phase: 'Healthy' })]);
    await expect(provider.promote(dave)).rejects.toThrow(/is not paused/);
  });

  it('aborts a rollout in progress on rollback, and retries it', async () => {
    const object = rollout(
      {},
      { pauseConditions: [{ reason: 'BlueGreenPause' }] },
    );
    const provider = await start([object]);
    const outcome = await provider.rollback(
      { ...dave, eventId: 'rollback' },
      'abc',
    );
    expect(outcome).toMatchObject({ from: 'def', to: 'abc' });
    expect(patches()[0]).toMatchObject({
      path: `${rolloutPath}/status`,
      body: { status: { abort: true } },
    });
    expect((object as any).status.abort).toBe(true);
    await provider.retry({ ...dave, eventId: 'retry' });
    expect((object as any).status.abort).toBe(false);
  });

  it('aborts only a rollout in progress, and not twice for the same decision', async () => {
    const object = rollout({ paused: true }, {});
    const provider = await start([object]);
    const abort = { ...dave, eventId: 'abort', reason: 'errors on def' };
    expect(await provider.abort(abort)).toMatchObject({
      from: 'def',
      to: 'abc',
      summary: expect.stringContaining('aborted: abc serves all traffic'),
    });
    expect((object as any).status.abort).toBe(true);
    expect(patches()).toHaveLength(2);
    expect(await provider.abort(abort)).toMatchObject({
      summary: expect.stringContaining('was already aborted'),
    });
    expect(patches()).toHaveLength(2);

    await server!.close();
    const finished = await start([
      rollout({}, { phase: 'Healthy', stableRS: 'def', currentPodHash: 'def' }),
    ]);
    await expect(finished.abort(abort)).rejects.toThrow(
      /is not in progress: nothing to abort \(roll back instead\)/,
    );
    expect(patches()).toHaveLength(0);
  });

  it('undoes a fully promoted rollout to the previous revision without its hash label', async () => {
    const object = rollout(
      {},
      { phase: 'Healthy', stableRS: 'def', currentPodHash: 'def' },
    );
    const provider = await start([
      object,
      replicaSet('abc', '1', 'sparki-api:1.3.0'),
      replicaSet('def', '2', 'sparki-api:1.4.0'),
    ]);
    const outcome = await provider.rollback(
      { ...dave, eventId: 'rollback' },
      'abc',
    );
    expect(outcome).toMatchObject({ from: 'def', to: 'abc' });
    const undo = patches()[0];
    expect(undo.contentType).toBe('application/json-patch+json');
    expect(undo.body).toEqual([
      {
        op: 'replace',
        path: '/spec/template',
        value: {
          metadata: { labels: { app: 'sparki-api' } },
          spec: { containers: [{ name: 'api', image: 'sparki-api:1.3.0' }] },
        },
      },
    ]);
    expect((object as any).spec.template.spec.containers[0].image).toBe(
      'sparki-api:1.3.0',
    );
  });

  it('reports health from the rollout phase; in progress is unknown, not healthy', async () => {
    const object = rollout({}, { phase: 'Progressing' });
    const provider = await start([object]);
    expect(await provider.checkHealth()).toMatchObject({ status: 'unknown' });
    expect(await provider.status()).toEqual({
      kind: 'argo-rollouts',
      phase: 'Progressing',
    });
    (object as any).status.phase = 'Healthy';
    expect(await provider.checkHealth()).toEqual({ status: 'healthy' });
    (object as any).status = {
      phase: 'Degraded',
      message: 'ProgressDeadlineExceeded',
    };
    expect(await provider.checkHealth()).toEqual({
      status: 'unhealthy',
      reason: expect.stringContaining('Degraded: ProgressDeadlineExceeded'),
    });
  });
});
