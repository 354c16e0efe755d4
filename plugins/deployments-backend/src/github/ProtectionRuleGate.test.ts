import { TestDatabaseId } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { sign } from '@octokit/webhooks-methods';
import {
  DeploymentRequest,
  parseDeploymentsConfig,
} from '@sparki/deployments-common';
import { createTestDatabases } from '@sparki/test-databases';
import express from 'express';
import { generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import request from 'supertest';
import { errorResponses } from '../__testUtils__/errorResponses';
import { FakeGitHub } from '../__testUtils__/fakeGitHub';
import { Caller, DeploymentService } from '../service/DeploymentService';
import { GatheredFacts } from '../service/PolicyFactsSource';
import { KnexDeploymentStore } from '../store/KnexDeploymentStore';
import { readGitHubConfig } from './config';
import { GitHubAppClient } from './GitHubAppClient';
import { KnexGitHubStore } from './KnexGitHubStore';
import { ProtectionRuleGate } from './ProtectionRuleGate';
import { createGitHubWebhookRouter } from './webhookRouter';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const SECRET = 'a-webhook-secret-of-some-length';
const APP_ID = 4711;
const INSTALLATION_ID = 99;
const SHA = 'c0ffee0000000000000000000000000000000001';
const approvers = 'group:default/release-approvers';
const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const user = (name: string): Caller => ({
  kind: 'user',
  userRef: `user:default/${name}`,
  ownershipRefs: [`user:default/${name}`, approvers],
});

const policies = (() => {
  const parsed = parseDeploymentsConfig({
    environments: {
      prod: { approvals: { required: 2, allowedGroups: [approvers] } },
      staging: { approvals: { required: 0 } },
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.environments;
})();

const facts = {
  async gather(
    _request: DeploymentRequest,
    userRefs: string[],
  ): Promise<GatheredFacts> {
    return {
      owningGroupRef: 'group:default/payments-team',
      owningGroupMembers: [],
      userGroups: Object.fromEntries(userRefs.map(ref => [ref, [approvers]])),
    };
  },
};

/** Answers the installation token exchange only to a JWT the app's private key signed. */
function tokenExchange(github: FakeGitHub) {
  github.on(`POST /app/installations/${INSTALLATION_ID}/access_tokens`, req => {
    const [header, payload, signature] = String(req.headers.authorization)
      .replace(/^bearer /i, '')
      .split('.');
    const valid = verifySignature(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return valid && String(claims.iss) === String(APP_ID)
      ? {
          status: 201,
          body: {
            token: 'ghs_installation_token',
            expires_at: '2099-01-01T00:00:00Z',
            permissions: {},
            repository_selection: 'all',
          },
        }
      : { status: 401, body: { message: 'Bad credentials' } };
  });
}

function event(overrides: Record<string, unknown> = {}, baseUrl: string) {
  return {
    action: 'requested',
    environment: 'prod',
    event: 'push',
    deployment_callback_url: `${baseUrl}/repos/acme/payments/actions/runs/42/deployment_protection_rule`,
    deployment: { id: 1001, sha: SHA, ref: 'main' },
    pull_requests: [{ number: 7 }],
    repository: {
      name: 'payments',
      owner: { login: 'acme' },
      html_url: 'https://github.com/acme/payments',
    },
    installation: { id: INSTALLATION_ID },
    sender: { login: 'carol-gh' },
    ...overrides,
  };
}

async function setup(databaseId: TestDatabaseId) {
  const github = new FakeGitHub();
  const baseUrl = await github.start();
  tokenExchange(github);
  github
    .on(`GET /repos/acme/payments/commits/${SHA}`, {
      status: 200,
      body: { sha: SHA, author: { login: 'carol-gh' } },
    })
    .on('POST /repos/acme/payments/issues/7/comments', {
      status: 201,
      body: { id: 1 },
    })
    .on(`POST /repos/acme/payments/commits/${SHA}/comments`, {
      status: 201,
      body: { id: 2 },
    })
    .on(
      'POST /repos/acme/payments/actions/runs/42/deployment_protection_rule',
      {
        status: 204,
      },
    );
  const knex = await databases.init(databaseId);
  const deployments = await KnexDeploymentStore.create({
    database: { getClient: async () => knex },
  });
  const store = await KnexGitHubStore.create({
    database: { getClient: async () => knex },
  });
  let now = new Date('2026-12-02T10:00:00.000Z');
  const clock = () => now;
  const service = new DeploymentService({
    store: deployments,
    policies,
    facts,
    now: clock,
  });
  const config = readGitHubConfig({
    baseUrl,
    repositories: [
      {
        serviceRef: 'component:default/payments',
        owner: 'acme',
        repo: 'payments',
      },
    ],
    protectionRule: { webhookSecret: SECRET, appId: APP_ID, privateKey },
  })!;
  const gate = new ProtectionRuleGate({
    github: config,
    rule: config.protectionRule!,
    app: new GitHubAppClient({ baseUrl, appId: APP_ID, privateKey }),
    store,
    deployments,
    service,
    policies,
    userByLogin: async login =>
      login === 'carol-gh' ? 'user:default/carol' : undefined,
    logger: mockServices.logger.mock(),
    now: clock,
  });
  const app = express();
  app.use(
    createGitHubWebhookRouter({ gate, auditor: mockServices.auditor.mock() }),
  );
  app.use(errorResponses());
  const deliver = async (
    body: unknown,
    /** `signature: null` sends none. */
    options: { signature?: string | null; eventName?: string } = {},
  ) => {
    const payload = JSON.stringify(body);
    const post = request(app)
      .post('/github/webhook')
      .set('content-type', 'application/json')
      .set('x-github-event', options.eventName ?? 'deployment_protection_rule')
      .set('x-github-delivery', 'delivery-1');
    if (options.signature !== null) {
      post.set(
        'x-hub-signature-256',
        options.signature ?? (await sign(SECRET, payload)),
      );
    }
    return post.send(payload);
  };
  return {
    github,
    gate,
    service,
    store,
    deployments,
    deliver,
    baseUrl,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}

const callbackRoute =
  'POST /repos/acme/payments/actions/runs/42/deployment_protection_rule';

describe.each(databases.eachSupportedId())(
  'ProtectionRuleGate on %s',
  databaseId => {
    let ctx: Awaited<ReturnType<typeof setup>>;
    beforeEach(async () => {
      ctx = await setup(databaseId);
    });
    afterEach(async () => {
      await ctx.github.stop();
    });

    it('refuses a missing or wrong signature before reading anything', async () => {
      const body = event({}, ctx.baseUrl);
      const missing = await ctx.deliver(body, { signature: null });
      expect(missing.status).toBe(401);
      const wrong = await ctx.deliver(body, {
        signature: await sign(
          'another-secret-of-some-length',
          JSON.stringify(body),
        ),
      });
      expect(wrong.status).toBe(401);
      const garbage = await ctx.deliver(body, { signature: 'sha256=00' });
      expect(garbage.status).toBe(401);
      const legacy = await ctx.deliver(body, {
        signature: await sign(
          { secret: SECRET, algorithm: 'sha1' },
          JSON.stringify(body),
        ),
      });
      expect(legacy.status).toBe(401);
      expect(ctx.github.requests).toEqual([]);
      expect(await ctx.deployments.list({})).toEqual([]);
    });

    it('creates one request per delivery, comments progress and answers approved', async () => {
      const body = event({}, ctx.baseUrl);
      const first = await ctx.deliver(body);
      expect(first.status).toBe(202);
      const { requestId } = first.body;
      const replay = await ctx.deliver(body);
      expect(replay.status).toBe(200);
      expect(replay.body.result).toBe('replayed');
      expect(await ctx.deployments.list({})).toHaveLength(1);

      const created = (await ctx.deployments.get(requestId))!;
      expect(created).toMatchObject({
        serviceRef: 'component:default/payments',
        environment: 'prod',
        state: 'awaiting-approval',
        version: { commitSha: SHA },
        requester: {
          kind: 'pipeline',
          identity: 'github-actions',
          commitAuthor: 'user:default/carol',
        },
        providerRefs: [
          {
            provider: 'github-protection-rule',
            id: '1001',
            url: 'https://github.com/acme/payments/deployments',
          },
        ],
      });
      const [commitRead] = ctx.github.calls(
        `GET /repos/acme/payments/commits/${SHA}`,
      );
      expect(commitRead.headers.authorization).toBe(
        'token ghs_installation_token',
      );
      // The commit author may not approve their own deploy.
      await expect(
        ctx.service.approve(requestId, user('carol')),
      ).rejects.toThrow();

      await ctx.service.approve(requestId, user('dave'));
      ctx.advance(16_000);
      expect(await ctx.gate.syncDue()).toEqual({ [requestId]: 'waiting' });
      const comments = () =>
        ctx.github.calls('POST /repos/acme/payments/issues/7/comments');
      expect(comments().map(c => c.body.body)).toEqual([
        'Sparki Portal, deploy to prod: 1 of 2 approvals: dave',
      ]);
      expect(comments()[0].headers.authorization).toBe(
        'token ghs_installation_token',
      );
      expect(ctx.github.calls(callbackRoute)).toEqual([]);

      await ctx.service.approve(requestId, user('erin'));
      ctx.advance(16_000);
      expect(await ctx.gate.syncDue()).toEqual({ [requestId]: 'approved' });
      expect(comments().map(c => c.body.body)).toEqual([
        'Sparki Portal, deploy to prod: 1 of 2 approvals: dave',
        'Sparki Portal, deploy to prod: 2 of 2 approvals: dave, erin',
      ]);
      const [callback] = ctx.github.calls(callbackRoute);
      expect(callback.headers.authorization).toBe(
        'token ghs_installation_token',
      );
      expect(callback.body).toEqual({
        environment_name: 'prod',
        state: 'approved',
        comment: `Approved in Sparki Portal (2 of 2 approvals: dave, erin), request ${requestId}`,
      });
      expect(await ctx.store.getProtectionRule(requestId)).toMatchObject({
        answer: 'approved',
        reportedApprovals: 2,
      });
      // Answered: nothing is due any more.
      ctx.advance(60 * 60_000);
      expect(await ctx.gate.syncDue()).toEqual({});
      expect(ctx.github.calls(callbackRoute)).toHaveLength(1);
    });

    it('answers at once when the policy is met on arrival, on the commit without a PR', async () => {
      const response = await ctx.deliver(
        event({ environment: 'staging', pull_requests: [] }, ctx.baseUrl),
      );
      expect(response.status).toBe(202);
      const [callback] = ctx.github.calls(callbackRoute);
      expect(callback.body).toMatchObject({
        environment_name: 'staging',
        state: 'approved',
      });
    });

    it('answers rejected with the reason, commenting on the commit without a PR', async () => {
      const { body } = await ctx.deliver(
        event({ pull_requests: [] }, ctx.baseUrl),
      );
      await ctx.service.approve(body.requestId, user('dave'));
      await ctx.service.reject(
        body.requestId,
        user('erin'),
        'not during the sale',
      );
      ctx.advance(16_000);
      expect(await ctx.gate.syncDue()).toEqual({
        [body.requestId]: 'rejected',
      });
      expect(
        ctx.github
          .calls(`POST /repos/acme/payments/commits/${SHA}/comments`)
          .map(c => c.body.body),
      ).toEqual(['Sparki Portal, deploy to prod: 1 of 2 approvals: dave']);
      expect(ctx.github.calls(callbackRoute)[0].body).toEqual({
        environment_name: 'prod',
        state: 'rejected',
        comment: `Rejected in Sparki Portal: not during the sale, request ${body.requestId}`,
      });
    });

    it('retries a failed callback later, from the state in the database', async () => {
      let failures = 1;
      ctx.github.on(callbackRoute, () =>
        failures-- > 0
          ? { status: 502, body: { message: 'Bad Gateway' } }
          : { status: 204 },
      );
      const { body } = await ctx.deliver(
        event({ environment: 'staging' }, ctx.baseUrl),
      );
      expect(await ctx.store.getProtectionRule(body.requestId)).toMatchObject({
        attempts: 1,
        lastError: expect.stringContaining('Bad Gateway'),
      });
      expect(await ctx.gate.syncDue()).toEqual({});
      ctx.advance(16_000);
      expect(await ctx.gate.syncDue()).toEqual({
        [body.requestId]: 'approved',
      });
      expect(ctx.github.calls(callbackRoute)).toHaveLength(2);
      expect(await ctx.store.getProtectionRule(body.requestId)).toMatchObject({
        answer: 'approved',
        attempts: 2,
      });
    });

    it('answers once when syncs on two replicas race', async () => {
      const { body } = await ctx.deliver(event({}, ctx.baseUrl));
      await ctx.service.approve(body.requestId, user('dave'));
      await ctx.service.approve(body.requestId, user('erin'));
      ctx.advance(16_000);
      const outcomes = await Promise.all([
        ctx.gate.syncDue(),
        ctx.gate.syncDue(),
        ctx.gate.syncDue(),
      ]);
      expect(outcomes.flatMap(outcome => Object.values(outcome))).toEqual([
        'approved',
      ]);
      expect(ctx.github.calls(callbackRoute)).toHaveLength(1);
    });

    it('stops after GitHub refuses the answer with 422', async () => {
      ctx.github.on(callbackRoute, {
        status: 422,
        body: { message: 'No pending deployment protection rule' },
      });
      const { body } = await ctx.deliver(
        event({ environment: 'staging' }, ctx.baseUrl),
      );
      const record = await ctx.store.getProtectionRule(body.requestId);
      expect(record?.nextAttemptAt).toBeUndefined();
      expect(record?.answer).toBeUndefined();
      ctx.advance(60 * 60_000);
      expect(await ctx.gate.syncDue()).toEqual({});
      expect(ctx.github.calls(callbackRoute)).toHaveLength(1);
    });

    it('refuses events it cannot gate, without consuming the delivery', async () => {
      const unmapped = await ctx.deliver(
        event(
          { repository: { name: 'other', owner: { login: 'acme' } } },
          ctx.baseUrl,
        ),
      );
      expect(unmapped.status).toBe(422);
      expect(unmapped.body.error.message).toMatch(/acme\/other is not mapped/);
      const unknownEnvironment = await ctx.deliver(
        event({ environment: 'qa' }, ctx.baseUrl),
      );
      expect(unknownEnvironment.status).toBe(422);
      const elsewhere = await ctx.deliver(
        event(
          { deployment_callback_url: 'https://attacker.example/repos/x' },
          ctx.baseUrl,
        ),
      );
      expect(elsewhere.status).toBe(422);
      const malformed = await ctx.deliver({ action: 'requested' });
      expect(malformed.status).toBe(400);
      expect(ctx.github.requests).toEqual([]);
      // The same delivery id still works once the event can be gated.
      expect((await ctx.deliver(event({}, ctx.baseUrl))).status).toBe(202);
    });

    it('ignores other events once their signature checks out', async () => {
      const ping = await ctx.deliver(
        { zen: 'Keep it simple.' },
        { eventName: 'ping' },
      );
      expect(ping.status).toBe(200);
      expect(ping.body.result).toBe('ignored');
    });
  },
);
