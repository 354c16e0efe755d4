import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SecurityPostureApi } from './SecurityPostureApi';
import {
  CatalogControl,
  ClusterStatus,
  FindingFilters,
  FindingsPage,
  HistoryPoint,
  Snapshot,
} from './types';

type QueryValue = string | number | undefined;

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Talks to the backend through the fetch API, so the user's Backstage token is attached; errors
 * become `ResponseError`s carrying the backend's status and message.
 */
export class SecurityPostureClient implements SecurityPostureApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listClusters(): Promise<ClusterStatus[]> {
    const body = await this.request<{ items: ClusterStatus[] }>('/clusters');
    return body.items;
  }

  async getHistory(
    cluster: string,
    options: { since?: string; limit?: number } = {},
  ): Promise<HistoryPoint[]> {
    const body = await this.request<{ points: HistoryPoint[] }>(
      `/clusters/${encodeURIComponent(cluster)}/history${queryString(options)}`,
    );
    return body.points;
  }

  async listFindings(
    filters: FindingFilters,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<FindingsPage> {
    return this.request<FindingsPage>(
      `/findings${queryString({ ...filters, ...page })}`,
    );
  }

  async getSnapshot(id: number): Promise<Snapshot> {
    return this.request<Snapshot>(`/snapshots/${encodeURIComponent(id)}`);
  }

  async listControls(): Promise<CatalogControl[]> {
    const body = await this.request<{ items: CatalogControl[] }>('/controls');
    return body.items;
  }

  async triggerScan(cluster: string): Promise<Snapshot> {
    return this.request<Snapshot>('/scans', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ cluster }),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'security-posture',
    );
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
