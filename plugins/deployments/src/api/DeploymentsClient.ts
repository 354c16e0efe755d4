import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { DeploymentRequest } from '@sparki/deployments-common';
import {
  DeploymentRequestView,
  DeploymentsApi,
  RequestListQuery,
} from './DeploymentsApi';

/** Talks to the backend through the fetch API, so the user's Backstage token is attached. */
export class DeploymentsClient implements DeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listRequests(query: RequestListQuery): Promise<DeploymentRequest[]> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') search.set(key, String(value));
    }
    const text = search.toString();
    const body = await this.call<{ items: DeploymentRequest[] }>(
      `/requests${text ? `?${text}` : ''}`,
    );
    return body.items;
  }

  getRequest(id: string): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}`);
  }

  approveRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/approve`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  rejectRequest(id: string, comment: string): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/reject`, {
      method: 'POST',
      body: { comment },
    });
  }

  private async call<T>(
    path: string,
    init?: { method: 'POST'; body: object },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('deployments');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init && {
        method: init.method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
