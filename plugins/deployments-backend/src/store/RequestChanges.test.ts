import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { parseDeploymentsConfig } from '@sparki/deployments-common';
import knexFactory, { Knex } from 'knex';
import { Caller, DeploymentService } from '../service/DeploymentService';
import { PolicyFactsSource } from '../service/PolicyFactsSource';
import { KnexDeploymentStore } from './KnexDeploymentStore';
import {
  createRequestChanges,
  PollingRequestChanges,
  PostgresRequestChanges,
  REQUEST_CHANGED_CHANNEL,
  RequestChanges,
} from './RequestChanges';

// Databases and a LISTEN connection per replica: an explicit limit, not jest's 5 s.
jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
/** Longer than the test may take: only a notification can wake a PostgreSQL wait in time. */
const NEVER_MS = 600_000;

const approvers = 'group:default/release-approvers';
const user = (name: string): Caller => ({
  kind: 'user',
  userRef: `user:default/${name}`,
  ownershipRefs: [`user:default/${name}`, approvers],
});

const facts: PolicyFactsSource = {
  async gather(_request, userRefs) {
    return {
      owningGroupRef: 'group:default/payments-team',
      owningGroupMembers: [],
      userGroups: Object.fromEntries(userRefs.map(ref => [ref, [approvers]])),
    };
  },
};

function policies() {
  const parsed = parseDeploymentsConfig({
    environments: {
      prod: { approvals: { required: 2, allowedGroups: [approvers] } },
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.environments;
}

/** One backend replica: its own connection pool, store, change listener and service. */
async function replica(knex: Knex, migrate: boolean) {
  const store = await KnexDeploymentStore.create({
    database: {
      getClient: async () => knex,
      migrations: { skip: !migrate },
    },
  });
  const changes = await createRequestChanges(knex, mockServices.logger.mock());
  const service = new DeploymentService({
    store,
    policies: policies(),
    facts,
    changes,
  });
  return { service, changes };
}

const prodRequest = {
  serviceRef: 'component:default/payments',
  environment: 'prod',
  version: { commitSha: 'abc1234' },
  reason: 'release',
};

describe('RequestChanges', () => {
  const opened: Array<{ changes?: RequestChanges; knex?: Knex }> = [];
  afterEach(async () => {
    for (const { changes, knex } of opened.splice(0)) {
      await changes?.close();
      await knex?.destroy();
    }
  });

  const ids = databases.eachSupportedId().map(([id]) => id);
  const postgres = ids.filter(id => id.startsWith('POSTGRES'));
  const sqlite = ids.filter(id => id.startsWith('SQLITE'));

  it.each(postgres)(
    'wakes a wait on one replica when another decides, through NOTIFY on %s',
    async databaseId => {
      const knexA = await databases.init(databaseId);
      // A second pool on the same database: another replica.
      const knexB = knexFactory(knexA.client.config);
      const a = await replica(knexA, true);
      const b = await replica(knexB, false);
      opened.push({ changes: a.changes }, { changes: b.changes, knex: knexB });
      expect(a.changes).toBeInstanceOf(PostgresRequestChanges);
      expect(a.changes.wakesOnChange).toBe(true);

      const { request } = await b.service.create(prodRequest, user('carol'));
      expect(request.state).toBe('awaiting-approval');
      const waiting = a.service.waitForDecision(request.id, 60, {
        pollMs: NEVER_MS,
        aborted: () => false,
      });
      // One approval of two: A wakes, reads, and keeps waiting; the second decides.
      await b.service.approve(request.id, user('dave'));
      await b.service.approve(request.id, user('erin'));
      expect(await waiting).toMatchObject({
        decided: true,
        request: { state: 'approved' },
      });
      // Written by the one-statement path: the one-per-person approvals and every decision.
      expect(
        await knexA('deployments_approvals')
          .where({ request_id: request.id })
          .orderBy('user_ref')
          .pluck('user_ref'),
      ).toEqual(['user:default/dave', 'user:default/erin']);
      expect(
        await knexA('deployments_decisions')
          .where({ request_id: request.id })
          .orderBy('seq')
          .pluck('to_state'),
      ).toEqual(['awaiting-approval', 'awaiting-approval', 'approved']);
    },
  );

  it.each(postgres)(
    'wakes only the watches of the request named, on %s',
    async databaseId => {
      const knexA = await databases.init(databaseId);
      const knexB = knexFactory(knexA.client.config);
      opened.push({ knex: knexB });
      const changes = await PostgresRequestChanges.start(
        knexA,
        mockServices.logger.mock(),
      );
      opened.push({ changes });
      const watched = changes.watch('r-1');
      const other = changes.watch('r-2');
      let otherWoke = false;
      const otherNext = other.next(NEVER_MS).then(() => {
        otherWoke = true;
      });
      await knexB.raw('select pg_notify(?, ?)', [
        REQUEST_CHANGED_CHANNEL,
        'r-1',
      ]);
      // Resolves on the notification (the timer would take ten minutes).
      await watched.next(NEVER_MS);
      expect(otherWoke).toBe(false);
      other.close();
      await otherNext;
      watched.close();
    },
  );

  it.each(postgres)(
    'listens again after losing its connection, and wakes every watch then, on %s',
    async databaseId => {
      const knexA = await databases.init(databaseId);
      const knexB = knexFactory(knexA.client.config);
      opened.push({ knex: knexB });
      const logger = mockServices.logger.mock();
      const changes = await PostgresRequestChanges.start(knexA, logger);
      opened.push({ changes });
      const watch = changes.watch('r-1');
      const woken = watch.next(NEVER_MS);
      // The server drops the LISTEN connection (a restart, a failover, an idle timeout).
      await knexB.raw(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query = ?`,
        [`LISTEN ${REQUEST_CHANGED_CHANNEL}`],
      );
      // Whatever was announced meanwhile is unknown: the watch reads again once reconnected.
      await woken;
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/lost their LISTEN connection/),
      );
      const again = watch.next(NEVER_MS);
      await knexB.raw('select pg_notify(?, ?)', [
        REQUEST_CHANGED_CHANNEL,
        'r-1',
      ]);
      await again;
      watch.close();
    },
  );

  it.each(postgres)(
    'polls when LISTEN cannot start on %s, saying so',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const logger = mockServices.logger.mock();
      const broken = Object.create(knex) as Knex;
      Object.defineProperty(broken, 'client', {
        value: Object.assign(Object.create(knex.client), {
          acquireRawConnection: async () => {
            throw new Error('too many connections');
          },
        }),
      });
      const changes = await createRequestChanges(broken, logger);
      expect(changes).toBeInstanceOf(PollingRequestChanges);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/cannot LISTEN \(too many connections\)/),
      );
    },
  );

  it.each(sqlite)('falls back to polling on %s', async databaseId => {
    const knex = await databases.init(databaseId);
    const a = await replica(knex, true);
    opened.push({ changes: a.changes });
    expect(a.changes).toBeInstanceOf(PollingRequestChanges);
    expect(a.changes.wakesOnChange).toBe(false);
    const { request } = await a.service.create(prodRequest, user('carol'));
    const waiting = a.service.waitForDecision(request.id, 60, {
      pollMs: 5,
      aborted: () => false,
    });
    await a.service.reject(request.id, user('dave'), 'not now');
    expect(await waiting).toMatchObject({
      decided: true,
      request: { state: 'rejected' },
    });
  });
});
