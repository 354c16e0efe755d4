import {
  createDeploymentRequest,
  DeploymentRequest,
  transition,
} from '@sparki/deployments-common';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '@sparki/test-databases';
import { KnexDeploymentStore } from '../store/KnexDeploymentStore';
import { StuckDeployNotices } from './StuckDeployNotices';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const pipeline = { kind: 'pipeline' as const, identity: 'github-actions' };
const start = new Date('2026-12-02T10:00:00.000Z');
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

/** A request the policy approved at `start`, as the service stores it. */
function approved(id: string): DeploymentRequest {
  const result = transition(
    createDeploymentRequest(
      {
        id,
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'abc1234' },
        requester: pipeline,
        reason: 'release',
      },
      start,
    ),
    {
      type: 'submit',
      id: 'submit',
      by: pipeline,
      expectedRevision: 0,
      policyHash: 'sha256:p',
      policySatisfied: true,
    },
    start,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

describe.each(databases.eachSupportedId())(
  'StuckDeployNotices on %p',
  databaseId => {
    async function setUp() {
      const knex = await databases.init(databaseId);
      const store = await KnexDeploymentStore.create({
        database: { getClient: async () => knex },
      });
      let now = start;
      const notifier = {
        stuck: jest.fn(
          async (_request: DeploymentRequest, _minutes: number) => {},
        ),
      };
      const notices = (at: Date) => {
        now = at;
        return new StuckDeployNotices({
          store,
          notifier,
          stuckAfterMinutes: 60,
          now: () => now,
        });
      };
      /** Records a reported event at `at`. */
      const report = async (
        id: string,
        type: 'start-deploy' | 'preview-ready',
        at: Date,
      ) => {
        const current = (await store.get(id))!;
        const result = await store.apply(
          id,
          {
            type,
            id: `report:${type}:run-1`,
            by: pipeline,
            expectedRevision: current.revision,
            policyHash: 'sha256:p',
            providerRefs: [],
          },
          at,
        );
        if (!result.ok) throw new Error(result.error.message);
      };
      return { knex, store, notifier, notices, report };
    }

    it('tells of a deploy once when it crosses the stuck time, and again when stuck anew', async () => {
      const { store, notifier, notices, report } = await setUp();
      const deploying = approved('11111111-1111-4111-8111-111111111111');
      const waiting = approved('22222222-2222-4222-8222-222222222222');
      await store.insert(deploying);
      await store.insert(waiting);
      await report(deploying.id, 'start-deploy', start);

      expect(await notices(minutes(59)).run()).toEqual([]);
      // Past the time: told once, however many passes (or replicas) run after.
      expect(await notices(minutes(61)).run()).toEqual([deploying.id]);
      expect(await notices(minutes(62)).run()).toEqual([]);
      expect(await notices(minutes(62)).run()).toEqual([]);
      expect(notifier.stuck).toHaveBeenCalledTimes(1);
      expect(notifier.stuck).toHaveBeenCalledWith(
        expect.objectContaining({ id: deploying.id, state: 'deploying' }),
        60,
      );

      // It moved on and got stuck again: a new revision, told again.
      await report(deploying.id, 'preview-ready', minutes(70));
      expect(await notices(minutes(100)).run()).toEqual([]);
      expect(await notices(minutes(131)).run()).toEqual([deploying.id]);
      expect(notifier.stuck).toHaveBeenLastCalledWith(
        expect.objectContaining({ state: 'preview-ready' }),
        60,
      );
      // The approved request that never started deploying is not the pipeline's stuck deploy.
      expect(notifier.stuck).toHaveBeenCalledTimes(2);
    });

    it('claims a stuck revision once among racing replicas', async () => {
      const { store } = await setUp();
      const request = approved('33333333-3333-4333-8333-333333333333');
      await store.insert(request);
      const claims = await Promise.all(
        [1, 2, 3].map(() =>
          store.claimStuckNotice(request.id, request.revision, start),
        ),
      );
      expect(claims.filter(Boolean)).toEqual([true]);
      expect(
        await store.claimStuckNotice(request.id, request.revision + 1, start),
      ).toBe(true);
    });

    it('runs the stuck-notices migration down and up again', async () => {
      const { knex, store } = await setUp();
      const directory = resolvePackagePath(
        '@sparki/deployments-backend',
        'migrations',
      );
      await knex.migrate.down({
        directory,
        name: '20261202183000_stuck_notices.js',
      });
      expect(await knex.schema.hasTable('deployments_stuck_notices')).toBe(
        false,
      );
      await knex.migrate.latest({ directory });
      const request = approved('44444444-4444-4444-8444-444444444444');
      await store.insert(request);
      expect(
        await store.claimStuckNotice(request.id, request.revision, start),
      ).toBe(true);
    });
  },
);
