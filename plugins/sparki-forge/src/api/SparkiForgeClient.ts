import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ForgeChangeDetail,
  ForgeChangeSummary,
} from '@sparki/sparki-forge-common';
import { SparkiForgeApi } from './SparkiForgeApi';

/** Talks to the backend through the fetch API, so the user's Backstage token is attached. */
export class SparkiForgeClient implements SparkiForgeApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listChanges(
    filter: { environment?: string } = {},
  ): Promise<ForgeChangeSummary[]> {
    const query = filter.environment
      ? `?${new URLSearchParams({ environment: filter.environment })}`
      : '';
    const body = await this.call<{ items: ForgeChangeSummary[] }>(
      `/changes${query}`,
    );
    return body.items;
  }

  getChange(id: string): Promise<ForgeChangeDetail> {
    return this.call(`/changes/${encodeURIComponent(id)}`);
  }

  mergeChange(id: string): Promise<ForgeChangeSummary> {
    return this.call(`/changes/${encodeURIComponent(id)}/merge`, 'POST');
  }

  private async call<T>(path: string, method?: 'POST'): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('sparki-forge');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      method && { method },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
