import { DetectionRule } from '../types';

const EVENT_NAMES = [
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
];

/** CIS 4.13 / Security Hub CloudWatch.13: EC2 route tables only (v1.4.0 added the source). */
export const routeTableChanges: DetectionRule = {
  id: 'route-table-changes',
  title: 'Route table changes',
  cisControlId: '4.13',
  securityHubControlId: 'CloudWatch.13',
  severity: 'medium',
  runbookId: 'audit-trail-network-change',
  metricFilterPattern: `{ ($.eventSource = ec2.amazonaws.com) && (${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')}) }`,
  matches: record =>
    record.eventSource === 'ec2.amazonaws.com' &&
    EVENT_NAMES.includes(record.eventName),
};
