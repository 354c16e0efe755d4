import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import type { RunbookTest } from '@sparki/runbooks-common';
import { KnexRunbookTestStore } from './KnexRunbookTestStore';

jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

const recorded = (
  runbookId: string,
  date: string,
  recordedAt: string,
  extra: Partial<RunbookTest> = {},
): RunbookTest => ({
  runbookId,
  date,
  by: 'user:default/alice',
  outcome: 'passed',
  recordedAt,
  ...extra,
});

describe.each(databases.eachSupportedId())(
  'KnexRunbookTestStore on %p',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      const store = await KnexRunbookTestStore.create({
        database: { getClient: async () => knex },
      });
      return { store, knex };
    }

    it('runs its migrations up and down', async () => {
      const { knex } = await createStore(databaseId);
      expect(await knex.schema.hasTable('runbooks_tests')).toBe(true);
      await knex.migrate.rollback(
        {
          directory: resolvePackagePath(
            '@sparki/runbooks-backend',
            'migrations',
          ),
        },
        true,
      );
      expect(await knex.schema.hasTable('runbooks_tests')).toBe(false);
    });

    it('keeps every record and orders them by test date, then by recording', async () => {
      const { store } = await createStore(databaseId);
      const hostileNote = `it's "fine"; DROP TABLE runbooks_tests;--`;
      await store.add(
        recorded('rollback', '2026-11-01', '2026-11-02T10:00:00.000Z'),
      );
      await store.add(
        recorded('rollback', '2026-11-20', '2026-11-20T10:00:00.000Z', {
          outcome: 'failed',
          note: hostileNote,
          by: 'user:default/bob',
        }),
      );
      // Recorded later, about an earlier day: not the latest.
      await store.add(
        recorded('rollback', '2026-11-10', '2026-11-25T10:00:00.000Z'),
      );
      await store.add(
        recorded('rollback', '2026-11-20', '2026-11-26T10:00:00.000Z', {
          outcome: 'partial',
          note: 'second run the same day',
        }),
      );
      await store.add(
        recorded('deployment', '2026-10-01', '2026-10-01T09:00:00.000Z'),
      );

      const history = await store.listForRunbook('rollback');
      expect(history.map(t => [t.date, t.outcome])).toEqual([
        ['2026-11-20', 'partial'],
        ['2026-11-20', 'failed'],
        ['2026-11-10', 'passed'],
        ['2026-11-01', 'passed'],
      ]);
      expect(history[1]).toEqual({
        runbookId: 'rollback',
        date: '2026-11-20',
        by: 'user:default/bob',
        outcome: 'failed',
        note: hostileNote,
        recordedAt: '2026-11-20T10:00:00.000Z',
      });
      expect(history[2]).not.toHaveProperty('note');

      const latest = await store.latestPerRunbook();
      expect([...latest.keys()].sort()).toEqual(['deployment', 'rollback']);
      expect(latest.get('rollback')).toMatchObject({
        date: '2026-11-20',
        outcome: 'partial',
      });

      expect(
        (await store.listSince('2026-11-10')).map(t => [t.runbookId, t.date]),
      ).toEqual([
        ['rollback', '2026-11-10'],
        ['rollback', '2026-11-20'],
        ['rollback', '2026-11-20'],
      ]);
      expect(await store.listForRunbook('unknown')).toEqual([]);
    });
  },
);
