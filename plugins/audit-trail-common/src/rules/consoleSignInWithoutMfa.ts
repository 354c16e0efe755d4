import { DetectionRule } from '../types';
import { field } from './filterPattern';

/**
 * CIS 4.2 / Security Hub CloudWatch.3, v3.0.0 form: only successful sign-ins of IAM users
 * (federated and root sign-ins carry no IAM-managed MFA flag; failures are 4.6). A sign-in
 * whose record lacks MFAUsed is treated as without MFA: nothing proves MFA was used.
 */
export const consoleSignInWithoutMfa: DetectionRule = {
  id: 'console-sign-in-without-mfa',
  title: 'Management console sign-in without MFA',
  cisControlId: '4.2',
  securityHubControlId: 'CloudWatch.3',
  severity: 'high',
  runbookId: 'audit-trail-console-sign-in',
  metricFilterPattern:
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  matches: record =>
    record.eventName === 'ConsoleLogin' &&
    field(record, 'additionalEventData.MFAUsed') !== 'Yes' &&
    field(record, 'userIdentity.type') === 'IAMUser' &&
    field(record, 'responseElements.ConsoleLogin') === 'Success',
};
