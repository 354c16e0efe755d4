import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { RunbookTest, RunbookTestOutcome } from '@sparki/runbooks-common';
import { Knex } from 'knex';
import { RunbookTestStore } from './RunbookTestStore';

const migrationsDir = resolvePackagePath(
  '@sparki/runbooks-backend',
  'migrations',
);

const TESTS = 'runbooks_tests';

type TestRow = {
  seq?: number;
  runbook_id: string;
  tested_on: string;
  tested_by: string;
  outcome: string;
  note: string | null;
  recorded_at: string;
};

function toTest(row: TestRow): RunbookTest {
  return {
    runbookId: row.runbook_id,
    date: row.tested_on,
    by: row.tested_by,
    outcome: row.outcome as RunbookTestOutcome,
    ...(row.note !== null ? { note: row.note } : {}),
    recordedAt: row.recorded_at,
  };
}

export class KnexRunbookTestStore implements RunbookTestStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient'> &
      Partial<Pick<DatabaseService, 'migrations'>>;
  }): Promise<KnexRunbookTestStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new KnexRunbookTestStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async add(test: RunbookTest): Promise<void> {
    const row: TestRow = {
      runbook_id: test.runbookId,
      tested_on: test.date,
      tested_by: test.by,
      outcome: test.outcome,
      note: test.note ?? null,
      recorded_at: test.recordedAt,
    };
    await this.db<TestRow>(TESTS).insert(row);
  }

  async listForRunbook(runbookId: string): Promise<RunbookTest[]> {
    const rows = await this.db<TestRow>(TESTS)
      .where({ runbook_id: runbookId })
      .orderBy([
        { column: 'tested_on', order: 'desc' },
        { column: 'seq', order: 'desc' },
      ]);
    return rows.map(toTest);
  }

  async latestPerRunbook(): Promise<Map<string, RunbookTest>> {
    // Oldest first, so the last row seen for a runbook is its latest.
    const rows = await this.db<TestRow>(TESTS).orderBy([
      { column: 'tested_on', order: 'asc' },
      { column: 'seq', order: 'asc' },
    ]);
    const latest = new Map<string, RunbookTest>();
    for (const row of rows) latest.set(row.runbook_id, toTest(row));
    return latest;
  }

  async listSince(since: string): Promise<RunbookTest[]> {
    const rows = await this.db<TestRow>(TESTS)
      .where('tested_on', '>=', since)
      .orderBy([
        { column: 'tested_on', order: 'asc' },
        { column: 'seq', order: 'asc' },
      ]);
    return rows.map(toTest);
  }
}
