import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AttestationBody,
  AttestationState,
  AttestationView,
  CheckResourcePage,
  CheckState,
  ComplianceOverview,
  ControlDetail,
  FrameworkDetail,
  ScopeRef,
  ScoreHistory,
  WaiverRequestBody,
  WaiverState,
  WaiverView,
} from '@sparki/compliance-common';

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

/** Client of the compliance backend (`/api/compliance`, its openapi.yaml). */
export interface ComplianceApi {
  getOverview(): Promise<ComplianceOverview>;
  getFramework(frameworkId: string, scope?: ScopeRef): Promise<FrameworkDetail>;
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
  /** Needs `compliance.attest`; the attester is the signed-in user. */
  createAttestation(body: AttestationBody): Promise<AttestationView>;
}

export const complianceApiRef = createApiRef<ComplianceApi>().with({
  id: 'plugin.compliance.api',
  pluginId: 'compliance',
});
