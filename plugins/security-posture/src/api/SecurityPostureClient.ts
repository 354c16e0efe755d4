import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CatalogControl,
  ClusterHistory,
  ClusterStatus,
  ClusterWhatIfRequest,
  FindingFilters,
  FindingsPage,
  HistoryPoint,
  ItemList,
  ScanRequest,
  Snapshot,
  WhatIfResponse,
} from '@sparki/security-posture-common';
import { SecurityPostureApi } from './SecurityPostureApi';

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
    const body = await this.request<ItemList<ClusterStatus>>('/clusters');
    return body.items;
  }

  async getHistory(
    cluster: string,
    options: { since?: string; limit?: number } = {},
  ): Promise<HistoryPoint[]> {
    const body = await this.request<ClusterHistory>(
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
    const body = await this.request<ItemList<CatalogControl>>('/controls');
    return body.items;
  }

  async whatIf(request: ClusterWhatIfRequest): Promise<WhatIfResponse> {
    return this.request<WhatIfResponse>('/what-if', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async triggerScan(cluster: string): Promise<Snapshot> {
    const body: ScanRequest = { cluster };
    return this.request<Snapshot>('/scans', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
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
