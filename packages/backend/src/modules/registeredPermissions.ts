import {
  AuthService,
  DiscoveryService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { MetadataResponse } from '@backstage/plugin-permission-node';

/**
 * The permission names of a policy's configuration that no plugin registers, sorted. A name that
 * nobody registers is never checked, so the entry does nothing: a typo in a read restriction
 * leaves that read open to everyone.
 */
export function findUnknownPermissions(
  configured: Iterable<string>,
  registered: Iterable<string>,
): string[] {
  const known = new Set(registered);
  return [...new Set(configured)].filter(name => !known.has(name)).sort();
}

export type RegisteredPermissions = {
  /** Names of every permission the answering plugins register. */
  names: Set<string>;
  /** Plugins whose permissions could not be read (so an unknown name may be theirs). */
  unreadablePlugins: Array<{ pluginId: string; reason: string }>;
};

type ReadOptions = {
  instanceMetadata: RootInstanceMetadataService;
  discovery: DiscoveryService;
  auth: AuthService;
  /** Attempts per plugin when it does not answer or fails (5xx); 404 is an answer. */
  attempts?: number;
  retryDelayMs?: number;
};

/**
 * Reads the permissions every installed plugin registers, from the metadata route that
 * `coreServices.permissionsRegistry` mounts on each plugin using it
 * (`/.well-known/backstage/permissions/metadata`). Plugins without the route register none.
 */
export async function readRegisteredPermissions(
  options: ReadOptions,
): Promise<RegisteredPermissions> {
  const {
    instanceMetadata,
    discovery,
    auth,
    attempts = 5,
    retryDelayMs = 2_000,
  } = options;
  const plugins = await instanceMetadata.getInstalledPlugins();
  const names = new Set<string>();
  const unreadablePlugins: RegisteredPermissions['unreadablePlugins'] = [];

  await Promise.all(
    plugins.map(async ({ pluginId }) => {
      let reason = '';
      for (let attempt = 1; attempt <= attempts; attempt++) {
        try {
          const permissions = await fetchPluginPermissions(
            pluginId,
            discovery,
            auth,
          );
          permissions.forEach(name => names.add(name));
          return;
        } catch (error) {
          reason = String(error);
          if (attempt < attempts)
            await new Promise(r => setTimeout(r, retryDelayMs));
        }
      }
      unreadablePlugins.push({ pluginId, reason });
    }),
  );
  return { names, unreadablePlugins };
}

async function fetchPluginPermissions(
  pluginId: string,
  discovery: DiscoveryService,
  auth: AuthService,
): Promise<string[]> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: pluginId,
  });
  const response = await fetch(
    `${await discovery.getBaseUrl(
      pluginId,
    )}/.well-known/backstage/permissions/metadata`,
    {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    },
  );
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  // Plugins that serve every path themselves (the app's index.html) do not have the route either.
  if (!response.headers.get('content-type')?.includes('application/json'))
    return [];
  const metadata = (await response.json()) as Partial<MetadataResponse>;
  return (metadata.permissions ?? []).map(permission => permission.name);
}
