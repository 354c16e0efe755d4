import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import compliancePlugin from '@sparki/compliance-backend';
import deploymentsPlugin from '@sparki/deployments-backend';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

// Two plugins with their databases in one test backend, real git commits, on a loaded machine.
jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const approvers = 'group:default/release-approvers';
const platform = 'entity:system:default/sparki';
const controls =
  '/api/compliance/frameworks/production-hardening/controls/operations';

function user(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: approvers }],
  };
}

function service(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'platform-team', lifecycle: 'production' },
  };
}

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const pipeline = mockCredentials.service.header();

describe('the compliance deploy checks against the real deployments backend', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'compliance-deploys-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('passes approved prod deploys and an exercised rollback, fails an unreviewed deploy', async () => {
    const { server } = await startTestBackend({
      features: [
        deploymentsPlugin,
        compliancePlugin,
        // No scheduled runs: expiry, health watch and score snapshots are not under test.
        mockServices.scheduler.mock().factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({
          entities: [
            user('carol'),
            user('dave'),
            service('sparki-api'),
            service('payments'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            deployments: {
              environments: {
                // No posture backend here: the gate is unknown, so it needs an override.
                prod: {
                  approvals: { required: 1, allowedGroups: [approvers] },
                  postureGate: { minScore: 80, maxAgeHours: 24 },
                },
                // A prod region whose policy asks for no approval: not a reviewed change.
                'prod-eu': { approvals: { required: 0 } },
              },
              rollout: {
                targets: [
                  {
                    serviceRef: 'component:default/sparki-api',
                    environment: 'prod',
                    provider: 'gitops',
                    repository: path.join(dir, 'gitops.git'),
                    seedDirectory: path.join(repoRoot, 'examples/gitops'),
                    file: 'sparki-prod/sparki-api/services.yaml',
                    namespace: 'sparki-api',
                    service: 'sparki-api',
                  },
                ],
              },
            },
            compliance: {
              cacheSeconds: 0,
              attestationScopes: [
                { kind: 'entity', id: 'system:default/sparki' },
              ],
              deploy: { prodEnvironments: ['prod', 'prod-eu'] },
            },
          },
        }),
      ],
    });

    const result = async (control: string, checkId: string, scope: string) => {
      const response = await request(server)
        .get(`${controls}.${control}?scope=${encodeURIComponent(scope)}`)
        .set('Authorization', as('bob'));
      expect(response.status).toBe(200);
      return response.body.results.find((r: any) => r.check.id === checkId);
    };
    const approvedChanges = (scope: string) =>
      result('change-management', 'deploy:approved-changes', scope);
    const rollbackExercised = (scope: string) =>
      result('rollback-verified', 'deploy:rollback-exercised', scope);
    const ok = (response: request.Response) => {
      expect(response.status).toBeLessThan(300);
      return response.body;
    };
    const requestDeploy = async (
      serviceRef: string,
      environment: string,
      commitSha: string,
    ) =>
      ok(
        await request(server)
          .post('/api/deployments/requests')
          .set('Authorization', as('carol'))
          .send({
            serviceRef,
            environment,
            version: { commitSha },
            reason: `release ${commitSha}`,
          }),
      ).request.id as string;
    const post = async (id: string, action: string, who: string, body = {}) =>
      ok(
        await request(server)
          .post(`/api/deployments/requests/${id}/${action}`)
          .set('Authorization', who)
          .send(body),
      );
    const report = (id: string, type: string) =>
      post(id, 'events', pipeline, { type, id: `run-${id}` });

    // Nothing deployed yet (as in the demo, which seeds no deploy records): neither check
    // applies to the platform.
    for (const nothingYet of [
      await approvedChanges(platform),
      await rollbackExercised(platform),
    ]) {
      expect(nothingYet).toMatchObject({
        state: 'not-applicable',
        message: expect.stringMatching(/^no request to prod, prod-eu was/),
      });
    }

    // sparki-api: carol asks, dave approves and lifts the unknown posture gate, then promotes.
    const first = await requestDeploy(
      'component:default/sparki-api',
      'prod',
      'aaaaaaa',
    );
    await post(first, 'approve', as('dave'));
    await post(first, 'override', as('dave'), {
      kind: 'posture',
      reason: 'posture backend under maintenance',
    });
    await report(first, 'start-deploy');
    await report(first, 'preview-ready');
    await post(first, 'promote', as('dave'));
    await report(first, 'live');

    const api = 'entity:component:default/sparki-api';
    expect(await approvedChanges(api)).toMatchObject({
      state: 'pass',
      population: { applicable: 1, failing: 0 },
      message: expect.stringContaining(`${first} aaaaaaa to prod at `),
    });
    const evidence = (await approvedChanges(api)).message as string;
    expect(evidence).toContain('requested by user:default/carol');
    expect(evidence).toContain('by user:default/dave; policy sha256:');
    expect(evidence).toContain('override posture by user:default/dave at ');
    expect(await rollbackExercised(api)).toMatchObject({
      state: 'fail',
      message:
        'no rollback in 90 days: no prod deploy was rolled back after it took traffic',
    });

    // The next version is promoted, then rolled back to the first.
    const second = await requestDeploy(
      'component:default/sparki-api',
      'prod',
      'bbbbbbb',
    );
    await post(second, 'approve', as('dave'));
    await post(second, 'override', as('dave'), {
      kind: 'posture',
      reason: 'posture backend under maintenance',
    });
    await report(second, 'start-deploy');
    await report(second, 'preview-ready');
    await post(second, 'promote', as('dave'));
    await post(second, 'rollback', as('carol'), { reason: 'error rate up' });
    expect(await rollbackExercised(api)).toMatchObject({
      state: 'pass',
      message: expect.stringMatching(
        new RegExp(
          `^1 prod rollbacks in the last 90 days: ${second} bbbbbbb in prod rolled back at \\S+ by user:default/carol: error rate up`,
        ),
      ),
    });
    expect(await approvedChanges(api)).toMatchObject({
      state: 'pass',
      population: { applicable: 2, failing: 0 },
    });

    // payments in prod-eu: approved on submit, nobody reviewed it.
    const unreviewed = await requestDeploy(
      'component:default/payments',
      'prod-eu',
      'ccccccc',
    );
    await report(unreviewed, 'start-deploy');
    await report(unreviewed, 'live');
    const payments = 'entity:component:default/payments';
    expect(await approvedChanges(payments)).toMatchObject({
      state: 'fail',
      population: { applicable: 1, failing: 1 },
      message: `1 of 1 prod deploys in the last 30 days did not come through a request approved by another person: ${unreviewed} (approved on submit with no approval by another person (the prod-eu policy asked for none))`,
    });
    expect(await approvedChanges(platform)).toMatchObject({
      state: 'fail',
      population: { applicable: 2, failing: 1 },
    });
    expect(await rollbackExercised(platform)).toMatchObject({
      state: 'fail',
      message: '1 of 2 fail: component:default/payments',
    });

    // The offending request is the check's object, for the evidence pack too.
    const resources = await request(server)
      .get(
        `${controls}.change-management/resources?checkId=deploy:approved-changes&scope=${encodeURIComponent(
          platform,
        )}`,
      )
      .set('Authorization', as('bob'));
    expect(resources.status).toBe(200);
    expect(resources.body).toMatchObject({
      supported: true,
      items: [
        {
          kind: 'DeploymentRequest',
          name: unreviewed,
          state: 'fail',
          ref: { source: 'deploy', id: unreviewed },
          evidence: {
            serviceRef: 'component:default/payments',
            environment: 'prod-eu',
            requester: { kind: 'user', userRef: 'user:default/carol' },
            approvals: [],
          },
        },
      ],
    });
    expect(resources.body.items).toHaveLength(1);

    const overview = await request(server)
      .get('/api/compliance/overview')
      .set('Authorization', as('bob'));
    expect(
      overview.body.problems.filter((p: any) => p.source === 'deploy'),
    ).toEqual([]);
  });
});
