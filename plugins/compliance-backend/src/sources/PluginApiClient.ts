import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * GETs another backend plugin's API through discovery, with a plugin-request token: on behalf of
 * this plugin (background collection) or of the caller (listing objects within their rights).
 */
export class PluginApiClient {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
    private readonly pluginId: string,
  ) {}

  async get<T>(
    path: string,
    query: Record<string, string | number | undefined> = {},
    onBehalfOf?: BackstageCredentials,
  ): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl(this.pluginId);
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: onBehalfOf ?? (await this.auth.getOwnServiceCredentials()),
      targetPluginId: this.pluginId,
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) search.set(key, String(value));
    }
    const url = `${baseUrl}${path}${search.size > 0 ? `?${search}` : ''}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      // The other plugin's refusal reaches the caller as the same kind of error.
      const message = `${this.pluginId} GET ${path} answered ${response.status}`;
      if (response.status === 400) throw new InputError(message);
      if (response.status === 401 || response.status === 403) {
        throw new NotAllowedError(message);
      }
      if (response.status === 404) throw new NotFoundError(message);
      throw new ServiceUnavailableError(message);
    }
    return (await response.json()) as T;
  }
}
