/**
 * Frontend of Sparki's CloudTrail audit trail: the /audit-trail page (event search, CIS AWS
 * Foundations detections, ingestion health), the "Audit trail" tab of AWS-backed entities and
 * the API client.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { auditTrailApiRef } from './api/AuditTrailApi';
export type { AuditTrailApi } from './api/AuditTrailApi';
export { AuditTrailClient } from './api/AuditTrailClient';
export {
  ACCOUNT_ID_ANNOTATION,
  ARN_ANNOTATION,
  isAuditTrailAvailable,
} from './components/EntityAuditContent/availability';
