import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AuthorizeResult, PolicyDecision } from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** A permission that only members of some groups (or some users) hold. */
export type RestrictedPermission = {
  permission: string;
  allowedGroups: string[];
  allowedUsers: string[];
};

/**
 * Sparki's policy: any signed-in user may do what is not restricted; a restricted permission is
 * granted only to users who are, or belong to, one of its allowed entities. Restrictions come
 * from `sparki.permissions.restricted`, so each feature's mutating permissions are governed in
 * config rather than in code.
 */
export class SparkiPermissionPolicy implements PermissionPolicy {
  private readonly restricted: Map<string, Set<string>>;

  constructor(
    restrictions: RestrictedPermission[],
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {
    this.restricted = new Map(
      restrictions.map(r => [
        r.permission,
        new Set([...r.allowedGroups, ...r.allowedUsers].map(ref => ref.toLowerCase())),
      ]),
    );
  }

  static readRestrictions(config: Config): RestrictedPermission[] {
    return (config.getOptionalConfigArray('sparki.permissions.restricted') ?? []).map(r => ({
      permission: r.getString('permission'),
      allowedGroups: r.getOptionalStringArray('allowedGroups') ?? [],
      allowedUsers: r.getOptionalStringArray('allowedUsers') ?? [],
    }));
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const allowed = this.restricted.get(request.permission.name);
    if (!allowed) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
    const holds = ownershipEntityRefs.some(ref => allowed.has(ref.toLowerCase()));
    return { result: holds ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'sparki-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new SparkiPermissionPolicy(SparkiPermissionPolicy.readRestrictions(config), userInfo),
        );
      },
    });
  },
});
