import { TestDatabases } from '@backstage/backend-test-utils';
describe('TestDatabases.create alone (before the fix)', () => {
  delete process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  it('tests on PostgreSQL as well as SQLite', () => {
    expect(databases.eachSupportedId()).toEqual([['POSTGRES_15'], ['SQLITE_3']]);
  });
});
