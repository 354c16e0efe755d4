import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DeploymentHistoryResponse,
  GitHubReviewResult,
  GitHubWaitingRunsResponse,
  ServiceEnvironmentsResponse,
} from '@sparki/deployments-common';
import {
  DeploymentRequestView,
  DeploymentsApi,
  GitHubRunReview,
  HistoryQuery,
  NewDeploymentRequest,
  OverrideKind,
  RequestListPage,
  RequestListQuery,
  ServiceName,
} from './DeploymentsApi';

/** The header that carries the approver's own GitHub token to the backend (never stored there). */
const GITHUB_TOKEN_HEADER = 'X-GitHub-Token';

/** `?a=1&b=2` of the set values, or nothing. */
function queryString(query: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Talks to the backend through the fetch API, so the user's Backstage token is attached. */
export class DeploymentsClient implements DeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  listRequests(query: RequestListQuery): Promise<RequestListPage> {
    return this.call(`/requests${queryString(query)}`);
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

  getServiceEnvironments(
    service: ServiceName,
  ): Promise<ServiceEnvironmentsResponse> {
    const path = [service.namespace, service.kind, service.name]
      .map(encodeURIComponent)
      .join('/');
    return this.call(`/services/${path}/environments`);
  }

  getHistory(query: HistoryQuery): Promise<DeploymentHistoryResponse> {
    return this.call(`/history${queryString(query)}`);
  }

  promoteRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/promote`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  overrideRequest(
    id: string,
    kind: OverrideKind,
    reason: string,
  ): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/override`, {
      method: 'POST',
      body: { kind, reason },
    });
  }

  rollbackRequest(id: string, reason: string): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/rollback`, {
      method: 'POST',
      body: { reason },
    });
  }

  createRequest(input: NewDeploymentRequest): Promise<DeploymentRequestView> {
    return this.call('/requests', { method: 'POST', body: input });
  }

  cancelRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  abortRequest(id: string, reason: string): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/abort`, {
      method: 'POST',
      body: { reason },
    });
  }

  retryRequest(id: string, reason: string): Promise<DeploymentRequestView> {
    return this.call(`/requests/${encodeURIComponent(id)}/retry`, {
      method: 'POST',
      body: { reason },
    });
  }

  listGitHubRuns(
    serviceRef: string,
    githubToken: string,
  ): Promise<GitHubWaitingRunsResponse> {
    return this.call(`/github/runs${queryString({ serviceRef })}`, {
      headers: { [GITHUB_TOKEN_HEADER]: githubToken },
    });
  }

  reviewGitHubRun(
    review: GitHubRunReview,
    githubToken: string,
  ): Promise<GitHubReviewResult> {
    const { owner, repo, runId, state, comment } = review;
    return this.call(
      `/github/runs/${encodeURIComponent(owner)}/${encodeURIComponent(
        repo,
      )}/${runId}/review`,
      {
        method: 'POST',
        body: { state, ...(comment ? { comment } : {}) },
        headers: { [GITHUB_TOKEN_HEADER]: githubToken },
      },
    );
  }

  private async call<T>(
    path: string,
    init?: {
      method?: 'POST';
      body?: object;
      /** Extra headers, e.g. the approver's GitHub token for this one request. */
      headers?: Record<string, string>;
    },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('deployments');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init && {
        ...(init.method ? { method: init.method } : {}),
        headers: {
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
