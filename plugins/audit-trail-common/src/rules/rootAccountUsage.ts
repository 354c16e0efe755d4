import { DetectionRule } from '../types';
import { field } from './filterPattern';

/**
 * CIS 4.3 / Security Hub CloudWatch.1. Calls AWS services make on the root user's behalf
 * (`invokedBy`) and service events are not root activity.
 */
export const rootAccountUsage: DetectionRule = {
  id: 'root-account-usage',
  title: 'Usage of the root user',
  cisControlId: '4.3',
  securityHubControlId: 'CloudWatch.1',
  severity: 'critical',
  runbookId: 'audit-trail-identity-misuse',
  metricFilterPattern:
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  matches: record =>
    field(record, 'userIdentity.type') === 'Root' &&
    field(record, 'userIdentity.invokedBy') === undefined &&
    record.eventType !== 'AwsServiceEvent',
};
