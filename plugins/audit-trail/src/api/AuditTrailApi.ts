import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AuditEventPage,
  AuditEventQuery,
  DetectionPage,
  DetectionQuery,
  DetectionRuleMetadata,
  IngestRun,
} from '@sparki/audit-trail-common';

/** The AWS identifiers a catalog entity stands for (see the backend's entity scope). */
export interface EntityEventScope {
  accountIds: string[];
  arns: string[];
}

export type EntityEventPage = AuditEventPage & { scope: EntityEventScope };

export type ExportFormat = 'csv' | 'ndjson';

/** Client of the audit-trail backend (`/api/audit-trail`). */
export interface AuditTrailApi {
  searchEvents(query: AuditEventQuery): Promise<AuditEventPage>;
  /** Events of a catalog entity, looked up with the caller's catalog permissions. */
  getEntityEvents(
    entityRef: string,
    query: AuditEventQuery,
  ): Promise<EntityEventPage>;
  listDetections(query: DetectionQuery): Promise<DetectionPage>;
  listRules(): Promise<DetectionRuleMetadata[]>;
  listIngestRuns(): Promise<IngestRun[]>;
  /** Every event matching the query (cursor and limit are ignored), as a file. */
  exportEvents(query: AuditEventQuery, format: ExportFormat): Promise<Blob>;
}

export const auditTrailApiRef = createApiRef<AuditTrailApi>().with({
  id: 'plugin.audit-trail.api',
  pluginId: 'audit-trail',
});
