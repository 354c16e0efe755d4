import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import sparkiPolicy from './permissionPolicy';
import { findUnknownPermissions } from './registeredPermissions';

jest.setTimeout(120_000);

describe('findUnknownPermissions', () => {
  it('returns the configured names nobody registers, once each and sorted', () => {
    expect(
      findUnknownPermissions(
        [
          'security-posture.scann',
          'catalog.entity.delete',
          'audit-trail.reed',
          'audit-trail.reed',
        ],
        ['catalog.entity.delete', 'security-posture.scan', 'audit-trail.read'],
      ),
    ).toEqual(['audit-trail.reed', 'security-posture.scann']);
  });

  it('returns nothing when every name is registered', () => {
    expect(
      findUnknownPermissions(
        ['catalog.entity.delete'],
        ['catalog.entity.delete'],
      ),
    ).toEqual([]);
  });
});

describe('startup check of the permission configuration', () => {
  // The catalog only registers permissions here; its storage is tested elsewhere.
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('logs, at error level, the configured names that no installed plugin registers', async () => {
    const logger = mockServices.logger.mock();
    const backend = await startTestBackend({
      features: [
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        catalogPlugin,
        permissionPlugin,
        sparkiPolicy,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            sparki: {
              permissions: {
                restricted: [
                  // Registered by the catalog.
                  {
                    permission: 'catalog.entity.delete',
                    allowedGroups: ['platform-team'],
                  },
                  {
                    permission: 'catalog.entitty.refresh',
                    allowedGroups: ['platform-team'],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    try {
      // The check runs in a root startup hook, which startTestBackend awaits.
      const reports = logger.error.mock.calls
        .map(([message]) => String(message))
        .filter(message => message.includes('no plugin registers'));
      expect(reports).toEqual([
        'sparki.permissions.restricted names permissions that no plugin registers, so those ' +
          'entries have no effect: catalog.entitty.refresh',
      ]);
      // Every installed plugin answered, so the report is complete.
      expect(logger.warn).not.toHaveBeenCalledWith(
        expect.stringContaining('Could not read'),
      );
    } finally {
      await backend.stop();
    }
  });
});
