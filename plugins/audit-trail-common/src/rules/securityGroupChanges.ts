import { DetectionRule } from '../types';
import { eventNameIn } from './filterPattern';

const EVENT_NAMES = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
];

/** CIS 4.10 / Security Hub CloudWatch.10. */
export const securityGroupChanges: DetectionRule = {
  id: 'security-group-changes',
  title: 'Security group changes',
  cisControlId: '4.10',
  securityHubControlId: 'CloudWatch.10',
  severity: 'medium',
  runbookId: 'audit-trail-network-change',
  metricFilterPattern: `{ ${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')} }`,
  matches: eventNameIn(EVENT_NAMES),
};
