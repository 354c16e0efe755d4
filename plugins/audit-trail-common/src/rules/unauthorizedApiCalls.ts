import { DetectionRule } from '../types';
import { fieldEquals } from './filterPattern';

/**
 * CIS 4.1 / Security Hub CloudWatch.2. v3.0.0 added the two exclusions (CloudWatch Logs
 * delivery and S3 HeadBucket probes, both noisy and benign). The pattern is read as the
 * benchmark means it: either error code, and neither exclusion.
 */
export const unauthorizedApiCalls: DetectionRule = {
  id: 'unauthorized-api-calls',
  title: 'Unauthorized API calls',
  cisControlId: '4.1',
  securityHubControlId: 'CloudWatch.2',
  severity: 'medium',
  runbookId: 'audit-trail-identity-misuse',
  metricFilterPattern:
    '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  matches: record =>
    (fieldEquals(record.errorCode, '*UnauthorizedOperation') ||
      fieldEquals(record.errorCode, 'AccessDenied*')) &&
    record.sourceIPAddress !== 'delivery.logs.amazonaws.com' &&
    record.eventName !== 'HeadBucket',
};
