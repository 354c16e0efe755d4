import {
  coreServices,
  createBackendModule,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AuthorizeResult,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  findUnknownPermissions,
  readRegisteredPermissions,
  RegisteredPermissions,
} from './registeredPermissions';

const RESTRICTED_KEY = 'sparki.permissions.restricted';

/** A permission that only members of some groups (or some users) hold. */
export type RestrictedPermission = {
  permission: string;
  allowedGroups: string[];
  allowedUsers: string[];
};

/**
 * Sparki's policy, closed by default. A permission listed in `sparki.permissions.restricted` is
 * held only by users who are, or belong to, one of its allowed entities. An unlisted read
 * (`attributes.action === 'read'`) is allowed to any signed-in user; every other unlisted
 * permission, including those without an action (`scaffolder.template.dry-run`,
 * `scaffolder.action.execute`, …), is denied, so a plugin's new mutating permission stays off
 * until config grants it.
 */
export class SparkiPermissionPolicy implements PermissionPolicy {
  private readonly holders = new Map<string, Set<string>>();

  constructor(
    restrictions: RestrictedPermission[],
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {
    // Two entries for one permission add up: dropping either would silently revoke a grant.
    for (const { permission, allowedGroups, allowedUsers } of restrictions) {
      const holders = this.holders.get(permission) ?? new Set<string>();
      [...allowedGroups, ...allowedUsers].forEach(ref =>
        holders.add(ref.toLowerCase()),
      );
      this.holders.set(permission, holders);
    }
  }

  static readRestrictions(config: Config): RestrictedPermission[] {
    return (config.getOptionalConfigArray(RESTRICTED_KEY) ?? []).map(entry => {
      const permission = entry.getString('permission');
      const refs = (key: string, kind: 'group' | 'user') =>
        (entry.getOptionalStringArray(key) ?? []).map(ref =>
          normalizeRef(
            ref,
            kind,
            `${RESTRICTED_KEY} entry ${permission}, ${key}`,
          ),
        );
      return {
        permission,
        allowedGroups: refs('allowedGroups', 'group'),
        allowedUsers: refs('allowedUsers', 'user'),
      };
    });
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const holders = this.holders.get(request.permission.name);
    if (!holders) {
      return {
        result: isRead(request.permission)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const holds = ownershipEntityRefs.some(ref =>
      holders.has(ref.toLowerCase()),
    );
    return { result: holds ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

function isRead(permission: Permission): boolean {
  return permission.attributes.action === 'read';
}

/** `platform-team` → `group:default/platform-team`; a ref of another kind is a config error. */
function normalizeRef(
  ref: string,
  kind: 'group' | 'user',
  where: string,
): string {
  const parsed = parseEntityRef(ref, {
    defaultKind: kind,
    defaultNamespace: 'default',
  });
  if (parsed.kind.toLowerCase() !== kind) {
    throw new InputError(
      `${where}: '${ref}' is not a ${kind} ref (${kind}:namespace/name)`,
    );
  }
  return stringifyEntityRef(parsed);
}

/** Logs, at error level, the configured permissions that no installed plugin registers. */
export function reportUnknownPermissions(
  restrictions: RestrictedPermission[],
  registered: RegisteredPermissions,
  logger: LoggerService,
): string[] {
  const unknown = findUnknownPermissions(
    restrictions.map(r => r.permission),
    registered.names,
  );
  if (registered.unreadablePlugins.length) {
    logger.warn(
      `Could not read the permissions of ${registered.unreadablePlugins
        .map(p => `${p.pluginId} (${p.reason})`)
        .join(', ')}; unknown permission names below may be theirs`,
    );
  }
  if (unknown.length) {
    logger.error(
      `${RESTRICTED_KEY} names permissions that no plugin registers, so those entries have no ` +
        `effect: ${unknown.join(', ')}`,
    );
  }
  return unknown;
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
        logger: coreServices.logger,
        rootLifecycle: coreServices.rootLifecycle,
        instanceMetadata: coreServices.rootInstanceMetadata,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({
        policy,
        config,
        userInfo,
        logger,
        rootLifecycle,
        ...services
      }) {
        const restrictions = SparkiPermissionPolicy.readRestrictions(config);
        policy.setPolicy(new SparkiPermissionPolicy(restrictions, userInfo));
        // Plugins register their permissions while they start: check once every one has.
        rootLifecycle.addStartupHook(async () => {
          reportUnknownPermissions(
            restrictions,
            await readRegisteredPermissions(services),
            logger,
          );
        });
      },
    });
  },
});
