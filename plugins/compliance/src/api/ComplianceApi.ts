import { createApiRef } from '@backstage/frontend-plugin-api';
import type { AuditEvent, Detection } from '@sparki/audit-trail-common';
import type { ClusterObjectView } from '@sparki/security-posture-common';
import type {
  AcknowledgeBody,
  AttestationBody,
  AttestationState,
  AttestationView,
  CheckResourcePage,
  CheckState,
  ComplianceOverview,
  ControlDetail,
  ControlHistory,
  DetectionAcknowledgement,
  EvidencePackQuery,
  FrameworkDetail,
  ScopeRef,
  ScopeScorePage,
  ScoreHistory,
  WaiverRequestBody,
  WaiverState,
  WaiverView,
} from '@sparki/compliance-common';

export interface OverviewQuery {
  /** Each framework's scopes: only this one's figures (none when it has no results there). */
  scope?: ScopeRef;
  /** How many of each framework's worst scopes to list (backend default 10, at most 100). */
  worstScopes?: number;
}

/** One page of a framework's scopes: `offset` from 0, `limit` 1–100 (backend default 25). */
export interface ScopePageQuery {
  offset?: number;
  limit?: number;
}

export interface ControlQuery {
  scope?: ScopeRef;
  state?: CheckState;
  limit?: number;
  cursor?: string;
}

export interface ResourceQuery {
  checkId: string;
  scope: ScopeRef;
  limit?: number;
  cursor?: string;
}

export interface RegisterFilter<State> {
  state?: State;
  checkId?: string;
  scope?: ScopeRef;
}

export interface HistoryQuery {
  framework: string;
  scope?: ScopeRef;
  from?: string;
  to?: string;
  /** Also answer the last snapshot taken at or before this time. */
  asOf?: string;
  limit?: number;
}

export interface ControlHistoryQuery {
  scope?: ScopeRef;
  from?: string;
  to?: string;
  limit?: number;
}

/** A Kubernetes object as the posture backend's latest inventory holds it. */
export interface ClusterObjectQuery {
  kind: string;
  name: string;
  namespace?: string;
}

/** A downloaded evidence pack, with the manifest hash the backend announced for it. */
export interface EvidencePackDownload {
  blob: Blob;
  fileName: string;
  manifestSha256: string;
}

/** Client of the compliance backend (`/api/compliance`, its openapi.yaml). */
export interface ComplianceApi {
  /** Every framework's roll-up and its worst scopes, or (`scope`) that scope's figures. */
  getOverview(query?: OverviewQuery): Promise<ComplianceOverview>;
  /** The framework's figures and controls; its scopes are counted, paged by `getFrameworkScopes`. */
  getFramework(frameworkId: string, scope?: ScopeRef): Promise<FrameworkDetail>;
  /** One page of the framework's scopes, worst first, with the total. */
  getFrameworkScopes(
    frameworkId: string,
    page?: ScopePageQuery,
  ): Promise<ScopeScorePage>;
  /** The control and one page of its results (one per check and scope), worst first. */
  getControl(
    frameworkId: string,
    controlId: string,
    query?: ControlQuery,
  ): Promise<ControlDetail>;
  /** The objects one check judged in one scope, e.g. the failing pods; keyset-paginated. */
  listResources(
    frameworkId: string,
    controlId: string,
    query: ResourceQuery,
  ): Promise<CheckResourcePage>;
  getHistory(query: HistoryQuery): Promise<ScoreHistory>;
  /** One control's status and progress in each stored score snapshot, oldest first. */
  getControlHistory(
    frameworkId: string,
    controlId: string,
    query?: ControlHistoryQuery,
  ): Promise<ControlHistory>;
  listWaivers(filter?: RegisterFilter<WaiverState>): Promise<WaiverView[]>;
  /** Needs `compliance.waive`; the requester is the signed-in user. */
  requestWaiver(body: WaiverRequestBody): Promise<WaiverView>;
  /** Needs `compliance.approve`; the requester cannot approve their own request. */
  approveWaiver(id: string, comment?: string): Promise<WaiverView>;
  rejectWaiver(id: string, comment: string): Promise<WaiverView>;
  revokeWaiver(id: string, reason: string): Promise<WaiverView>;
  listAttestations(
    filter?: RegisterFilter<AttestationState>,
  ): Promise<AttestationView[]>;
  /**
   * Needs `compliance.attest`; the attester is the signed-in user. With `file`, the evidence
   * file is uploaded with it (multipart); the backend computes its SHA-256.
   */
  createAttestation(
    body: AttestationBody,
    file?: File,
  ): Promise<AttestationView>;
  /** Needs `compliance.evidence-pack.read`; an attestation's uploaded evidence file. */
  downloadEvidenceFile(attestationId: string): Promise<Blob>;
  /** Needs `compliance.attest`; a new record ends the attestation now. */
  revokeAttestation(id: string, reason: string): Promise<AttestationView>;
  listAcknowledgements(ruleId?: string): Promise<DetectionAcknowledgement[]>;
  /** Needs `compliance.triage`; once per detection. */
  acknowledgeDetection(
    eventId: string,
    body: AcknowledgeBody,
  ): Promise<DetectionAcknowledgement>;
  /** Needs `compliance.evidence-pack.read`; the whole archive (tar.gz) in memory, then saved. */
  downloadEvidencePack(query: EvidencePackQuery): Promise<EvidencePackDownload>;
  /** The posture backend's stored object (Secrets redacted), for the drill-down from a finding. */
  getClusterObject(
    cluster: string,
    query: ClusterObjectQuery,
  ): Promise<ClusterObjectView>;
  /**
   * The audit-trail backend's stored event behind a detection (its raw CloudTrail record);
   * undefined when the trail no longer holds it.
   */
  getDetectionEvent(
    detection: Pick<
      Detection,
      'eventId' | 'eventName' | 'accountId' | 'region' | 'eventTime'
    >,
  ): Promise<AuditEvent | undefined>;
}

export const complianceApiRef = createApiRef<ComplianceApi>().with({
  id: 'plugin.compliance.api',
  pluginId: 'compliance',
});
