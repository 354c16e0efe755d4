import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

const seedDirectory = path.resolve(__dirname, '../../../../examples/gitops');
const file = 'sparki-prod/sparki-api/services.yaml';

const entities: Entity[] = [
  approverUser('carol'),
  approverUser('dave'),
  serviceEntity('sparki-api'),
];
describe('deploy progress, promote and rollback routes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollout-routes-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  async function startBackend(
    permissions?: ReturnType<typeof mockServices.permissions.mock>,
  ) {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const gitDir = path.join(dir, 'gitops.git');
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
                targets: [
                  {
                    serviceRef: 'component:default/sparki-api',
                    environment: 'prod',
                    provider: 'gitops',
                    repository: gitDir,
                    seedDirectory,
                    file,
                    namespace: 'sparki-api',
                    service: 'sparki-api',
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
    return { server, auditor, event, gitDir };
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

  it('reports progress, promotes with a commit, and rolls back with a reason', async () => {
    const contract = await loadOpenApiContract();
    const { server, auditor, gitDir } = await startBackend();
    const id = await previewReady(server);

    const replay = await request(server)
      .post(`/api/deployments/requests/${id}/events`)
      .set('Authorization', asPipeline())
      .send({ type: 'preview-ready', id: 'run-42' });
    expect(replay.status).toBe(200);
    expect(replay.body.request.state).toBe('preview-ready');
    expect(contract('post', '/requests/{id}/events', 200, replay.body)).toEqual(
      [],
    );
    const bad = await request(server)
      .post(`/api/deployments/requests/${id}/events`)
      .set('Authorization', asPipeline())
      .send({ type: 'promote' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/type: expected start-deploy/);

    const promoted = await request(server)
      .post(`/api/deployments/requests/${id}/promote`)
      .set('Authorization', asUser('dave'))
      .send({ comment: 'go' });
    expect(promoted.status).toBe(200);
    expect(
      contract('post', '/requests/{id}/promote', 200, promoted.body),
    ).toEqual([]);
    expect(promoted.body.request.state).toBe('promoted');
    expect(promoted.body.rollout).toMatchObject({
      from: 'blue',
      to: 'green',
      providerRef: { provider: 'gitops' },
    });
    const headAuthor = execFileSync(
      'git',
      [`--git-dir=${gitDir}`, 'log', '-1', '--format=%an', 'main'],
      { encoding: 'utf8' },
    ).trim();
    expect(headAuthor).toBe('dave');

    // What runs where now shows the switch.
    const where = await request(server)
      .get(
        '/api/deployments/services/default/component/sparki-api/environments',
      )
      .set('Authorization', asUser('carol'));
    expect(where.status).toBe(200);
    expect(
      where.body.environments.find((e: any) => e.name === 'prod').rollout,
    ).toEqual({ kind: 'gitops', activeColor: 'green', previewColor: 'blue' });
    expect(
      contract(
        'get',
        '/services/{namespace}/{kind}/{name}/environments',
        200,
        where.body,
      ),
    ).toEqual([]);

    const noReason = await request(server)
      .post(`/api/deployments/requests/${id}/rollback`)
      .set('Authorization', asUser('dave'))
      .send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason/);
    expect(
      contract('post', '/requests/{id}/rollback', 400, noReason.body),
    ).toEqual([]);

    const rolledBack = await request(server)
      .post(`/api/deployments/requests/${id}/rollback`)
      .set('Authorization', asUser('carol'))
      .send({ reason: 'error rate up' });
    expect(rolledBack.status).toBe(200);
    expect(
      contract('post', '/requests/{id}/rollback', 200, rolledBack.body),
    ).toEqual([]);
    expect(rolledBack.body.request.state).toBe('rolled-back');
    expect(rolledBack.body.rollout).toMatchObject({
      from: 'green',
      to: 'blue',
    });

    const again = await request(server)
      .post(`/api/deployments/requests/${id}/promote`)
      .set('Authorization', asUser('dave'))
      .send({});
    expect(again.status).toBe(200);
    expect(again.body.rollout).toBeNull();

    expect(auditor.createEvent.mock.calls.map(([e]) => e.eventId)).toEqual([
      'deployment-request',
      'deployment-approve',
      'deployment-event',
      'deployment-event',
      'deployment-event',
      'deployment-event',
      'deployment-promote',
      'deployment-rollback',
      'deployment-rollback',
      'deployment-promote',
    ]);
  });

  it('refuses promote without deployments.promote, and a promote the state forbids', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          r.permission.name === 'deployments.promote'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    );
    const { server, event, gitDir } = await startBackend(permissions);
    const id = await previewReady(server);
    const denied = await request(server)
      .post(`/api/deployments/requests/${id}/promote`)
      .set('Authorization', asUser('dave'))
      .send({});
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/deployments.promote/);
    expect(event.fail).toHaveBeenCalled();
    // Seeded at startup, never switched.
    expect(
      execFileSync(
        'git',
        [`--git-dir=${gitDir}`, 'rev-list', '--count', 'main'],
        {
          encoding: 'utf8',
        },
      ).trim(),
    ).toBe('1');

    await request(server)
      .post(`/api/deployments/requests/${id}/events`)
      .set('Authorization', asPipeline())
      .send({ type: 'fail', comment: 'smoke tests failed' });
    const rollback = await request(server)
      .post(`/api/deployments/requests/${id}/rollback`)
      .set('Authorization', asUser('dave'))
      .send({ reason: 'abandon the failed deploy' });
    expect(rollback.status).toBe(200);
    expect(rollback.body.rollout).toBeNull();
    const late = await request(server)
      .post(`/api/deployments/requests/${id}/events`)
      .set('Authorization', asPipeline())
      .send({ type: 'live' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(
      /cannot live a request that is rolled-back/,
    );
  });
});
