import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  AuditEventPage,
  AuditEventQuery,
  CountInterval,
  DetectionPage,
  DetectionQuery,
  DetectionRuleMetadata,
  EntityEventPage,
  EventCountBucket,
  ExportFormat,
  IngestRun,
} from '@sparki/audit-trail-common';

/** Client of the audit-trail backend (`/api/audit-trail`). */
export interface AuditTrailApi {
  searchEvents(query: AuditEventQuery): Promise<AuditEventPage>;
  /** Events of a catalog entity, looked up with the caller's catalog permissions. */
  getEntityEvents(
    entityRef: string,
    query: AuditEventQuery,
  ): Promise<EntityEventPage>;
  /** Events and failed calls per hour or day for the query's filters (cursor and limit ignored). */
  countEvents(
    query: AuditEventQuery,
    interval: CountInterval,
  ): Promise<EventCountBucket[]>;
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
