import {
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@sparki/fake-kube-api';
import type { KubeObject } from '@sparki/security-posture-common';
import { RolloutChange } from '../RolloutProvider';
import {
  BlueGreenServiceProvider,
  switchAnnotations,
} from './BlueGreenServiceProvider';

jest.setTimeout(60_000);

const namespace = 'sparki-api';
const token = 'portal-token';

function deployment(
  color: string,
  status: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `sparki-api-${color}`, namespace, generation: 3 },
    spec: { replicas: 2 },
    status: {
      observedGeneration: 3,
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      ...status,
    },
  } as KubeObject;
}

function slice(color: string, ready: boolean[]): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `sparki-api-${color}-abcde`,
      namespace,
      labels: { 'kubernetes.io/service-name': `sparki-api-${color}` },
    },
    addressType: 'IPv4',
    endpoints: ready.map((r, i) => ({
      addresses: [`10.0.0.${i + 1}`],
      conditions: { ready: r },
    })),
  } as KubeObject;
}

function service(version: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'sparki-api', namespace, resourceVersion: '41' },
    spec: { selector: { app: 'sparki-api', version } },
  } as KubeObject;
}

const carol: RolloutChange = {
  actor: {
    kind: 'user',
    userRef: 'user:default/carol',
    groups: ['group:default/release-approvers', 'group:default/sre'],
  },
  reason: 'release 1.4 "green"',
  requestId: 'r-1',
  eventId: 'promote:1',
  at: new Date('2026-12-02T10:00:00.000Z'),
};

describe('BlueGreenServiceProvider', () => {
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
    return new BlueGreenServiceProvider({
      cluster: {
        name: 'sparki-prod',
        url: server.url,
        serviceAccountToken: token,
        // client-node speaks plain HTTP (the fake) only with skipTLSVerify.
        skipTLSVerify: true,
      },
      namespace,
      service: 'sparki-api',
      deployments: { blue: 'sparki-api-blue', green: 'sparki-api-green' },
      colorServices: { blue: 'sparki-api-blue', green: 'sparki-api-green' },
    });
  }

  it('switches the selector to the ready color as the person, with who, when and why', async () => {
    const live = service('blue');
    const provider = await start([
      live,
      deployment('blue', {}),
      deployment('green', {}),
      slice('green', [true, true]),
    ]);
    expect(await provider.status()).toEqual({
      kind: 'kubernetes-blue-green',
      activeColor: 'blue',
      previewColor: 'green',
    });
    const statusRequests = server!.requests.length;
    const outcome = await provider.promote(carol);
    expect(outcome).toMatchObject({
      from: 'blue',
      to: 'green',
      providerRef: {
        provider: 'kubernetes-blue-green',
        id: 'sparki-prod/sparki-api/service/sparki-api@green',
      },
    });
    expect((live as any).spec.selector).toEqual({
      app: 'sparki-api',
      version: 'green',
    });
    expect(live.metadata.annotations).toEqual({
      [switchAnnotations.by]: 'user:default/carol',
      [switchAnnotations.at]: '2026-12-02T10:00:00.000Z',
      [switchAnnotations.reason]: 'release 1.4 "green"',
      [switchAnnotations.request]: 'r-1',
      [switchAnnotations.event]: 'promote:1',
    });
    const patch = server!.requests.find(r => r.method === 'PATCH')!;
    expect(patch.path).toBe(
      '/api/v1/namespaces/sparki-api/services/sparki-api',
    );
    expect(patch.contentType).toBe('application/merge-patch+json');
    // Every request names the person: one header line per group, as the API server reads them.
    for (const recorded of server!.requests.slice(statusRequests)) {
      expect(recorded.authorization).toBe(`Bearer ${token}`);
      expect(recorded.impersonateUser).toEqual(['user:default/carol']);
      expect(recorded.impersonateGroups).toEqual([
        'group:default/release-approvers',
        'group:default/sre',
      ]);
    }
  });

  it('does not switch again when the same decision is retried', async () => {
    const live = service('blue');
    const provider = await start([
      live,
      deployment('green', {}),
      slice('green', [true]),
    ]);
    await provider.promote(carol);
    const again = await provider.promote(carol);
    expect(again).toMatchObject({ from: 'blue', to: 'green' });
    expect((live as any).spec.selector.version).toBe('green');
    expect(server!.requests.filter(r => r.method === 'PATCH')).toHaveLength(1);
  });

  it.each([
    [
      'not observed yet',
      deployment('green', { observedGeneration: 2 }),
      [slice('green', [true])],
      /not observed yet/,
    ],
    [
      'not fully rolled out',
      deployment('green', { availableReplicas: 1 }),
      [slice('green', [true])],
      /2 updated, 1 available, 2 total of 2 desired/,
    ],
    [
      'old replicas left',
      deployment('green', { replicas: 3 }),
      [slice('green', [true])],
      /3 total of 2 desired/,
    ],
    [
      'past its progress deadline',
      deployment('green', {
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message:
              'ReplicaSet "sparki-api-green-7d" has timed out progressing.',
          },
        ],
      }),
      [slice('green', [true])],
      /exceeded its progress deadline: ReplicaSet/,
    ],
    [
      'without ready endpoints',
      deployment('green', {}),
      [slice('green', [false, false]), slice('blue', [true])],
      /green has no ready endpoints/,
    ],
  ])(
    'refuses a target %s and leaves the Service alone',
    async (_, target, slices, message) => {
      const live = service('blue');
      const provider = await start([live, target, ...slices]);
      await expect(provider.promote(carol)).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringMatching(message),
      });
      expect((live as any).spec.selector.version).toBe('blue');
      expect(server!.requests.some(r => r.method === 'PATCH')).toBe(false);
    },
  );

  it('rolls back to the previous color, which was kept running', async () => {
    const live = service('green');
    const provider = await start([
      live,
      deployment('blue', {}),
      slice('blue', [true]),
    ]);
    const outcome = await provider.rollback(
      { ...carol, eventId: 'rollback:1', reason: 'errors up' },
      'blue',
    );
    expect(outcome).toMatchObject({ from: 'green', to: 'blue' });
    expect((live as any).spec.selector.version).toBe('blue');
    expect(live.metadata.annotations?.[switchAnnotations.reason]).toBe(
      'errors up',
    );
  });

  it('refuses a Service that is not a blue-green pair', async () => {
    const provider = await start([service('v2')]);
    await expect(provider.promote(carol)).rejects.toThrow(
      /selects version "v2", not blue or green/,
    );
    expect(await provider.status()).toEqual({
      kind: 'kubernetes-blue-green',
      phase: 'the Service selects version "v2", not blue or green',
    });
  });

  it('surfaces cluster failures as backend errors, not success', async () => {
    const provider = await start([deployment('green', {})]);
    await expect(provider.promote(carol)).rejects.toMatchObject({
      statusCode: 502,
      message: expect.stringMatching(
        /cluster sparki-prod: reading service sparki-api\/sparki-api failed: services "sparki-api" not found/,
      ),
    });
  });

  it('reports health of the promoted color, unknown when the cluster cannot tell', async () => {
    const provider = await start([
      service('green'),
      deployment('green', {}),
      deployment('blue', { availableReplicas: 0 }),
      slice('green', [true]),
    ]);
    expect(await provider.checkHealth('green')).toEqual({ status: 'healthy' });
    expect(await provider.checkHealth('blue')).toEqual({
      status: 'unhealthy',
      reason: expect.stringMatching(/0 available/),
    });
    await server!.close();
    server = undefined;
    expect(await provider.checkHealth('green')).toMatchObject({
      status: 'unknown',
    });
  });
});
