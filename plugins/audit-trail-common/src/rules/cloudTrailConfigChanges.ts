import { DetectionRule } from '../types';
import { eventNameIn } from './filterPattern';

const EVENT_NAMES = [
  'CreateTrail',
  'UpdateTrail',
  'DeleteTrail',
  'StartLogging',
  'StopLogging',
];

/** CIS 4.5 / Security Hub CloudWatch.5. */
export const cloudTrailConfigChanges: DetectionRule = {
  id: 'cloudtrail-config-changes',
  title: 'CloudTrail configuration changes',
  cisControlId: '4.5',
  securityHubControlId: 'CloudWatch.5',
  severity: 'critical',
  runbookId: 'audit-trail-logging-tampering',
  metricFilterPattern: `{ ${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')} }`,
  matches: eventNameIn(EVENT_NAMES),
};
