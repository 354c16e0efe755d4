import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import {
  createDeploymentRequest,
  DeploymentRequest,
  transition,
} from '@sparki/deployments-common';
import { KnexDeploymentStore } from './KnexDeploymentStore';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const carol = { kind: 'user' as const, userRef: 'user:default/carol' };

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  return KnexDeploymentStore.create({
    database: { getClient: async () => knex },
  });
}

const t0 = new Date('2026-11-01T10:00:00.000Z');
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);

/** A request submitted at `at` (approved at once), as the service stores it. */
function submitted(
  id: string,
  environment: string,
  at: Date,
): DeploymentRequest {
  const created = createDeploymentRequest(
    {
      id,
      serviceRef: 'component:default/payments',
      environment,
      version: { commitSha: 'abc1234' },
      requester: carol,
      reason: 'release',
    },
    at,
  );
  const result = transition(
    created,
    {
      type: 'submit',
      id: 'submit',
      by: carol,
      expectedRevision: 0,
      policyHash: 'sha256:p',
      policySatisfied: true,
    },
    at,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

describe.each(databases.eachSupportedId())(
  'KnexDeploymentStore requests updated since a time on %p',
  databaseId => {
    it('keeps the requests with a decision at or after the time, however old they are', async () => {
      const store = await createStore(databaseId);
      await store.insert(submitted('old', 'prod', days(0)));
      await store.insert(submitted('moved', 'prod', days(0)));
      await store.insert(submitted('recent', 'prod', days(20)));
      await store.insert(submitted('staging', 'staging', days(20)));
      // Created long ago, deployed within the period: its latest decision counts.
      const moved = await store.apply(
        'moved',
        {
          type: 'start-deploy',
          id: 'start',
          by: { kind: 'pipeline', identity: 'github-actions' },
          expectedRevision: 1,
          policyHash: 'sha256:p',
        },
        days(15),
      );
      expect(moved.ok).toBe(true);

      const ids = async (updatedSince: string) =>
        (await store.list({ environment: 'prod', updatedSince })).map(
          r => r.id,
        );
      expect(await ids(days(10).toISOString())).toEqual(['recent', 'moved']);
      // At the exact instant of a decision: included.
      expect(await ids(days(15).toISOString())).toEqual(['recent', 'moved']);
      expect(await ids(days(16).toISOString())).toEqual(['recent']);
      expect(await ids(days(30).toISOString())).toEqual([]);
    });
  },
);
