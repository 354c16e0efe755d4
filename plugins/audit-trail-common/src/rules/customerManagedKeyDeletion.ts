import { DetectionRule } from '../types';

/** CIS 4.7 / Security Hub CloudWatch.7. */
export const customerManagedKeyDeletion: DetectionRule = {
  id: 'cmk-disabled-or-scheduled-deletion',
  title: 'Disabling or scheduled deletion of customer-managed KMS keys',
  cisControlId: '4.7',
  securityHubControlId: 'CloudWatch.7',
  severity: 'high',
  runbookId: 'audit-trail-kms-key-deletion',
  metricFilterPattern:
    '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  matches: record =>
    record.eventSource === 'kms.amazonaws.com' &&
    (record.eventName === 'DisableKey' ||
      record.eventName === 'ScheduleKeyDeletion'),
};
