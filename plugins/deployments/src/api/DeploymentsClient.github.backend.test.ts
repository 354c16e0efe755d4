/**
 * @jest-environment node
 */
// The GitHub panel's calls through the real deployments backend to a local server speaking
// GitHub's REST paths for environments with required reviewers: the client's paths, the token
// header and the backend's refusals must agree with what the panel shows.
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// A test only (a devDependency): the backend the client is checked against, never shipped.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import deploymentsPlugin from '@sparki/deployments-backend';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { clientAs as clientOf, refusal } from '../__testUtils__/backendClient';

// A backend per suite, on a loaded machine: an explicit limit.
jest.setTimeout(120_000);

const serviceRef = 'component:default/sparki-api';
const tokens = {
  carol: 'gho_carolcarolcarolcarol01',
  dave: 'gho_davedavedavedavedave01',
};
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'sparki-api', namespace: 'default' },
    spec: { type: 'service', owner: 'platform-team', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
  },
];

interface Review {
  runId: number;
  authorization?: string;
  body: { environment_ids: number[]; state: string; comment: string };
}

/**
 * GitHub for sparki/sparki-api: runs 42 and 43 wait on `production`, which only dave's token
 * may review. Run 43 is decided elsewhere at the moment dave reviews it: its review answers
 * 422 and it then waits on nothing.
 */
class FakeGitHub {
  readonly reviews: Review[] = [];
  private readonly waiting = new Set([42, 43]);
  private server?: Server;

  private pending(runId: number, authorization?: string) {
    if (!this.waiting.has(runId)) return [];
    return [
      {
        environment: { id: 7, name: 'production' },
        wait_timer: 0,
        current_user_can_approve: authorization === `token ${tokens.dave}`,
        reviewers: [{ type: 'Team', reviewer: { slug: 'release-approvers' } }],
      },
    ];
  }

  private answer(request: IncomingMessage, body: string) {
    const path = (request.url ?? '').split('?')[0];
    const auth = request.headers.authorization;
    if (
      request.method === 'GET' &&
      path === '/repos/sparki/sparki-api/actions/runs'
    ) {
      return {
        status: 200,
        body: {
          total_count: this.waiting.size,
          workflow_runs: [...this.waiting].map(id => ({
            id,
            name: 'deploy',
            html_url: `https://github.example/sparki/sparki-api/actions/runs/${id}`,
            head_sha: 'abc1234def',
            head_branch: 'main',
            actor: { login: 'carol-gh' },
            created_at: '2026-12-03T09:00:00Z',
          })),
        },
      };
    }
    const run = path.match(
      /^\/repos\/sparki\/sparki-api\/actions\/runs\/(\d+)\/pending_deployments$/,
    );
    if (run && request.method === 'GET') {
      return { status: 200, body: this.pending(Number(run[1]), auth) };
    }
    if (run && request.method === 'POST') {
      const runId = Number(run[1]);
      this.reviews.push({ runId, authorization: auth, body: JSON.parse(body) });
      if (runId === 43) {
        this.waiting.delete(43);
        return { status: 422, body: { message: 'Unprocessable Entity' } };
      }
      this.waiting.delete(runId);
      return { status: 200, body: [] };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', chunk => chunks.push(chunk));
      request.on('end', () => {
        const { status, body } = this.answer(
          request,
          Buffer.concat(chunks).toString('utf8'),
        );
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }
}

const github = new FakeGitHub();
let backend: TestBackend;
let baseUrl: string;

beforeAll(async () => {
  const githubUrl = await github.start();
  backend = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({
        data: {
          deployments: {
            environments: {
              prod: {
                approvals: {
                  required: 1,
                  allowedGroups: ['group:default/release-approvers'],
                },
              },
            },
            github: {
              baseUrl: githubUrl,
              repositories: [
                { serviceRef, owner: 'sparki', repo: 'sparki-api' },
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
  await github.stop();
});

const clientAs = (name: string) => clientOf(baseUrl, name);

describe('DeploymentsClient against the deployments backend: GitHub environments', () => {
  it('lists the waiting runs with what each approver may do, and approves with the approver’s own token', async () => {
    const carol = clientAs('carol');
    const dave = clientAs('dave');

    const forCarol = await carol.listGitHubRuns(serviceRef, tokens.carol);
    expect(forCarol.owner).toBe('sparki');
    expect(forCarol.runs.map(r => [r.id, r.canReview])).toEqual([
      [42, false],
      [43, false],
    ]);
    expect(forCarol.runs[0]).toMatchObject({
      name: 'deploy',
      headSha: 'abc1234def',
      headBranch: 'main',
      actor: 'carol-gh',
      environments: [
        {
          id: 7,
          name: 'production',
          currentUserCanApprove: false,
          reviewers: ['release-approvers'],
        },
      ],
    });
    const review = {
      owner: 'sparki',
      repo: 'sparki-api',
      runId: 42,
      state: 'approved' as const,
      comment: 'release notes reviewed',
    };
    expect(await refusal(carol.reviewGitHubRun(review, tokens.carol))).toEqual({
      status: 403,
      message:
        'GitHub does not let you review production of run 42 of sparki/sparki-api',
    });
    expect(github.reviews).toEqual([]);

    const forDave = await dave.listGitHubRuns(serviceRef, tokens.dave);
    expect(forDave.runs.map(r => [r.id, r.canReview])).toEqual([
      [42, true],
      [43, true],
    ]);
    expect(await dave.reviewGitHubRun(review, tokens.dave)).toEqual({
      outcome: 'approved',
      owner: 'sparki',
      repo: 'sparki-api',
      runId: 42,
      environments: ['production'],
    });
    expect(github.reviews).toEqual([
      {
        runId: 42,
        authorization: `token ${tokens.dave}`,
        body: {
          environment_ids: [7],
          state: 'approved',
          comment: 'release notes reviewed',
        },
      },
    ]);

    // Decided meanwhile: nothing left to review, and the panel is told so.
    expect(await refusal(dave.reviewGitHubRun(review, tokens.dave))).toEqual({
      status: 409,
      message: 'run 42 of sparki/sparki-api waits on no environment',
    });
    // GitHub's 422 is read again, never retried.
    expect(
      await refusal(
        dave.reviewGitHubRun(
          { ...review, runId: 43, state: 'rejected', comment: 'not today' },
          tokens.dave,
        ),
      ),
    ).toEqual({
      status: 409,
      message:
        'GitHub refused the review of run 43 of sparki/sparki-api (not eligible or already decided); it now waits on no environment',
    });
    expect(github.reviews.filter(r => r.runId === 43)).toHaveLength(1);
  });

  it('refuses without a GitHub token, and for a service no repository is configured for', async () => {
    const dave = clientAs('dave');
    expect(await refusal(dave.listGitHubRuns(serviceRef, ''))).toEqual({
      status: 400,
      message:
        'expected your GitHub token in the X-GitHub-Token header (sign in with GitHub)',
    });
    expect(
      await refusal(
        dave.listGitHubRuns('component:default/payments', tokens.dave),
      ),
    ).toEqual({
      status: 404,
      message:
        'no repository configured for component:default/payments under deployments.github.repositories',
    });
  });
});
