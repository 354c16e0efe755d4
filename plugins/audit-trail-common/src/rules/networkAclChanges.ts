import { DetectionRule } from '../types';
import { eventNameIn } from './filterPattern';

const EVENT_NAMES = [
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
];

/** CIS 4.11 / Security Hub CloudWatch.11. */
export const networkAclChanges: DetectionRule = {
  id: 'network-acl-changes',
  title: 'Network ACL changes',
  cisControlId: '4.11',
  securityHubControlId: 'CloudWatch.11',
  severity: 'medium',
  runbookId: 'audit-trail-network-change',
  metricFilterPattern: `{ ${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')} }`,
  matches: eventNameIn(EVENT_NAMES),
};
