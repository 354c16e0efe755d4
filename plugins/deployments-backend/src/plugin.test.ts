import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { loadOpenApiContract } from './__testUtils__/openApiContract';
import { deploymentsPlugin } from './plugin';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const approvers = 'group:default/release-approvers';

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

const entities: Entity[] = [
  user('carol', [approvers]),
  user('dave', [approvers]),
  user('erin', [approvers]),
  user('frank', ['group:default/payments-team']),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/frank' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'sparki-prod',
      namespace: 'default',
      annotations: { 'sparki.io/tier': 'prod' },
    },
    spec: { type: 'environment', owner: 'platform-team' },
    relations: [{ type: 'dependsOn', targetRef: 'resource:default/eks-prod' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'eks-prod',
      namespace: 'default',
      annotations: { 'sparki.io/cluster-name': 'sparki-prod' },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform-team' },
  },
];

const deployments = {
  environments: {
    prod: {
      approvals: { required: 2, allowedGroups: [approvers] },
      separationOfDuties: true,
      postureGate: { minScore: 80, maxAgeHours: 24 },
    },
    staging: { approvals: { required: 1, allowedGroups: [approvers] } },
  },
};

async function startBackend(
  options: {
    permissions?: ReturnType<typeof mockServices.permissions.mock>;
    scheduler?: ReturnType<typeof mockServices.scheduler.mock>;
    config?: object;
  } = {},
) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const { server } = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({
        data: { deployments: options.config ?? deployments },
      }),
      options.scheduler?.factory ?? mockServices.scheduler.factory(),
      catalogServiceMock.factory({ entities }),
      auditor.factory,
      ...(options.permissions ? [options.permissions.factory] : []),
    ],
  });
  return { server, auditor, event };
}

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

const body = {
  serviceRef: 'component:default/payments',
  environment: 'staging',
  version: { commitSha: 'abc1234', tag: 'v1.4.0' },
  reason: 'release 1.4',
};

describe('deployments backend', () => {
  it('requests, refuses self-approval, approves, and wakes the waiting pipeline', async () => {
    const contract = await loadOpenApiContract();
    const { server, auditor, event } = await startBackend();
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send(body);
    expect(created.status).toBe(201);
    expect(contract('post', '/requests', 201, created.body)).toEqual([]);
    expect(created.body.request).toMatchObject({
      state: 'awaiting-approval',
      requester: { kind: 'user', userRef: 'user:default/carol' },
    });
    expect(created.body.evaluation.canApprove).toMatchObject({
      allowed: false,
      refusal: 'requester',
    });
    const id = created.body.request.id;

    const waiting = await request(server)
      .get(`/api/deployments/requests/${id}/wait?timeoutSeconds=0`)
      .set('Authorization', as('carol'));
    expect(waiting.body).toEqual({
      id,
      state: 'awaiting-approval',
      revision: 1,
      decided: false,
    });
    expect(contract('get', '/requests/{id}/wait', 200, waiting.body)).toEqual(
      [],
    );

    const inbox = await request(server)
      .get('/api/deployments/requests?waitingForMe=true')
      .set('Authorization', as('dave'));
    expect(inbox.body.items.map((r: any) => r.id)).toEqual([id]);
    expect(contract('get', '/requests', 200, inbox.body)).toEqual([]);
    const carolsInbox = await request(server)
      .get('/api/deployments/requests?waitingForMe=true')
      .set('Authorization', as('carol'));
    expect(carolsInbox.body.items).toEqual([]);

    const self = await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', as('carol'))
      .send({});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/carol requested it/);
    expect(contract('post', '/requests/{id}/approve', 403, self.body)).toEqual(
      [],
    );

    const wait = request(server)
      .get(`/api/deployments/requests/${id}/wait?timeoutSeconds=60`)
      .set('Authorization', as('carol'))
      .then(response => response);
    const approved = await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', as('dave'))
      .send({ comment: 'looks good' });
    expect(approved.status).toBe(200);
    expect(approved.body.request.state).toBe('approved');
    expect(
      contract('post', '/requests/{id}/approve', 200, approved.body),
    ).toEqual([]);
    expect((await wait).body).toMatchObject({
      state: 'approved',
      decided: true,
    });

    const one = await request(server)
      .get(`/api/deployments/requests/${id}`)
      .set('Authorization', as('erin'));
    expect(contract('get', '/requests/{id}', 200, one.body)).toEqual([]);
    expect(one.body.request.decisions.map((d: any) => d.event)).toEqual([
      'submit',
      'approve',
    ]);

    expect(auditor.createEvent.mock.calls.map(([e]) => e.eventId)).toEqual([
      'deployment-request',
      'deployment-approve',
      'deployment-approve',
    ]);
    expect(event.success).toHaveBeenCalledWith({
      meta: { requestId: id, state: 'approved' },
    });
    expect(event.fail).toHaveBeenCalledTimes(1);
  });

  it('holds prod while the posture is unknown (no posture backend here)', async () => {
    const { server } = await startBackend();
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send({ ...body, environment: 'prod' });
    const gate = created.body.evaluation.rules.find(
      (r: any) => r.rule === 'posture-gate',
    );
    expect(gate.status).toBe('unknown');
    const frank = await request(server)
      .post(`/api/deployments/requests/${created.body.request.id}/approve`)
      .set('Authorization', as('frank'))
      .send({});
    expect(frank.status).toBe(403);
    expect(frank.body.error.message).toMatch(/frank/);

    const contract = await loadOpenApiContract();
    const id = created.body.request.id;
    await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', as('dave'))
      .send({});
    await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', as('erin'))
      .send({});
    const overridden = await request(server)
      .post(`/api/deployments/requests/${id}/override`)
      .set('Authorization', as('dave'))
      .send({
        kind: 'posture',
        reason: 'posture scanner down; checked by hand',
      });
    expect(overridden.status).toBe(200);
    expect(
      contract('post', '/requests/{id}/override', 200, overridden.body),
    ).toEqual([]);
    expect(overridden.body.request.state).toBe('approved');
    const badKind = await request(server)
      .post(`/api/deployments/requests/${id}/override`)
      .set('Authorization', as('dave'))
      .send({ kind: 'everything', reason: 'x' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.message).toMatch(
      'kind: expected freeze (change windows and freezes) or posture',
    );
  });

  it('answers bad input with 400 and says what is wrong', async () => {
    const contract = await loadOpenApiContract();
    const { server } = await startBackend();
    const bad = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send({ ...body, version: { commitSha: 'main' }, reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid body: version.commitSha: expected a commit sha (7–40 hex digits); reason: a deploy needs a reason',
    );
    expect(contract('post', '/requests', 400, bad.body)).toEqual([]);
    const unknown = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send({ ...body, environment: 'qa' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      'unknown environment "qa"; configured: prod, staging',
    );
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send(body);
    const reject = await request(server)
      .post(`/api/deployments/requests/${created.body.request.id}/reject`)
      .set('Authorization', as('dave'))
      .send({ comment: ' ' });
    expect(reject.status).toBe(400);
    expect(reject.body.error.message).toMatch('a rejection needs a comment');
    const wait = await request(server)
      .get(
        `/api/deployments/requests/${created.body.request.id}/wait?timeoutSeconds=61`,
      )
      .set('Authorization', as('carol'));
    expect(wait.status).toBe(400);
    expect(wait.body.error.message).toMatch('expected 0–60');
    const missing = await request(server)
      .get('/api/deployments/requests/00000000-0000-0000-0000-000000000000')
      .set('Authorization', as('carol'));
    expect(missing.status).toBe(404);
    const state = await request(server)
      .get('/api/deployments/requests?state=done')
      .set('Authorization', as('carol'));
    expect(state.status).toBe(400);
  });

  it('rejects with a comment and refuses to cancel then', async () => {
    const { server } = await startBackend();
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send(body);
    const id = created.body.request.id;
    const rejected = await request(server)
      .post(`/api/deployments/requests/${id}/reject`)
      .set('Authorization', as('dave'))
      .send({ comment: 'not this week' });
    expect(rejected.body.request.state).toBe('rejected');
    const cancel = await request(server)
      .post(`/api/deployments/requests/${id}/cancel`)
      .set('Authorization', as('carol'))
      .send({});
    expect(cancel.status).toBe(409);
  });

  it('denies every change without the permission, and unauthenticated calls', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const { server, event } = await startBackend({ permissions });
    const denied = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', as('carol'))
      .send(body);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe(
      'Missing permission deployments.request',
    );
    expect(event.fail).toHaveBeenCalledTimes(1);
    const anonymous = await request(server)
      .get('/api/deployments/requests')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(anonymous.status).toBe(401);
  });

  it('expires requests in a global task, so one replica runs it', async () => {
    const scheduler = mockServices.scheduler.mock();
    await startBackend({ scheduler });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'deployments-expiry', scope: 'global' }),
    );
    const [{ fn }] = scheduler.scheduleTask.mock.calls[0];
    await expect((fn as () => Promise<void>)()).resolves.toBeUndefined();
  });

  it('refuses to start on bad policy config', async () => {
    await expect(
      startBackend({
        config: { environments: { prod: { approvals: { required: -1 } } } },
      }),
    ).rejects.toThrow(
      /deployments\.environments\.prod\.approvals\.required: expected 0 or more/,
    );
  });
});
