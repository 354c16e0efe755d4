/**
 * @jest-environment node
 */
// Node, not jsdom: a real deployments backend runs in this test, and the client talks to it over
// HTTP, so the client's paths and bodies and the backend's answers (errors too) must agree.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// A test only (a devDependency): the backend the client is checked against, never shipped.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import deploymentsPlugin from '@sparki/deployments-backend';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clientAs as clientOf, refusal } from '../__testUtils__/backendClient';

// A backend and a git repository per suite, on a loaded machine: explicit limits, not jest's 5 s.
jest.setTimeout(120_000);

const approvers = 'group:default/release-approvers';
const serviceRef = 'component:default/sparki-api';
const entities: Entity[] = [
  ...['carol', 'dave'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: approvers }],
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'sparki-api', namespace: 'default' },
    spec: { type: 'service', owner: 'platform-team', lifecycle: 'production' },
  },
];

let backend: TestBackend;
let baseUrl: string;
let dir: string;
let gitDir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deployments-client-'));
  gitDir = join(dir, 'gitops.git');
  backend = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({
        data: {
          deployments: {
            environments: {
              staging: {
                approvals: { required: 1, allowedGroups: [approvers] },
              },
            },
            // A real switch: commits to a local manifests repository, seeded from the demo's.
            rollout: {
              targets: [
                {
                  serviceRef,
                  environment: 'staging',
                  provider: 'gitops',
                  repository: gitDir,
                  seedDirectory: resolve(
                    __dirname,
                    '../../../../examples/gitops',
                  ),
                  file: 'sparki-prod/sparki-api/services.yaml',
                  namespace: 'sparki-api',
                  service: 'sparki-api',
                },
              ],
            },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  baseUrl = `http://127.0.0.1:${backend.server.port()}/api/deployments`;
});

afterAll(async () => {
  await backend?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const clientAs = (name: string) => clientOf(baseUrl, name);

/** Deploy progress as the pipeline reports it (sparki-gate or CI; not the portal's client). */
async function report(id: string, type: 'start-deploy' | 'preview-ready') {
  const response = await fetch(`${baseUrl}/requests/${id}/events`, {
    method: 'POST',
    headers: {
      Authorization: mockCredentials.service.header(),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ type, id: 'run-7' }),
  });
  expect(response.status).toBe(200);
}

const newRequest = {
  serviceRef,
  environment: 'staging',
  version: { commitSha: 'abc1234', tag: 'v1.5.0' },
  reason: 'release 1.5',
};

describe('DeploymentsClient against the deployments backend', () => {
  it('requests, refuses a self-approval, approves, and follows the deploy to a rollback', async () => {
    const carol = clientAs('carol');
    const dave = clientAs('dave');

    const created = await carol.createRequest(newRequest);
    const id = created.request.id;
    expect(created.request).toMatchObject({
      state: 'awaiting-approval',
      requester: { kind: 'user', userRef: 'user:default/carol' },
    });
    expect(created.evaluation.canApprove).toMatchObject({
      allowed: false,
      refusal: 'requester',
    });
    expect(created.rolloutActions).toEqual([]);

    // The inbox: waiting for dave, not for carol, who requested it.
    expect(
      (await dave.listRequests({ waitingForMe: true })).items.map(r => r.id),
    ).toEqual([id]);
    expect((await carol.listRequests({ waitingForMe: true })).items).toEqual(
      [],
    );
    expect(await refusal(carol.approveRequest(id, 'mine'))).toEqual({
      status: 403,
      message: 'carol requested it, so carol cannot approve',
    });

    const approved = await dave.approveRequest(id, 'ship it');
    expect(approved.request.state).toBe('approved');
    expect(approved.request.approvals.map(a => a.userRef)).toEqual([
      'user:default/dave',
    ]);
    expect(approved.evaluation.satisfied).toBe(true);

    // Too early to promote: the backend's 409 is what the dialog shows.
    expect(await refusal(dave.promoteRequest(id, undefined))).toEqual({
      status: 409,
      message:
        'cannot promote a request that is approved: only a preview-ready deploy is promoted',
    });

    await report(id, 'start-deploy');
    expect((await dave.getRequest(id)).request.state).toBe('deploying');
    await report(id, 'preview-ready');
    const preview = await dave.getRequest(id);
    expect(preview.request.state).toBe('preview-ready');
    expect(preview.rolloutActions).toEqual(['promote', 'rollback']);

    const promoted = await dave.promoteRequest(id, 'looks good');
    expect(promoted.request.state).toBe('promoted');
    expect(
      execFileSync(
        'git',
        [`--git-dir=${gitDir}`, 'log', '-1', '--format=%an'],
        {
          encoding: 'utf8',
        },
      ).trim(),
    ).toBe('dave');

    const environments = await dave.getServiceEnvironments({
      namespace: 'default',
      kind: 'component',
      name: 'sparki-api',
    });
    expect(
      environments.environments.find(e => e.name === 'staging')?.pending,
    ).toEqual([expect.objectContaining({ id, state: 'promoted' })]);

    expect(await refusal(dave.rollbackRequest(id, ' '))).toEqual({
      status: 400,
      message: 'Invalid body: reason: a rollback needs a reason',
    });
    const rolledBack = await dave.rollbackRequest(id, 'error rate up');
    expect(rolledBack.request.state).toBe('rolled-back');

    const history = await dave.getHistory({ serviceRef });
    expect(history.items.map(item => `${item.event} → ${item.to}`)).toEqual([
      'rollback → rolled-back',
      'promote → promoted',
      'preview-ready → preview-ready',
      'start-deploy → deploying',
      'approve → approved',
      'submit → awaiting-approval',
    ]);
  });

  it('answers the errors the dialogs show: a rejection without comment, a cancelled request', async () => {
    const carol = clientAs('carol');
    const dave = clientAs('dave');
    const { request } = await carol.createRequest({
      ...newRequest,
      version: { commitSha: 'def5678' },
    });
    expect(await refusal(dave.rejectRequest(request.id, ''))).toEqual({
      status: 400,
      message: 'Invalid body: comment: a rejection needs a comment',
    });
    expect(
      (await carol.cancelRequest(request.id, 'wrong commit')).request.state,
    ).toBe('cancelled');
    expect(await refusal(dave.approveRequest(request.id, undefined))).toEqual({
      status: 403,
      message: expect.stringMatching(/cancelled/),
    });
    expect(
      await refusal(carol.createRequest({ ...newRequest, environment: 'qa' })),
    ).toEqual({
      status: 400,
      message: 'unknown environment "qa"; configured: staging',
    });
    expect(
      await refusal(dave.getRequest('00000000-0000-4000-8000-000000000000')),
    ).toEqual({
      status: 404,
      message: 'no deployment request 00000000-0000-4000-8000-000000000000',
    });
  });
});
