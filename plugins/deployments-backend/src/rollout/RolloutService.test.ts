import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import {
  createDeploymentRequest,
  DeploymentRequest,
  parseEnvironmentPolicy,
  transition,
} from '@sparki/deployments-common';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KnexDeploymentStore } from '../store/KnexDeploymentStore';
import { KnexRolloutStore } from '../store/KnexRolloutStore';
import { GitOpsProvider } from './gitops/GitOpsProvider';
import { GitOpsRepository } from './gitops/GitOpsRepository';
import { RolloutService } from './RolloutService';
import { RolloutTargets } from './RolloutTargets';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const seedDirectory = path.resolve(__dirname, '../../../../examples/gitops');
const file = 'sparki-prod/sparki-api/services.yaml';
const serviceRef = 'component:default/sparki-api';
const parsedPolicy = parseEnvironmentPolicy({
  approvals: {
    required: 1,
    allowedGroups: ['group:default/release-approvers'],
  },
});
if (!parsedPolicy.ok) throw new Error(parsedPolicy.errors.join('; '));
const policy = parsedPolicy.policy;
const carol = {
  kind: 'user' as const,
  userRef: 'user:default/carol',
  ownershipRefs: ['user:default/carol', 'group:default/release-approvers'],
};
const pipeline = { kind: 'pipeline' as const, identity: 'github-actions' };

/** A request the policy approved, as the service stores it. */
function approved(id: string, at: Date): DeploymentRequest {
  let request = createDeploymentRequest(
    {
      id,
      serviceRef,
      environment: 'prod',
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      requester: { kind: 'pipeline', identity: 'github-actions' },
      reason: 'release 1.4',
    },
    at,
  );
  const result = transition(
    request,
    {
      type: 'submit',
      id: `${id}:submit`,
      by: { kind: 'pipeline', identity: 'github-actions' },
      expectedRevision: 0,
      policyHash: 'sha256:p',
      policySatisfied: true,
    },
    at,
  );
  if (!result.ok) throw new Error(result.error.message);
  request = result.request;
  return request;
}

function git(gitDir: string, ...args: string[]) {
  return execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
    encoding: 'utf8',
  });
}

describe.each(databases.eachSupportedId())(
  'RolloutService on %p',
  databaseId => {
    let dir: string;
    let health: http.Server;
    let healthStatus = 200;
    let healthUrl: string;

    beforeAll(async () => {
      health = http.createServer((_req, res) => {
        res.writeHead(healthStatus).end();
      });
      await new Promise<void>(resolve =>
        health.listen(0, '127.0.0.1', resolve),
      );
      healthUrl = `http://127.0.0.1:${
        (health.address() as AddressInfo).port
      }/healthz`;
    });
    afterAll(() => new Promise<void>(resolve => health.close(() => resolve())));
    beforeEach(async () => {
      healthStatus = 200;
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rollout-service-'));
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    async function setUp(
      options: { watch?: boolean; database?: TestDatabaseId } = {},
    ) {
      const knex = await databases.init(options.database ?? databaseId);
      const database = { getClient: async () => knex };
      const store = await KnexDeploymentStore.create({ database });
      const rollouts = await KnexRolloutStore.create({ database });
      const gitDir = path.join(dir, 'gitops.git');
      const targets = new RolloutTargets(
        new Map([
          [
            `${serviceRef}|prod`,
            {
              provider: new GitOpsProvider({
                repository: new GitOpsRepository({
                  gitDir,
                  branch: 'main',
                  seedDirectory,
                }),
                file,
                namespace: 'sparki-api',
                service: 'sparki-api',
              }),
              ...(options.watch
                ? {
                    healthWatch: {
                      minutes: 10,
                      intervalSeconds: 30,
                      url: healthUrl,
                    },
                  }
                : {}),
            },
          ],
        ]),
      );
      let now = new Date('2026-12-02T10:00:00.000Z');
      const auditor = mockServices.auditor.mock();
      const event = { success: jest.fn(), fail: jest.fn() };
      auditor.createEvent.mockResolvedValue(event);
      const clock = {
        now: () => now,
        advance: (seconds: number) => {
          now = new Date(now.getTime() + seconds * 1000);
        },
      };
      const notifier = {
        transitioned: jest.fn(async (_request: DeploymentRequest) => {}),
      };
      const make = () =>
        new RolloutService({
          store,
          rollouts,
          targets,
          policies: { prod: policy },
          logger: mockServices.logger.mock(),
          auditor,
          notifier,
          now: clock.now,
        });
      const request = approved(
        '11111111-1111-4111-8111-111111111111',
        clock.now(),
      );
      await store.insert(request);
      const service = make();
      await service.report(request.id, pipeline, {
        type: 'start-deploy',
        id: 'run-1',
      });
      await service.report(request.id, pipeline, {
        type: 'preview-ready',
        id: 'run-1',
        providerRefs: [{ provider: 'gitops', id: 'preview' }],
      });
      return {
        service,
        make,
        store,
        rollouts,
        clock,
        gitDir,
        id: request.id,
        auditor,
        notifier,
      };
    }

    /** The states of the requests the notifier was told of, in order. */
    const notifiedStates = (notifier: {
      transitioned: jest.Mock<Promise<void>, [DeploymentRequest]>;
    }) => notifier.transitioned.mock.calls.map(([request]) => request.state);

    const selector = (gitDir: string) =>
      /version: (blue|green)/.exec(git(gitDir, 'show', `main:${file}`))![1];

    it('records reported progress once per idempotency key, and refuses what the state forbids', async () => {
      const { service, store, id } = await setUp();
      const again = await service.report(id, pipeline, {
        type: 'start-deploy',
        id: 'run-1',
      });
      expect(again.state).toBe('preview-ready');
      const request = (await store.get(id))!;
      expect(request.decisions.map(d => d.event)).toEqual([
        'submit',
        'start-deploy',
        'preview-ready',
      ]);
      expect(request.providerRefs).toEqual([
        { provider: 'gitops', id: 'preview' },
      ]);
      await expect(
        service.report(id, pipeline, { type: 'start-deploy', id: 'run-2' }),
      ).rejects.toThrow(/cannot start-deploy a request that is preview-ready/);
    });

    it('refuses to abort where the provider switches at once, changing nothing', async () => {
      const { service, store, rollouts, id } = await setUp();
      await expect(service.abort(id, carol, '  ')).rejects.toThrow(
        /an abort needs a reason/,
      );
      await expect(service.abort(id, carol, 'stop it')).rejects.toThrow(
        /gitops switches at once, there is no rollout in progress to abort: roll back instead/,
      );
      expect((await store.get(id))!.state).toBe('preview-ready');
      expect(await rollouts.get(id)).toBeUndefined();
    });

    it("promotes through a commit, then rolls back with the person's reason", async () => {
      const { service, id, gitDir, rollouts } = await setUp();
      const promoted = await service.promote(id, carol, 'ship it');
      expect(promoted.request.state).toBe('promoted');
      expect(promoted.rollout).toMatchObject({ from: 'blue', to: 'green' });
      expect(selector(gitDir)).toBe('green');
      const decision = promoted.request.decisions.at(-1)!;
      expect(decision).toMatchObject({
        event: 'promote',
        by: { kind: 'user', userRef: 'user:default/carol' },
        comment: expect.stringMatching(
          /^ship it \(.*switched from blue to green/,
        ),
      });
      expect((await rollouts.get(id))!.watch.state).toBe('none');
      // A retried promote changes nothing.
      expect((await service.promote(id, carol)).request.revision).toBe(
        promoted.request.revision,
      );
      expect(git(gitDir, 'rev-list', '--count', 'main').trim()).toBe('2');

      await expect(service.rollback(id, carol, '  ')).rejects.toThrow(
        /needs a reason/,
      );
      const rolledBack = await service.rollback(id, carol, 'errors up');
      expect(rolledBack.request.state).toBe('rolled-back');
      expect(rolledBack.rollout).toMatchObject({ from: 'green', to: 'blue' });
      expect(rolledBack.request.decisions.at(-1)!.comment).toMatch(
        /^errors up \(/,
      );
      expect(selector(gitDir)).toBe('blue');
    });

    it('refuses to promote what is not preview-ready, before touching the repository', async () => {
      const { service, id, gitDir, notifier } = await setUp();
      await service.report(id, pipeline, { type: 'fail', id: 'run-1' });
      // A replayed failure is no new transition: the notifier hears of it once.
      await service.report(id, pipeline, { type: 'fail', id: 'run-1' });
      expect(notifiedStates(notifier)).toEqual([
        'deploying',
        'preview-ready',
        'failed',
      ]);
      await expect(service.promote(id, carol)).rejects.toThrow(
        /cannot promote a request that is failed/,
      );
      await expect(service.promote(id, pipeline)).rejects.toThrow(
        /only a person/,
      );
      // Not even created: the provider was never called.
      await expect(fs.stat(gitDir)).rejects.toThrow(/ENOENT/);
      // Failed before any switch: rolled back without one.
      const rolledBack = await service.rollback(id, carol, 'abandon');
      expect(rolledBack.rollout).toBeUndefined();
      expect(rolledBack.request.decisions.at(-1)!.comment).toMatch(
        /traffic was not switched by the portal/,
      );
    });

    it('makes a healthy promote live after the watch period, as the system', async () => {
      const { service, id, clock, rollouts, store } = await setUp({
        watch: true,
      });
      await service.promote(id, carol);
      expect((await rollouts.get(id))!.watch).toMatchObject({
        state: 'watching',
        until: '2026-12-02T10:10:00.000Z',
        nextCheckAt: '2026-12-02T10:00:30.000Z',
      });
      expect(await service.runDueWatches()).toEqual({});
      clock.advance(30);
      expect(await service.runDueWatches()).toEqual({ [id]: 'watching' });
      clock.advance(600);
      expect(await service.runDueWatches()).toEqual({ [id]: 'passed' });
      const request = (await store.get(id))!;
      expect(request.state).toBe('live');
      expect(request.decisions.at(-1)!.by).toEqual({
        kind: 'system',
        name: 'deployments-health-watch',
      });
    });

    it('rolls back automatically when the promoted color fails, and survives a restart', async () => {
      const { service, make, id, clock, gitDir, store, auditor, notifier } =
        await setUp({
          watch: true,
        });
      await service.promote(id, carol);
      healthStatus = 503;
      clock.advance(30);
      // A new instance (a restart, another replica) picks the watch up from the database.
      expect(await make().runDueWatches()).toEqual({ [id]: 'rolled-back' });
      expect(selector(gitDir)).toBe('blue');
      const request = (await store.get(id))!;
      expect(request.state).toBe('rolled-back');
      expect(request.decisions.at(-1)).toMatchObject({
        event: 'rollback',
        by: { kind: 'system', name: 'deployments-health-watch' },
        comment: expect.stringMatching(
          /automated rollback: green failed its health check: .*HTTP 503/,
        ),
      });
      expect(git(gitDir, 'log', '-1', '--format=%an', 'main').trim()).toBe(
        'Sparki Portal (deployments-health-watch)',
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'deployment-automated-rollback' }),
      );
      clock.advance(30);
      expect(await make().runDueWatches()).toEqual({});
      expect(notifiedStates(notifier).at(-1)).toBe('rolled-back');
      expect(notifier.transitioned).toHaveBeenLastCalledWith(request);
    });

    it('closes the watch when a person decided first', async () => {
      const { service, id, clock, rollouts } = await setUp({ watch: true });
      await service.promote(id, carol);
      await service.report(id, pipeline, { type: 'live', id: 'run-1' });
      clock.advance(30);
      expect(await service.runDueWatches()).toEqual({ [id]: 'closed' });
      expect((await rollouts.get(id))!.watch).toMatchObject({
        state: 'closed',
        reason: 'the request became live',
      });
    });
  },
);
