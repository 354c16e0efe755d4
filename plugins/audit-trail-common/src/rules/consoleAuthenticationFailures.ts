import { DetectionRule } from '../types';

/** CIS 4.6 / Security Hub CloudWatch.6. */
export const consoleAuthenticationFailures: DetectionRule = {
  id: 'console-authentication-failures',
  title: 'Management console authentication failures',
  cisControlId: '4.6',
  securityHubControlId: 'CloudWatch.6',
  severity: 'medium',
  runbookId: 'audit-trail-console-sign-in',
  metricFilterPattern:
    '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  matches: record =>
    record.eventName === 'ConsoleLogin' &&
    record.errorMessage === 'Failed authentication',
};
