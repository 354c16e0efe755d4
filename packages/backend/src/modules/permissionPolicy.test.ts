import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult, createPermission } from '@backstage/plugin-permission-common';
import { SparkiPermissionPolicy } from './permissionPolicy';

const deletePermission = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
});
const readPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

const config = new ConfigReader({
  sparki: {
    permissions: {
      restricted: [
        {
          permission: 'catalog.entity.delete',
          allowedGroups: ['group:default/platform-team'],
          allowedUsers: ['user:default/break-glass'],
        },
      ],
    },
  },
});

function userIn(userEntityRef: string, groups: string[]) {
  const userInfo = mockServices.userInfo({
    userEntityRef,
    ownershipEntityRefs: [userEntityRef, ...groups],
  });
  const policy = new SparkiPermissionPolicy(
    SparkiPermissionPolicy.readRestrictions(config),
    userInfo,
  );
  const user = {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] },
  };
  return { policy, user };
}

describe('SparkiPermissionPolicy', () => {
  it('allows unrestricted permissions to any signed-in user', async () => {
    const { policy, user } = userIn('user:default/bob', ['group:default/security-auditors']);
    await expect(policy.handle({ permission: readPermission }, user)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies everything to a request without a user', async () => {
    const { policy } = userIn('user:default/bob', []);
    await expect(policy.handle({ permission: readPermission })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('grants a restricted permission to members of an allowed group', async () => {
    const { policy, user } = userIn('user:default/alice', ['group:default/Platform-Team']);
    await expect(policy.handle({ permission: deletePermission }, user)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('grants a restricted permission to an allowed user', async () => {
    const { policy, user } = userIn('user:default/break-glass', []);
    await expect(policy.handle({ permission: deletePermission }, user)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies a restricted permission to everyone else', async () => {
    const { policy, user } = userIn('user:default/bob', ['group:default/security-auditors']);
    await expect(policy.handle({ permission: deletePermission }, user)).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
