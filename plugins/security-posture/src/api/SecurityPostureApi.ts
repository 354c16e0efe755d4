import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CatalogControl,
  ClusterStatus,
  ClusterWhatIfRequest,
  FindingFilters,
  FindingsPage,
  HistoryPoint,
  Snapshot,
  WhatIfResponse,
} from '@sparki/security-posture-common';

/** Client of the security-posture backend (`/api/security-posture`). */
export interface SecurityPostureApi {
  listClusters(): Promise<ClusterStatus[]>;
  getHistory(
    cluster: string,
    options?: { since?: string; limit?: number },
  ): Promise<HistoryPoint[]>;
  listFindings(
    filters: FindingFilters,
    page?: { limit?: number; cursor?: string },
  ): Promise<FindingsPage>;
  /** One snapshot with its scores per framework and namespace and its control results. */
  getSnapshot(id: number): Promise<Snapshot>;
  listControls(): Promise<CatalogControl[]>;
  /** Pods a namespace (or every namespace) would reject when enforcing a Pod Security level. */
  whatIf(request: ClusterWhatIfRequest): Promise<WhatIfResponse>;
  /** Scans a cluster now; needs the `security-posture.scan` permission. */
  triggerScan(cluster: string): Promise<Snapshot>;
}

export const securityPostureApiRef = createApiRef<SecurityPostureApi>().with({
  id: 'plugin.security-posture.api',
  pluginId: 'security-posture',
});
