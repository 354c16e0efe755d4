import { DetectionRule } from '../types';
import { eventNameIn } from './filterPattern';

const EVENT_NAMES = [
  'CreateVpc',
  'DeleteVpc',
  'ModifyVpcAttribute',
  'AcceptVpcPeeringConnection',
  'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'RejectVpcPeeringConnection',
  'AttachClassicLinkVpc',
  'DetachClassicLinkVpc',
  'DisableVpcClassicLink',
  'EnableVpcClassicLink',
];

/** CIS 4.14 / Security Hub CloudWatch.14. */
export const vpcChanges: DetectionRule = {
  id: 'vpc-changes',
  title: 'VPC changes',
  cisControlId: '4.14',
  securityHubControlId: 'CloudWatch.14',
  severity: 'medium',
  runbookId: 'audit-trail-network-change',
  metricFilterPattern: `{ ${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')} }`,
  matches: eventNameIn(EVENT_NAMES),
};
