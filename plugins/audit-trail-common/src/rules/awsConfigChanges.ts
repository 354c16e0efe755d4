import { DetectionRule } from '../types';

const EVENT_NAMES = [
  'StopConfigurationRecorder',
  'DeleteDeliveryChannel',
  'PutDeliveryChannel',
  'PutConfigurationRecorder',
];

/** CIS 4.9 / Security Hub CloudWatch.9. */
export const awsConfigChanges: DetectionRule = {
  id: 'aws-config-changes',
  title: 'AWS Config configuration changes',
  cisControlId: '4.9',
  securityHubControlId: 'CloudWatch.9',
  severity: 'high',
  runbookId: 'audit-trail-logging-tampering',
  metricFilterPattern: `{ ($.eventSource = config.amazonaws.com) && (${EVENT_NAMES.map(
    name => `($.eventName=${name})`,
  ).join('||')}) }`,
  matches: record =>
    record.eventSource === 'config.amazonaws.com' &&
    EVENT_NAMES.includes(record.eventName),
};
