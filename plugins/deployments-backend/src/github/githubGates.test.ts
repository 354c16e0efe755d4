import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { sign } from '@octokit/webhooks-methods';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { FakeGitHub } from '../__testUtils__/fakeGitHub';
import { loadOpenApiContract } from '../__testUtils__/openApiContract';
import { deploymentsPlugin } from '../plugin';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const SECRET = 'a-webhook-secret-of-some-length';
const SHA = 'c0ffee0000000000000000000000000000000002';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const environments = {
  prod: {
    approvals: {
      required: 1,
      allowedGroups: ['group:default/release-approvers'],
    },
  },
};

async function startBackend(github?: object) {
  const { server } = await startTestBackend({
    features: [
      deploymentsPlugin,
      mockServices.rootConfig.factory({
        data: { deployments: { environments, ...(github ? { github } : {}) } },
      }),
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: {
              name: 'carol',
              namespace: 'default',
              annotations: { 'github.com/user-login': 'carol-gh' },
            },
            spec: {},
          },
        ],
      }),
    ],
  });
  return server;
}

describe('the GitHub gates in the backend', () => {
  const github = new FakeGitHub();
  beforeAll(async () => {
    await github.start();
    github
      .on('POST /app/installations/99/access_tokens', {
        status: 201,
        body: { token: 'ghs_t', expires_at: '2099-01-01T00:00:00Z' },
      })
      .on(`GET /repos/acme/payments/commits/${SHA}`, {
        status: 200,
        body: { sha: SHA, author: { login: 'carol-gh' } },
      });
  });
  afterAll(() => github.stop());

  it('is open to GitHub without a Backstage token, and checks the signature', async () => {
    const contract = await loadOpenApiContract();
    const server = await startBackend({
      baseUrl: github.baseUrl,
      repositories: [
        {
          serviceRef: 'component:default/payments',
          owner: 'acme',
          repo: 'payments',
        },
      ],
      protectionRule: { webhookSecret: SECRET, appId: 1, privateKey },
    });
    const payload = JSON.stringify({
      action: 'requested',
      environment: 'prod',
      deployment_callback_url: `${github.baseUrl}/repos/acme/payments/actions/runs/1/deployment_protection_rule`,
      deployment: { id: 5, sha: SHA, ref: 'main' },
      repository: { name: 'payments', owner: { login: 'acme' } },
      installation: { id: 99 },
    });
    const post = () =>
      request(server)
        .post('/api/deployments/github/webhook')
        .set('content-type', 'application/json')
        .set('x-github-event', 'deployment_protection_rule')
        .set('x-github-delivery', 'd-1');

    const unsigned = await post().send(payload);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error.message).toMatch(/X-Hub-Signature-256/);
    expect(contract('post', '/github/webhook', 401, unsigned.body)).toEqual([]);

    const signed = await post()
      .set('x-hub-signature-256', await sign(SECRET, payload))
      .send(payload);
    expect(signed.status).toBe(202);
    expect(contract('post', '/github/webhook', 202, signed.body)).toEqual([]);
    const view = await request(server)
      .get(`/api/deployments/requests/${signed.body.requestId}`)
      .set('Authorization', mockCredentials.user.header('user:default/dave'));
    expect(view.body.request).toMatchObject({
      state: 'awaiting-approval',
      requester: {
        kind: 'pipeline',
        identity: 'github-actions',
        commitAuthor: 'user:default/carol',
      },
    });

    const replay = await post()
      .set('x-hub-signature-256', await sign(SECRET, payload))
      .send(payload);
    expect(replay.status).toBe(200);
    expect(contract('post', '/github/webhook', 200, replay.body)).toEqual([]);
  });

  it('are not served unless configured', async () => {
    const server = await startBackend();
    const dave = mockCredentials.user.header('user:default/dave');
    const webhook = await request(server)
      .post('/api/deployments/github/webhook')
      .set('Authorization', dave)
      .send({});
    expect(webhook.status).toBe(404);
    const runs = await request(server)
      .get('/api/deployments/github/runs?serviceRef=component:default/payments')
      .set('Authorization', dave);
    expect(runs.status).toBe(404);
  });

  it('refuses to start on bad GitHub config', async () => {
    await expect(
      startBackend({ protectionRule: { webhookSecret: 'short' } }),
    ).rejects.toThrow(/deployments\.github\.protectionRule\.webhookSecret/);
  });
});
