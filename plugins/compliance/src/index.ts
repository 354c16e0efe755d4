/**
 * Frontend of Sparki's compliance for auditors: the /compliance pages, the compliance card and
 * tab of clusters, accounts, environments and services, and the API client.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { complianceApiRef } from './api/ComplianceApi';
export type { ComplianceApi } from './api/ComplianceApi';
export { ComplianceClient } from './api/ComplianceClient';
export {
  entityScope,
  isComplianceAvailable,
} from './components/EntityCompliance/entityScope';
