/**
 * Common types, CloudTrail parsing and the CIS AWS Foundations detection rules of the
 * audit-trail plugin.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './normalize';
export * from './parseRecords';
export * from './detect';
export * from './permissions';
export { csvCell, csvRow } from './csv';
export { detectionRules, matchingRules } from './rules';
