import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@sparki/fake-kube-api';
import type { KubeObject } from '@sparki/security-posture-common';
import request from 'supertest';
import { loadOpenApiContract } from '../__testUtils__/openApiContract';
import { deploymentsPlugin } from '../plugin';
import {
  approverUser,
  asPipeline,
  asUser,
  releaseApprovers,
  serviceEntity,
} from '../__testUtils__/catalogEntities';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const namespace = 'sparki-api';
const token = 'portal-token';
const rolloutPath = `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/rollouts/sparki-api`;

const entities: Entity[] = [
  approverUser('carol'),
  approverUser('dave'),
  serviceEntity('sparki-api'),
];
/** A blue-green Rollout paused at its preview: the new pods (def) are not the stable ones (abc). */
function pausedRollout(): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'sparki-api', namespace, uid: 'ro-uid' },
    spec: {
      paused: true,
      strategy: { blueGreen: { activeService: 'sparki-api' } },
    },
    status: {
      phase: 'Paused',
      stableRS: 'abc',
      currentPodHash: 'def',
      pauseConditions: [{ reason: 'BlueGreenPause' }],
    },
  } as KubeObject;
}

describe('the abort and retry routes (Argo Rollouts)', () => {
  let kube: FakeKubeApiServer | undefined;
  afterEach(async () => {
    await kube?.close();
    kube = undefined;
  });

  async function startBackend(
    permissions?: ReturnType<typeof mockServices.permissions.mock>,
  ) {
    const rollout = pausedRollout();
    kube = await startFakeKubeApiServer({
      objects: {},
      token,
      namespacedObjects: [rollout],
    });
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const { server } = await startTestBackend({
      features: [
        deploymentsPlugin,
        mockServices.rootConfig.factory({
          data: {
            deployments: {
              environments: {
                prod: {
                  approvals: { required: 1, allowedGroups: [releaseApprovers] },
                },
              },
              rollout: {
                clusters: [
                  {
                    name: 'sparki-prod',
                    url: kube.url,
                    serviceAccountToken: token,
                    // client-node speaks plain HTTP (the fake) only with skipTLSVerify.
                    skipTLSVerify: true,
                  },
                ],
                targets: [
                  {
                    serviceRef: 'component:default/sparki-api',
                    environment: 'prod',
                    provider: 'argo-rollouts',
                    cluster: 'sparki-prod',
                    namespace,
                    rollout: 'sparki-api',
                  },
                ],
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
        auditor.factory,
        ...(permissions ? [permissions.factory] : []),
      ],
    });
    return { server, auditor, event, rollout };
  }

  /** A prod request carol asked for, dave approved, and the pipeline deployed to a preview. */
  async function previewReady(server: Parameters<typeof request>[0]) {
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', asUser('carol'))
      .send({
        serviceRef: 'component:default/sparki-api',
        environment: 'prod',
        version: { commitSha: 'abc1234', tag: 'v1.4.0' },
        reason: 'release 1.4',
      });
    const id = created.body.request.id;
    await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', asUser('dave'))
      .send({});
    for (const type of ['start-deploy', 'preview-ready']) {
      const reported = await request(server)
        .post(`/api/deployments/requests/${id}/events`)
        .set('Authorization', asPipeline())
        .send({ type, id: 'run-42' });
      expect(reported.status).toBe(200);
    }
    return id as string;
  }

  it('aborts the rollout as the person, marks the request failed with the reason, once', async () => {
    const contract = await loadOpenApiContract();
    const { server, auditor, rollout } = await startBackend();
    const id = await previewReady(server);

    const noReason = await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/an abort needs a reason/);
    expect(
      contract('post', '/requests/{id}/abort', 400, noReason.body),
    ).toEqual([]);
    expect(kube!.requests.filter(r => r.method === 'PATCH')).toHaveLength(0);

    const aborted = await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'analysis shows 5xx on def' });
    expect(aborted.status).toBe(200);
    expect(contract('post', '/requests/{id}/abort', 200, aborted.body)).toEqual(
      [],
    );
    expect(aborted.body.request.state).toBe('failed');
    expect(aborted.body.rollout).toMatchObject({ from: 'def', to: 'abc' });
    expect(aborted.body.request.decisions.at(-1)).toMatchObject({
      event: 'fail',
      eventId: 'abort',
      by: { kind: 'user', userRef: 'user:default/dave' },
      comment: expect.stringMatching(
        /^aborted: analysis shows 5xx on def \(rollout .* aborted: abc serves all traffic\)$/,
      ),
      from: 'preview-ready',
      to: 'failed',
    });
    const patches = kube!.requests.filter(r => r.method === 'PATCH');
    expect(patches.map(p => p.path)).toEqual([
      `${rolloutPath}/status`,
      rolloutPath,
    ]);
    expect(patches[0].body).toEqual({ status: { abort: true } });
    for (const patch of patches) {
      expect(patch.impersonateUser).toEqual(['user:default/dave']);
    }
    expect((rollout as any).status.abort).toBe(true);
    expect(
      (rollout as any).metadata.annotations['sparki.io/switched-reason'],
    ).toBe('analysis shows 5xx on def');

    // A repeat changes nothing, and a failed deploy cannot be promoted.
    const again = await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'again' });
    expect(again.status).toBe(200);
    expect(again.body.request.revision).toBe(aborted.body.request.revision);
    expect(again.body.rollout).toBeNull();
    expect(kube!.requests.filter(r => r.method === 'PATCH')).toHaveLength(2);
    const promote = await request(server)
      .post(`/api/deployments/requests/${id}/promote`)
      .set('Authorization', asUser('dave'))
      .send({});
    expect(promote.status).toBe(409);
    expect(promote.body.error.message).toMatch(
      /cannot promote a request that is failed/,
    );

    expect(auditor.createEvent.mock.calls.map(([e]) => e.eventId)).toEqual(
      expect.arrayContaining(['deployment-abort']),
    );
    expect(
      auditor.createEvent.mock.calls.filter(
        ([e]) => e.eventId === 'deployment-abort',
      ),
    ).toHaveLength(3);
  });

  it('says which actions each request accepts, and lists an aborted deploy as needing attention', async () => {
    const contract = await loadOpenApiContract();
    const { server } = await startBackend();
    const id = await previewReady(server);
    const view = () =>
      request(server)
        .get(`/api/deployments/requests/${id}`)
        .set('Authorization', asUser('dave'));
    const preview = await view();
    expect(contract('get', '/requests/{id}', 200, preview.body)).toEqual([]);
    expect(preview.body.rolloutActions).toEqual([
      'promote',
      'rollback',
      'abort',
    ]);
    const attention = () =>
      request(server)
        .get('/api/deployments/requests?attention=true')
        .set('Authorization', asUser('dave'));
    // Just reported preview-ready: not stuck yet (the default is 60 minutes).
    expect((await attention()).body.items).toEqual([]);

    await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'analysis shows 5xx on def' })
      .expect(200);
    const listed = await attention();
    expect(listed.status).toBe(200);
    expect(contract('get', '/requests', 200, listed.body)).toEqual([]);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await view()).body.rolloutActions).toEqual(['rollback', 'retry']);

    const contradictory = await request(server)
      .get('/api/deployments/requests?attention=true&state=failed')
      .set('Authorization', asUser('dave'));
    expect(contradictory.status).toBe(400);
    expect(contradictory.body.error.message).toMatch(
      /attention: attention=true lists failed and stuck deploys: drop state and waitingForMe/,
    );
    expect(contract('get', '/requests', 400, contradictory.body)).toEqual([]);
  });

  it('refuses an abort without deployments.rollback, and one the state forbids', async () => {
    const permissions = mockServices.permissions.mock();
    let denyRollback = true;
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          denyRollback && r.permission.name === 'deployments.rollback'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const { server, event } = await startBackend(permissions);
    const id = await previewReady(server);
    const denied = await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'stop it' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/deployments.rollback/);
    expect(event.fail).toHaveBeenCalled();
    expect(kube!.requests.filter(r => r.method === 'PATCH')).toHaveLength(0);

    denyRollback = false;
    const rolledBack = await request(server)
      .post(`/api/deployments/requests/${id}/rollback`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'abandon the preview' });
    expect(rolledBack.status).toBe(200);
    const late = await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'stop it' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(
      /cannot abort a request that is rolled-back: only a deploy in progress/,
    );
  });
  it('retries an aborted rollout as the person, back to deploying, once per abort', async () => {
    const contract = await loadOpenApiContract();
    const { server, auditor, rollout } = await startBackend();
    const id = await previewReady(server);
    const retry = (reason: string, name = 'dave') =>
      request(server)
        .post(`/api/deployments/requests/${id}/retry`)
        .set('Authorization', asUser(name))
        .send({ reason });

    const early = await retry('nothing was aborted');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(
      /cannot retry a request that is preview-ready: only a deploy stopped by an abort/,
    );
    await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'analysis inconclusive' })
      .expect(200);
    const patchesBefore = kube!.requests.filter(r => r.method === 'PATCH');

    const noReason = await retry(' ');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/a retry needs a reason/);

    const retried = await retry('metrics provider back');
    expect(retried.status).toBe(200);
    expect(contract('post', '/requests/{id}/retry', 200, retried.body)).toEqual(
      [],
    );
    expect(retried.body.request.state).toBe('deploying');
    expect(retried.body.rollout).toMatchObject({ from: 'abc', to: 'def' });
    expect(retried.body.request.decisions.at(-1)).toMatchObject({
      event: 'retry',
      eventId: 'retry:2',
      by: { kind: 'user', userRef: 'user:default/dave' },
      comment: expect.stringMatching(
        /^metrics provider back \(rollout .* retried: def rolls out again\)$/,
      ),
      from: 'failed',
      to: 'deploying',
    });
    const patches = kube!.requests
      .filter(r => r.method === 'PATCH')
      .slice(patchesBefore.length);
    expect(patches.map(p => p.path)).toEqual([
      `${rolloutPath}/status`,
      rolloutPath,
    ]);
    expect(patches[0].body).toEqual({ status: { abort: false } });
    for (const patch of patches) {
      expect(patch.impersonateUser).toEqual(['user:default/dave']);
    }
    expect((rollout as any).status.abort).toBe(false);
    expect(rollout.metadata.annotations).toMatchObject({
      'sparki.io/switched-by': 'user:default/dave',
      'sparki.io/switched-reason': 'metrics provider back',
      'sparki.io/deployment-event': 'retry:2',
    });

    // A repeat changes nothing.
    const again = await retry('again');
    expect(again.status).toBe(200);
    expect(again.body.request.revision).toBe(retried.body.request.revision);
    expect(again.body.rollout).toBeNull();

    // The second attempt reaches its preview and can be aborted (and retried) again.
    await request(server)
      .post(`/api/deployments/requests/${id}/events`)
      .set('Authorization', asPipeline())
      .send({ type: 'preview-ready', id: 'run-43' })
      .expect(200);
    (rollout as any).status.abort = false;
    const second = await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'errors again' });
    expect(second.status).toBe(200);
    expect(second.body.request.decisions.at(-1)).toMatchObject({
      eventId: 'abort:2',
      to: 'failed',
    });
    expect((rollout as any).status.abort).toBe(true);

    expect(
      auditor.createEvent.mock.calls.filter(
        ([e]) => e.eventId === 'deployment-retry',
      ),
    ).toHaveLength(4);
  });

  it('refuses a retry without deployments.promote, and after a promotion', async () => {
    const permissions = mockServices.permissions.mock();
    let denyPromote = true;
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          denyPromote && r.permission.name === 'deployments.promote'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const { server, event, rollout } = await startBackend(permissions);
    const id = await previewReady(server);
    await request(server)
      .post(`/api/deployments/requests/${id}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'stop' })
      .expect(200);
    const patches = () => kube!.requests.filter(r => r.method === 'PATCH');
    const patchCount = patches().length;
    const denied = await request(server)
      .post(`/api/deployments/requests/${id}/retry`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'go on' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/deployments.promote/);
    expect(event.fail).toHaveBeenCalled();
    expect(patches()).toHaveLength(patchCount);

    // Aborted after the promotion: the promote record is one per request, so no retry.
    denyPromote = false;
    const other = await previewReady(server);
    (rollout as any).status.abort = false;
    await request(server)
      .post(`/api/deployments/requests/${other}/promote`)
      .set('Authorization', asUser('dave'))
      .send({})
      .expect(200);
    (rollout as any).status.currentPodHash = 'fed';
    await request(server)
      .post(`/api/deployments/requests/${other}/abort`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'stop' })
      .expect(200);
    const late = await request(server)
      .post(`/api/deployments/requests/${other}/retry`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'go on' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(
      /aborted after its promotion: roll it back, or request the version again/,
    );
  });
});
