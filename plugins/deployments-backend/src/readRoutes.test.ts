import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { loadOpenApiContract } from './__testUtils__/openApiContract';
import { deploymentsPlugin } from './plugin';
import {
  approverUser,
  asUser,
  releaseApprovers,
} from './__testUtils__/catalogEntities';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const entities: Entity[] = [
  approverUser('dave'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
    relations: [
      { type: 'dependsOn', targetRef: 'resource:default/payments-db-dev' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-db-dev', namespace: 'default' },
    spec: { type: 'database', owner: 'payments-team' },
    relations: [
      { type: 'dependsOn', targetRef: 'resource:default/sparki-dev' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'sparki-dev',
      namespace: 'default',
      annotations: { 'sparki.io/tier': 'dev' },
    },
    spec: { type: 'environment', owner: 'platform-team' },
  },
];

async function startBackend() {
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
              staging: {
                approvals: { required: 1, allowedGroups: [releaseApprovers] },
              },
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  return server;
}

describe('read routes', () => {
  it('serves what runs where and the history, as openapi.yaml says', async () => {
    const contract = await loadOpenApiContract();
    const server = await startBackend();
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', asUser('carol'))
      .send({
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'abc1234' },
        reason: 'release',
      });
    expect(created.status).toBe(201);
    const id = created.body.request.id;

    const environments = await request(server)
      .get('/api/deployments/services/default/Component/payments/environments')
      .set('Authorization', asUser('dave'));
    expect(environments.status).toBe(200);
    expect(
      contract(
        'get',
        '/services/{namespace}/{kind}/{name}/environments',
        200,
        environments.body,
      ),
    ).toEqual([]);
    expect(
      environments.body.environments.map((e: any) => [
        e.name,
        e.pending.map((p: any) => p.id),
      ]),
    ).toEqual([
      ['dev', []],
      ['staging', []],
      ['prod', [id]],
    ]);

    const second = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', asUser('carol'))
      .send({
        serviceRef: 'component:default/payments',
        environment: 'staging',
        version: { commitSha: 'def5678' },
        reason: 'next',
      });
    const firstPage = await request(server)
      .get('/api/deployments/requests?limit=1')
      .set('Authorization', asUser('dave'));
    expect(contract('get', '/requests', 200, firstPage.body)).toEqual([]);
    expect(firstPage.body.items).toHaveLength(1);
    const nextPage = await request(server)
      .get(
        `/api/deployments/requests?limit=1&after=${encodeURIComponent(
          firstPage.body.nextAfter,
        )}`,
      )
      .set('Authorization', asUser('dave'));
    // Newest first; two requests in the same millisecond are ordered by id.
    expect(
      [...firstPage.body.items, ...nextPage.body.items]
        .map((r: any) => r.id)
        .sort(),
    ).toEqual([id, second.body.request.id].sort());
    expect(nextPage.body.nextAfter).toBeUndefined();

    const history = await request(server)
      .get(
        '/api/deployments/history?serviceRef=component:default/payments&environment=prod&limit=10',
      )
      .set('Authorization', asUser('dave'));
    expect(history.status).toBe(200);
    expect(contract('get', '/history', 200, history.body)).toEqual([]);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        requestId: id,
        event: 'submit',
        by: { kind: 'user', userRef: 'user:default/carol' },
        from: 'requested',
        to: 'awaiting-approval',
      }),
    ]);
  });

  it('answers bad input with 400, an unknown service with 404, no token with 401', async () => {
    const contract = await loadOpenApiContract();
    const server = await startBackend();
    const badLimit = await request(server)
      .get('/api/deployments/history?limit=0&before=abc')
      .set('Authorization', asUser('dave'));
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toBe(
      'Invalid query: limit: expected 1–200; before: expected the nextBefore of a previous page',
    );
    expect(contract('get', '/history', 400, badLimit.body)).toEqual([]);
    const badCursor = await request(server)
      .get('/api/deployments/requests?after=yesterday')
      .set('Authorization', asUser('dave'));
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toBe(
      'Invalid query: after: expected the nextAfter of a previous page',
    );
    const badRef = await request(server)
      .get('/api/deployments/history?serviceRef=payments')
      .set('Authorization', asUser('dave'));
    expect(badRef.status).toBe(400);

    const unknown = await request(server)
      .get('/api/deployments/services/default/component/nope/environments')
      .set('Authorization', asUser('dave'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'no catalog entity component:default/nope',
    );
    const badName = await request(server)
      .get('/api/deployments/services/default/component/no%20pe/environments')
      .set('Authorization', asUser('dave'));
    expect(badName.status).toBe(400);

    const anonymous = await request(server)
      .get('/api/deployments/history')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(anonymous.status).toBe(401);
  });

  it('lists the requests decided on since a time, for a service token too', async () => {
    const contract = await loadOpenApiContract();
    const server = await startBackend();
    const before = new Date(Date.now() - 60_000).toISOString();
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', asUser('dave'))
      .send({
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'abc1234' },
        reason: 'release',
      });
    expect(created.status).toBe(201);
    const since = (time: string) =>
      request(server)
        .get(
          `/api/deployments/requests?environment=prod&updatedSince=${encodeURIComponent(
            time,
          )}`,
        )
        .set('Authorization', mockCredentials.service.header());

    const recent = await since(before);
    expect(recent.status).toBe(200);
    expect(contract('get', '/requests', 200, recent.body)).toEqual([]);
    expect(recent.body.items.map((r: any) => r.id)).toEqual([
      created.body.request.id,
    ]);
    // Any offset is read as the same instant.
    const inAnHour = new Date(Date.now() + 3_600_000);
    const later = await since(
      inAnHour.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    );
    expect(later.body.items).toEqual([]);

    const bad = await since('last week');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid query: updatedSince: expected an ISO 8601 time such as 2026-11-01T00:00:00Z',
    );
    expect(contract('get', '/requests', 400, bad.body)).toEqual([]);
  });
});
