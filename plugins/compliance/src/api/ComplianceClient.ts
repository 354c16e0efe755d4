import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEvent,
  AuditEventPage,
  Detection,
} from '@sparki/audit-trail-common';
import type { ClusterObjectView } from '@sparki/security-posture-common';
import type {
  AcknowledgeBody,
  AttestationBody,
  AttestationState,
  AttestationView,
  CheckResourcePage,
  ComplianceOverview,
  ControlDetail,
  ControlHistory,
  DetectionAcknowledgement,
  EvidencePackQuery,
  FrameworkDetail,
  RegisterPage,
  RevocationBody,
  ScopeRef,
  ScopeScorePage,
  ScoreHistory,
  WaiverDecisionBody,
  WaiverRequestBody,
  WaiverState,
  WaiverView,
} from '@sparki/compliance-common';
import {
  attestationEvidenceFilePath,
  attestationUploadParts,
  evidenceContentTypeOf,
  evidencePackManifestHeader,
  evidencePackPath,
  scopeKey,
} from '@sparki/compliance-common';
import {
  ClusterObjectQuery,
  ComplianceApi,
  ControlHistoryQuery,
  ControlQuery,
  EvidencePackDownload,
  HistoryQuery,
  OverviewQuery,
  RegisterFilter,
  ResourceQuery,
  ScopePageQuery,
} from './ComplianceApi';

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

/** `attachment; filename="x.tar.gz"` → `x.tar.gz`; the backend names packs with safe characters. */
function attachmentName(disposition: string | null): string | undefined {
  return disposition?.match(/filename="([^"]+)"/)?.[1];
}

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

  getOverview(query: OverviewQuery = {}): Promise<ComplianceOverview> {
    return this.get(`/overview${queryString({ ...query })}`);
  }

  getFramework(
    frameworkId: string,
    scope?: ScopeRef,
  ): Promise<FrameworkDetail> {
    return this.get(
      `/frameworks/${segment(frameworkId)}${queryString({ scope })}`,
    );
  }

  getFrameworkScopes(
    frameworkId: string,
    page: ScopePageQuery = {},
  ): Promise<ScopeScorePage> {
    return this.get(
      `/frameworks/${segment(frameworkId)}/scopes${queryString({ ...page })}`,
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

  createAttestation(
    body: AttestationBody,
    file?: File,
  ): Promise<AttestationView> {
    if (!file) return this.post('/attestations', body);
    const form = new FormData();
    form.append(attestationUploadParts.attestation, JSON.stringify(body));
    // The allowlisted type, also when the browser names none (e.g. for `.md`); the backend
    // refuses any other with 415.
    const type = evidenceContentTypeOf(file.type, file.name) ?? file.type;
    form.append(
      attestationUploadParts.file,
      file.slice(0, file.size, type),
      file.name,
    );
    // No Content-Type header: the browser sets multipart/form-data with its boundary.
    return this.request('/attestations', { method: 'POST', body: form });
  }

  async downloadEvidenceFile(attestationId: string): Promise<Blob> {
    const response = await this.fetch(
      'compliance',
      attestationEvidenceFilePath(attestationId),
    );
    return response.blob();
  }

  revokeAttestation(id: string, reason: string): Promise<AttestationView> {
    const body: RevocationBody = { reason };
    return this.post(`/attestations/${segment(id)}/revoke`, body);
  }

  getControlHistory(
    frameworkId: string,
    controlId: string,
    query: ControlHistoryQuery = {},
  ): Promise<ControlHistory> {
    return this.get(
      `/frameworks/${segment(frameworkId)}/controls/${segment(
        controlId,
      )}/history${queryString({ ...query })}`,
    );
  }

  async listAcknowledgements(
    ruleId?: string,
  ): Promise<DetectionAcknowledgement[]> {
    const page = await this.get<{ items: DetectionAcknowledgement[] }>(
      `/detections/acknowledgements${queryString({ ruleId })}`,
    );
    return page.items;
  }

  acknowledgeDetection(
    eventId: string,
    body: AcknowledgeBody,
  ): Promise<DetectionAcknowledgement> {
    return this.post(`/detections/${segment(eventId)}/acknowledge`, body);
  }

  async downloadEvidencePack(
    query: EvidencePackQuery,
  ): Promise<EvidencePackDownload> {
    const response = await this.fetch('compliance', evidencePackPath(query));
    const manifestSha256 = response.headers.get(evidencePackManifestHeader);
    if (!manifestSha256) {
      throw new Error(
        `The evidence pack came without its ${evidencePackManifestHeader} header`,
      );
    }
    return {
      blob: await response.blob(),
      fileName:
        attachmentName(response.headers.get('Content-Disposition')) ??
        `evidence-${query.framework}.tar.gz`,
      manifestSha256,
    };
  }

  async getClusterObject(
    cluster: string,
    query: ClusterObjectQuery,
  ): Promise<ClusterObjectView> {
    const response = await this.fetch(
      'security-posture',
      `/clusters/${segment(cluster)}/objects${queryString({ ...query })}`,
    );
    return (await response.json()) as ClusterObjectView;
  }

  async getDetectionEvent(
    detection: Pick<
      Detection,
      'eventId' | 'eventName' | 'accountId' | 'region' | 'eventTime'
    >,
  ): Promise<AuditEvent | undefined> {
    // The event search has no id filter: the detection's name, account, region and
    // millisecond narrow it to a handful, the id picks it.
    const from = new Date(detection.eventTime);
    const to = new Date(from.getTime() + 1);
    const response = await this.fetch(
      'audit-trail',
      `/events${queryString({
        eventName: detection.eventName,
        accountId: detection.accountId,
        region: detection.region,
        from: from.toISOString(),
        to: to.toISOString(),
        limit: 100,
      })}`,
    );
    const page = (await response.json()) as AuditEventPage;
    return page.items.find(event => event.eventId === detection.eventId);
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
    const response = await this.fetch('compliance', path, init);
    return (await response.json()) as T;
  }

  /** A backend plugin's response, thrown as a `ResponseError` unless it is 2xx. */
  private async fetch(
    pluginId: string,
    path: string,
    init?: RequestInit,
  ): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(pluginId);
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
