import { TestDatabases } from '@backstage/backend-test-utils';
import {
  DEFAULT_POSTGRES_URL,
  createTestDatabases,
  planTestDatabases,
  requireDatabases,
} from './index';

const POSTGRES15 = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

describe('planTestDatabases', () => {
  it('points PostgreSQL at the local server when no connection string is set', () => {
    expect(planTestDatabases(['POSTGRES_15', 'SQLITE_3'], {})).toEqual({
      ids: ['POSTGRES_15', 'SQLITE_3'],
      defaults: { [POSTGRES15]: DEFAULT_POSTGRES_URL },
    });
    expect(
      planTestDatabases(['POSTGRES_15'], {
        SPARKI_TEST_POSTGRES_URL: 'postgresql://postgres@db:5433',
      }).defaults,
    ).toEqual({ [POSTGRES15]: 'postgresql://postgres@db:5433' });
  });

  it('keeps a connection string that is set', () => {
    expect(
      planTestDatabases(['POSTGRES_15', 'SQLITE_3'], {
        [POSTGRES15]: 'postgresql://other@127.0.0.2:5432',
      }).defaults,
    ).toEqual({});
  });

  it('leaves PostgreSQL out only when asked to, and says so', () => {
    expect(
      planTestDatabases(['POSTGRES_15', 'SQLITE_3'], {
        SPARKI_TEST_SKIP_POSTGRES: '1',
      }),
    ).toEqual({
      ids: ['SQLITE_3'],
      defaults: {},
      warning:
        'SPARKI_TEST_SKIP_POSTGRES=1: not testing on POSTGRES_15; these database tests ran on SQLITE_3 only',
    });
    expect(
      planTestDatabases(['SQLITE_3'], { SPARKI_TEST_SKIP_POSTGRES: '1' }),
    ).toEqual({ ids: ['SQLITE_3'], defaults: {} });
  });
});

describe('requireDatabases', () => {
  // Its own instance: the engine it creates keeps the unreachable server.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it('fails with what to do when PostgreSQL is unreachable', async () => {
    const saved = process.env[POSTGRES15];
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    process.env[POSTGRES15] = 'postgresql://postgres:secret@127.0.0.1:1';
    try {
      const failure = await requireDatabases(databases, [
        'POSTGRES_15',
        'SQLITE_3',
      ]).then(
        () => undefined,
        error => String(error.message),
      );
      expect(failure).toMatch(
        /^POSTGRES_15 is unreachable at postgresql:\/\/postgres:…@127\.0\.0\.1:1 \(.+\)\. Start PostgreSQL .* or set SPARKI_TEST_SKIP_POSTGRES=1 to test on SQLite only\.$/,
      );
    } finally {
      if (saved === undefined) delete process.env[POSTGRES15];
      else process.env[POSTGRES15] = saved;
    }
  });
});

describe('createTestDatabases', () => {
  // As a store test outside `./sparki test` sees it: no connection string in the environment.
  delete process.env[POSTGRES15];
  delete process.env.SPARKI_TEST_POSTGRES_URL;
  delete process.env.SPARKI_TEST_SKIP_POSTGRES;
  const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

  it('tests on PostgreSQL as well as SQLite', () => {
    expect(databases.eachSupportedId()).toEqual([
      ['POSTGRES_15'],
      ['SQLITE_3'],
    ]);
  });

  it.each(databases.eachSupportedId())('opens a database on %s', async id => {
    const knex = await databases.init(id);
    await expect(knex.raw('select 1 as one')).resolves.toBeDefined();
  });
});
