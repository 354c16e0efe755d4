import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  RestrictedPermission,
  SparkiPermissionPolicy,
} from './permissionPolicy';

const deletePermission = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
});
const readPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});
const refreshPermission = createPermission({
  name: 'catalog.entity.refresh',
  attributes: { action: 'update' },
});
// Some Backstage permissions carry no action at all, e.g. the scaffolder's dry run.
const dryRunPermission = createPermission({
  name: 'scaffolder.template.dry-run',
  attributes: {},
});
const auditReadPermission = createPermission({
  name: 'audit-trail.read',
  attributes: { action: 'read' },
});

const defaultRestrictions = [
  {
    permission: 'catalog.entity.delete',
    allowedGroups: ['group:default/platform-team'],
    allowedUsers: ['user:default/break-glass'],
  },
  {
    permission: 'audit-trail.read',
    allowedGroups: ['group:default/security-auditors'],
  },
];

function userIn(
  userEntityRef: string,
  groups: string[],
  restricted: object[] = defaultRestrictions,
) {
  const config = new ConfigReader({ sparki: { permissions: { restricted } } });
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

const allow = { result: AuthorizeResult.ALLOW };
const deny = { result: AuthorizeResult.DENY };

describe('SparkiPermissionPolicy', () => {
  it('allows unlisted read permissions to any signed-in user', async () => {
    const { policy, user } = userIn('user:default/bob', [
      'group:default/security-auditors',
    ]);
    await expect(
      policy.handle({ permission: readPermission }, user),
    ).resolves.toEqual(allow);
  });

  it('denies everything to a request without a user', async () => {
    const { policy } = userIn('user:default/bob', []);
    await expect(
      policy.handle({ permission: readPermission }),
    ).resolves.toEqual(deny);
  });

  it('denies an unlisted non-read permission to every signed-in user', async () => {
    const { policy, user } = userIn('user:default/alice', [
      'group:default/platform-team',
    ]);
    await expect(
      policy.handle({ permission: refreshPermission }, user),
    ).resolves.toEqual(deny);
  });

  it('treats a permission without an action as non-read', async () => {
    const { policy, user } = userIn('user:default/alice', [
      'group:default/platform-team',
    ]);
    await expect(
      policy.handle({ permission: dryRunPermission }, user),
    ).resolves.toEqual(deny);
  });

  it('grants a listed permission to members of an allowed group', async () => {
    const { policy, user } = userIn('user:default/alice', [
      'group:default/Platform-Team',
    ]);
    await expect(
      policy.handle({ permission: deletePermission }, user),
    ).resolves.toEqual(allow);
  });

  it('grants a listed permission to an allowed user', async () => {
    const { policy, user } = userIn('user:default/break-glass', []);
    await expect(
      policy.handle({ permission: deletePermission }, user),
    ).resolves.toEqual(allow);
  });

  it('denies a listed permission to everyone else, reads included', async () => {
    const { policy, user } = userIn('user:default/bob', [
      'group:default/release-approvers',
    ]);
    await expect(
      policy.handle({ permission: deletePermission }, user),
    ).resolves.toEqual(deny);
    await expect(
      policy.handle({ permission: auditReadPermission }, user),
    ).resolves.toEqual(deny);
  });

  it('reads short refs as groups and users of the default namespace', async () => {
    const restricted = [
      { permission: 'catalog.entity.delete', allowedGroups: ['platform-team'] },
      { permission: 'catalog.entity.refresh', allowedUsers: ['carol'] },
    ];
    const alice = userIn(
      'user:default/alice',
      ['group:default/platform-team'],
      restricted,
    );
    await expect(
      alice.policy.handle({ permission: deletePermission }, alice.user),
    ).resolves.toEqual(allow);
    const carol = userIn('user:default/carol', [], restricted);
    await expect(
      carol.policy.handle({ permission: refreshPermission }, carol.user),
    ).resolves.toEqual(allow);
  });

  it('merges two entries for the same permission instead of keeping only the last', async () => {
    const restricted = [
      {
        permission: 'catalog.entity.delete',
        allowedGroups: ['group:default/platform-team'],
      },
      {
        permission: 'catalog.entity.delete',
        allowedGroups: ['group:default/release-approvers'],
      },
    ];
    const alice = userIn(
      'user:default/alice',
      ['group:default/platform-team'],
      restricted,
    );
    await expect(
      alice.policy.handle({ permission: deletePermission }, alice.user),
    ).resolves.toEqual(allow);
    const carol = userIn(
      'user:default/carol',
      ['group:default/release-approvers'],
      restricted,
    );
    await expect(
      carol.policy.handle({ permission: deletePermission }, carol.user),
    ).resolves.toEqual(allow);
  });

  it('refuses a group ref that names another kind, with the entry in the message', () => {
    const config = new ConfigReader({
      sparki: {
        permissions: {
          restricted: [
            {
              permission: 'catalog.entity.delete',
              allowedGroups: ['user:default/bob'],
            },
          ],
        },
      },
    });
    expect(() => SparkiPermissionPolicy.readRestrictions(config)).toThrow(
      /sparki\.permissions\.restricted.*catalog\.entity\.delete.*user:default\/bob.*group/,
    );
  });

  it('reads the restrictions of the configuration', () => {
    const config = new ConfigReader({
      sparki: { permissions: { restricted: defaultRestrictions } },
    });
    expect(SparkiPermissionPolicy.readRestrictions(config)).toEqual<
      RestrictedPermission[]
    >([
      {
        permission: 'catalog.entity.delete',
        allowedGroups: ['group:default/platform-team'],
        allowedUsers: ['user:default/break-glass'],
      },
      {
        permission: 'audit-trail.read',
        allowedGroups: ['group:default/security-auditors'],
        allowedUsers: [],
      },
    ]);
  });
});
