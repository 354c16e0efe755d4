import { TestDatabaseId } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '@sparki/test-databases';
import {
  createDeploymentRequest,
  DeploymentEvent,
  DeploymentRequest,
  transition,
} from '@sparki/deployments-common';
import { KnexDeploymentStore } from './KnexDeploymentStore';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const carol = { kind: 'user' as const, userRef: 'user:default/carol' };
const pipeline = { kind: 'pipeline' as const, identity: 'github-actions' };

async function createStore(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexDeploymentStore.create({
    database: { getClient: async () => knex },
  });
  return { store, knex };
}

/** A request approved at once (its policy met on submit), as the service would store it. */
function approved(
  id: string,
  options: { environment?: string; service?: string; sha: string; at: Date },
): DeploymentRequest {
  const created = createDeploymentRequest(
    {
      id,
      serviceRef: `component:default/${options.service ?? 'payments'}`,
      environment: options.environment ?? 'prod',
      version: { commitSha: options.sha },
      requester: { kind: 'user', userRef: carol.userRef },
      reason: 'release',
    },
    options.at,
  );
  const result = transition(
    created,
    {
      type: 'submit',
      id: `${id}:submit`,
      by: carol,
      expectedRevision: 0,
      policyHash: 'sha256:p',
      policySatisfied: true,
    },
    options.at,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

/** Applies events one after the other, each a minute after the previous one. */
async function drive(
  store: KnexDeploymentStore,
  id: string,
  events: Array<
    | { type: 'start-deploy' | 'live' | 'preview-ready' | 'promote' }
    | { type: 'rollback'; comment: string }
  >,
  start: Date,
) {
  let at = start.getTime();
  for (const event of events) {
    at += 60_000;
    const current = await store.get(id);
    const result = await store.apply(
      id,
      {
        ...event,
        id: `${event.type}:${at}`,
        by: event.type === 'promote' ? carol : pipeline,
        expectedRevision: current!.revision,
        policyHash: 'sha256:p',
      } as DeploymentEvent,
      new Date(at),
    );
    if (!result.ok) throw new Error(result.error.message);
  }
}

const t0 = new Date('2026-12-01T10:00:00.000Z');
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);

describe.each(databases.eachSupportedId())(
  'KnexDeploymentStore history and live versions on %p',
  databaseId => {
    it('finds the newest live request per environment; a rolled-back one no longer counts', async () => {
      const { store } = await createStore(databaseId);
      await store.insert(approved('old', { sha: 'aaaaaaa', at: hours(0) }));
      await drive(
        store,
        'old',
        [{ type: 'start-deploy' }, { type: 'live' }],
        hours(0),
      );
      await store.insert(approved('new', { sha: 'bbbbbbb', at: hours(1) }));
      await drive(
        store,
        'new',
        [
          { type: 'start-deploy' },
          { type: 'preview-ready' },
          { type: 'promote' },
          { type: 'live' },
        ],
        hours(1),
      );
      await store.insert(
        approved('stg', {
          sha: 'bbbbbbb',
          at: hours(0),
          environment: 'staging',
        }),
      );
      await drive(
        store,
        'stg',
        [{ type: 'start-deploy' }, { type: 'live' }],
        hours(0),
      );
      await store.insert(
        approved('other', { sha: 'ccccccc', at: hours(0), service: 'billing' }),
      );
      await drive(
        store,
        'other',
        [{ type: 'start-deploy' }, { type: 'live' }],
        hours(0),
      );

      const live = await store.liveVersions('component:default/payments');
      expect(
        live.sort((a, b) => a.environment.localeCompare(b.environment)),
      ).toEqual([
        {
          environment: 'prod',
          requestId: 'new',
          version: { commitSha: 'bbbbbbb' },
          since: new Date(hours(1).getTime() + 4 * 60_000).toISOString(),
        },
        {
          environment: 'staging',
          requestId: 'stg',
          version: { commitSha: 'bbbbbbb' },
          since: new Date(hours(0).getTime() + 2 * 60_000).toISOString(),
        },
      ]);

      await drive(
        store,
        'new',
        [{ type: 'rollback', comment: 'errors up' }],
        hours(2),
      );
      const after = await store.liveVersions('component:default/payments');
      expect(after.find(l => l.environment === 'prod')).toMatchObject({
        requestId: 'old',
        version: { commitSha: 'aaaaaaa' },
      });
      expect(await store.liveVersions('component:default/nothing')).toEqual([]);
    });

    it('pages the history newest first, filtered by service and environment', async () => {
      const { store } = await createStore(databaseId);
      await store.insert(approved('p1', { sha: 'aaaaaaa', at: hours(0) }));
      await drive(
        store,
        'p1',
        [{ type: 'start-deploy' }, { type: 'live' }],
        hours(0),
      );
      await store.insert(
        approved('s1', {
          sha: 'aaaaaaa',
          at: hours(1),
          environment: 'staging',
        }),
      );
      await store.insert(
        approved('b1', { sha: 'bbbbbbb', at: hours(2), service: 'billing' }),
      );
      await drive(
        store,
        'p1',
        [{ type: 'rollback', comment: `it's "bad"; DROP TABLE x;--` }],
        hours(3),
      );

      const all = await store.history({ limit: 100 });
      expect(all.items.map(i => `${i.requestId}:${i.event}`)).toEqual([
        'p1:rollback',
        'b1:submit',
        's1:submit',
        'p1:live',
        'p1:start-deploy',
        'p1:submit',
      ]);
      expect(all.nextBefore).toBeUndefined();
      expect(all.items[0]).toEqual({
        requestId: 'p1',
        eventId: `rollback:${hours(3).getTime() + 60_000}`,
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'aaaaaaa' },
        event: 'rollback',
        by: pipeline,
        at: new Date(hours(3).getTime() + 60_000).toISOString(),
        comment: `it's "bad"; DROP TABLE x;--`,
        policyHash: 'sha256:p',
        from: 'live',
        to: 'rolled-back',
      });

      const prod = {
        serviceRef: 'component:default/payments',
        environment: 'prod',
      };
      const first = await store.history({ ...prod, limit: 3 });
      expect(first.items.map(i => i.event)).toEqual([
        'rollback',
        'live',
        'start-deploy',
      ]);
      expect(first.nextBefore).toEqual(expect.any(Number));
      const second = await store.history({
        ...prod,
        limit: 3,
        beforeSeq: first.nextBefore,
      });
      expect(second.items.map(i => i.event)).toEqual(['submit']);
      expect(second.nextBefore).toBeUndefined();

      const staging = await store.history({
        serviceRef: 'component:default/payments',
        environment: 'staging',
        limit: 10,
      });
      expect(staging.items.map(i => i.requestId)).toEqual(['s1']);
    });

    it('runs the read-side index migration down and up again', async () => {
      const { knex, store } = await createStore(databaseId);
      const directory = resolvePackagePath(
        '@sparki/deployments-backend',
        'migrations',
      );
      await knex.migrate.down({
        directory,
        name: '20261202100000_read_indexes.js',
      });
      await knex.migrate.latest({ directory });
      await store.insert(approved('r1', { sha: 'aaaaaaa', at: hours(0) }));
      expect((await store.history({ limit: 1 })).items).toHaveLength(1);
    });
  },
);
