import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** Set to `1` to run the database tests on SQLite only, e.g. on a machine without PostgreSQL. */
export const SKIP_POSTGRES_VARIABLE = 'SPARKI_TEST_SKIP_POSTGRES';

/** The local PostgreSQL of a development machine and of CI (trust auth, user postgres). */
export const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432';

const isPostgres = (id: TestDatabaseId) => id.startsWith('POSTGRES_');

/** The variable `TestDatabases` reads the server of a PostgreSQL id from (no containers then). */
export function connectionStringVariable(id: TestDatabaseId): string {
  return `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`;
}

export interface TestDatabasePlan {
  ids: TestDatabaseId[];
  /** Connection strings to set where the environment names none. */
  defaults: Record<string, string>;
  /** Said in the test output when PostgreSQL is left out. */
  warning?: string;
}

/**
 * Which databases a suite runs on. `TestDatabases` alone silently drops PostgreSQL when no
 * connection string is set outside CI (and tries Docker in CI), so a suite could pass having
 * tested SQLite only; here PostgreSQL is only left out when asked for, and says so.
 */
export function planTestDatabases(
  ids: TestDatabaseId[],
  env: NodeJS.ProcessEnv,
): TestDatabasePlan {
  const postgresIds = ids.filter(isPostgres);
  if (env[SKIP_POSTGRES_VARIABLE] === '1' && postgresIds.length > 0) {
    const rest = ids.filter(id => !isPostgres(id));
    const left = postgresIds.join(', ');
    const tested = rest.join(', ') || 'nothing';
    return {
      ids: rest,
      defaults: {},
      warning: `${SKIP_POSTGRES_VARIABLE}=1: not testing on ${left}; these database tests ran on ${tested} only`,
    };
  }
  const url = env.SPARKI_TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL;
  const defaults = Object.fromEntries(
    postgresIds
      .map(connectionStringVariable)
      .filter(variable => !env[variable])
      .map(variable => [variable, url]),
  );
  return { ids, defaults };
}

/**
 * Creates a fresh database on each PostgreSQL id, so that an unreachable server fails the suite
 * with what to do rather than with a driver error in every test.
 */
export async function requireDatabases(
  databases: TestDatabases,
  ids: TestDatabaseId[],
): Promise<void> {
  for (const id of ids.filter(isPostgres)) {
    const variable = connectionStringVariable(id);
    try {
      await databases.init(id);
    } catch (error) {
      // The server without its password, if the connection string has one.
      const server = (process.env[variable] ?? '').replace(
        /(\/\/[^:@/]*):[^@/]*@/,
        '$1:…@',
      );
      throw new Error(
        `${id} is unreachable at ${server} (${
          (error as Error).message
        }). Start PostgreSQL (./sparki test starts the local cluster), point ${variable} ` +
          `at one, or set ${SKIP_POSTGRES_VARIABLE}=1 to test on SQLite only.`,
      );
    }
  }
}

/**
 * `TestDatabases.create({ ids })` for Sparki's store tests: PostgreSQL defaults to the local
 * server, and the suite fails when it is unreachable unless `SPARKI_TEST_SKIP_POSTGRES=1`.
 * Call it where `TestDatabases.create` would go (top of the file or of a `describe`).
 */
export function createTestDatabases(ids: TestDatabaseId[]): TestDatabases {
  const plan = planTestDatabases(ids, process.env);
  if (plan.warning) {
    // eslint-disable-next-line no-console
    console.warn(plan.warning);
  }
  Object.assign(process.env, plan.defaults);
  const databases = TestDatabases.create({ ids: plan.ids });
  if (plan.ids.some(isPostgres)) {
    beforeAll(() => requireDatabases(databases, plan.ids), 120_000);
  }
  return databases;
}
