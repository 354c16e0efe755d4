/**
 * Backend of the CloudTrail audit trail plugin.
 *
 * @packageDocumentation
 */
export { auditTrailPlugin as default } from './plugin';
