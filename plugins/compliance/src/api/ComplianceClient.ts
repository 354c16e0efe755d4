import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AttestationBody,
  AttestationState,
  AttestationView,
  CheckResourcePage,
  ComplianceOverview,
  ControlDetail,
  FrameworkDetail,
  RegisterPage,
  RevocationBody,
  ScopeRef,
  ScoreHistory,
  WaiverDecisionBody,
  WaiverRequestBody,
  WaiverState,
  WaiverView,
} from '@sparki/compliance-common';
import {
  ComplianceApi,
  ControlQuery,
  HistoryQuery,
  RegisterFilter,
  ResourceQuery,
} from './ComplianceApi';
import { scopeKey } from './scopeKey';

type QueryValue = string | number | ScopeRef | undefined;

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    search.set(
      key,
      typeof value === 'object' ? scopeKey(value) : String(value),
    );
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

/**
 * Talks to the backend through the fetch API, so the user's Backstage token is attached; errors
 * become `ResponseError`s carrying the backend's status and message.
 */
export class ComplianceClient implements ComplianceApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getOverview(): Promise<ComplianceOverview> {
    return this.get('/overview');
  }

  getFramework(
    frameworkId: string,
    scope?: ScopeRef,
  ): Promise<FrameworkDetail> {
    return this.get(
      `/frameworks/${segment(frameworkId)}${queryString({ scope })}`,
    );
  }

  getControl(
    frameworkId: string,
    controlId: string,
    query: ControlQuery = {},
  ): Promise<ControlDetail> {
    return this.get(
      `/frameworks/${segment(frameworkId)}/controls/${segment(
        controlId,
      )}${queryString({ ...query })}`,
    );
  }

  listResources(
    frameworkId: string,
    controlId: string,
    query: ResourceQuery,
  ): Promise<CheckResourcePage> {
    return this.get(
      `/frameworks/${segment(frameworkId)}/controls/${segment(
        controlId,
      )}/resources${queryString({ ...query })}`,
    );
  }

  getHistory(query: HistoryQuery): Promise<ScoreHistory> {
    return this.get(`/history${queryString({ ...query })}`);
  }

  async listWaivers(
    filter: RegisterFilter<WaiverState> = {},
  ): Promise<WaiverView[]> {
    const page = await this.get<RegisterPage<WaiverView>>(
      `/waivers${queryString({ ...filter })}`,
    );
    return page.items;
  }

  requestWaiver(body: WaiverRequestBody): Promise<WaiverView> {
    return this.post('/waivers', body);
  }

  approveWaiver(id: string, comment?: string): Promise<WaiverView> {
    const body: WaiverDecisionBody = comment ? { comment } : {};
    return this.post(`/waivers/${segment(id)}/approve`, body);
  }

  rejectWaiver(id: string, comment: string): Promise<WaiverView> {
    const body: WaiverDecisionBody = { comment };
    return this.post(`/waivers/${segment(id)}/reject`, body);
  }

  revokeWaiver(id: string, reason: string): Promise<WaiverView> {
    const body: RevocationBody = { reason };
    return this.post(`/waivers/${segment(id)}/revoke`, body);
  }

  async listAttestations(
    filter: RegisterFilter<AttestationState> = {},
  ): Promise<AttestationView[]> {
    const page = await this.get<RegisterPage<AttestationView>>(
      `/attestations${queryString({ ...filter })}`,
    );
    return page.items;
  }

  createAttestation(body: AttestationBody): Promise<AttestationView> {
    return this.post('/attestations', body);
  }

  private get<T>(path: string): Promise<T> {
    return this.request<T>(path);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('compliance');
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
