import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { errorResponses } from '../__testUtils__/errorResponses';
import { FakeGitHub } from '../__testUtils__/fakeGitHub';
import { loadOpenApiContract } from '../__testUtils__/openApiContract';
import { readGitHubConfig } from './config';
import { EnvironmentsGate } from './EnvironmentsGate';
import { createGitHubRunsRouter } from './runsRouter';

const TOKEN = 'gho_approvers_own_token_0001';
const runsPath = '/repos/acme/payments/actions/runs';
const pendingPath = `${runsPath}/42/pending_deployments`;

function pending(canApprove: boolean) {
  return [
    {
      environment: { id: 11, name: 'prod' },
      wait_timer: 0,
      wait_timer_started_at: null,
      current_user_can_approve: canApprove,
      reviewers: [
        { type: 'Team', reviewer: { slug: 'release-approvers' } },
        { type: 'User', reviewer: { login: 'dave' } },
      ],
    },
    {
      environment: { id: 12, name: 'prod-eu' },
      wait_timer: 5,
      wait_timer_started_at: null,
      current_user_can_approve: canApprove,
      reviewers: [],
    },
  ];
}

async function setup(options: { allow?: boolean } = {}) {
  const github = new FakeGitHub();
  const baseUrl = await github.start();
  github
    .on(`GET ${runsPath}`, {
      status: 200,
      body: {
        total_count: 1,
        workflow_runs: [
          {
            id: 42,
            name: 'deploy',
            html_url: 'https://github.com/acme/payments/actions/runs/42',
            head_sha: 'c0ffee0000000000000000000000000000000003',
            head_branch: 'main',
            actor: { login: 'carol-gh' },
            created_at: '2026-12-02T09:00:00Z',
          },
        ],
      },
    })
    .on(`GET ${pendingPath}`, { status: 200, body: pending(true) })
    .on(`POST ${pendingPath}`, { status: 200, body: [] });
  const config = readGitHubConfig({
    baseUrl,
    repositories: [
      {
        serviceRef: 'component:default/payments',
        owner: 'acme',
        repo: 'payments',
      },
    ],
  })!;
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const permissions = mockServices.permissions.mock({
    authorize: async () => [
      {
        result:
          options.allow === false
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      },
    ],
  });
  const app = express();
  app.use(
    createGitHubRunsRouter({
      gate: new EnvironmentsGate(config),
      httpAuth: mockServices.httpAuth(),
      permissions,
      auditor,
    }),
  );
  app.use(errorResponses());
  return { github, app, auditor, event, permissions };
}

const dave = mockCredentials.user.header('user:default/dave');

describe('GitHub environments with required reviewers', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  afterEach(() => ctx.github.stop());

  it('lists waiting runs with what the approver may review, using their token', async () => {
    ctx = await setup();
    const contract = await loadOpenApiContract();
    const response = await request(ctx.app)
      .get('/github/runs?serviceRef=component:default/payments')
      .set('Authorization', dave)
      .set('X-GitHub-Token', TOKEN);
    expect(response.status).toBe(200);
    expect(contract('get', '/github/runs', 200, response.body)).toEqual([]);
    expect(response.body.runs).toEqual([
      expect.objectContaining({
        id: 42,
        canReview: true,
        environments: [
          expect.objectContaining({
            id: 11,
            name: 'prod',
            reviewers: ['release-approvers', 'dave'],
          }),
          expect.objectContaining({ id: 12, waitTimerMinutes: 5 }),
        ],
      }),
    ]);
    const [list] = ctx.github.calls(`GET ${runsPath}`);
    expect(list.headers.authorization).toBe(`token ${TOKEN}`);
    expect(ctx.github.requests.map(r => r.path)).toEqual([
      runsPath,
      pendingPath,
    ]);
  });

  it('approves every waiting environment of the run at once, audited', async () => {
    ctx = await setup();
    const contract = await loadOpenApiContract();
    const response = await request(ctx.app)
      .post('/github/runs/acme/payments/42/review')
      .set('Authorization', dave)
      .set('X-GitHub-Token', TOKEN)
      .send({ state: 'approved', comment: 'looks good' });
    expect(response.status).toBe(200);
    expect(
      contract(
        'post',
        '/github/runs/{owner}/{repo}/{runId}/review',
        200,
        response.body,
      ),
    ).toEqual([]);
    const [review] = ctx.github.calls(`POST ${pendingPath}`);
    expect(review.headers.authorization).toBe(`token ${TOKEN}`);
    expect(review.body).toEqual({
      environment_ids: [11, 12],
      state: 'approved',
      comment: 'looks good',
    });
    expect(ctx.permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'deployments.approve' }),
          resourceRef: 'github-run:acme/payments/42',
        },
      ],
      expect.anything(),
    );
    expect(ctx.event.success).toHaveBeenCalled();
    // The token is never part of the audit record.
    expect(
      JSON.stringify(ctx.auditor.createEvent.mock.calls[0][0].meta),
    ).not.toContain(TOKEN);
  });

  it('reads again on 422 and reports it, without retrying', async () => {
    ctx = await setup();
    ctx.github.on(`POST ${pendingPath}`, {
      status: 422,
      body: { message: 'Unprocessable Entity' },
    });
    const response = await request(ctx.app)
      .post('/github/runs/acme/payments/42/review')
      .set('Authorization', dave)
      .set('X-GitHub-Token', TOKEN)
      .send({ state: 'rejected', comment: 'not now' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(
      /not eligible or already decided.*now waits on prod, prod-eu/,
    );
    expect(ctx.github.calls(`POST ${pendingPath}`)).toHaveLength(1);
    expect(ctx.github.calls(`GET ${pendingPath}`)).toHaveLength(2);
    expect(ctx.event.fail).toHaveBeenCalled();
  });

  it('refuses before GitHub when GitHub says the approver may not review', async () => {
    ctx = await setup();
    ctx.github.on(`GET ${pendingPath}`, { status: 200, body: pending(false) });
    const response = await request(ctx.app)
      .post('/github/runs/acme/payments/42/review')
      .set('Authorization', dave)
      .set('X-GitHub-Token', TOKEN)
      .send({ state: 'approved' });
    expect(response.status).toBe(403);
    expect(ctx.github.calls(`POST ${pendingPath}`)).toEqual([]);
  });

  it('refuses without the permission, a token, a configured repository or a reject comment', async () => {
    ctx = await setup({ allow: false });
    const review = (path: string, body: object, token = TOKEN) =>
      request(ctx.app)
        .post(path)
        .set('Authorization', dave)
        .set('X-GitHub-Token', token)
        .send(body);
    expect(
      (
        await review('/github/runs/acme/payments/42/review', {
          state: 'approved',
        })
      ).status,
    ).toBe(403);
    await ctx.github.stop();
    ctx = await setup();
    expect(
      (
        await review('/github/runs/acme/payments/42/review', {
          state: 'rejected',
        })
      ).body.error.message,
    ).toMatch(/a rejection needs a comment/);
    expect(
      (await review('/github/runs/acme/other/42/review', { state: 'approved' }))
        .status,
    ).toBe(404);
    expect(
      (
        await review(
          '/github/runs/acme/payments/42/review',
          { state: 'approved' },
          'x',
        )
      ).status,
    ).toBe(400);
    const unknownService = await request(ctx.app)
      .get('/github/runs?serviceRef=component:default/unknown')
      .set('Authorization', dave)
      .set('X-GitHub-Token', TOKEN);
    expect(unknownService.status).toBe(404);
    expect(ctx.github.requests).toEqual([]);
  });

  it('passes GitHub refusing the token on as 403', async () => {
    ctx = await setup();
    ctx.github.on(`GET ${runsPath}`, {
      status: 401,
      body: { message: 'Bad credentials' },
    });
    const response = await request(ctx.app)
      .get('/github/runs?serviceRef=component:default/payments')
      .set('Authorization', dave)
      .set('X-GitHub-Token', TOKEN);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/refused the GitHub token/);
  });
});
