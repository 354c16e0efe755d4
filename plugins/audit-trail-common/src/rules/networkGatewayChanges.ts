import { DetectionRule } from '../types';
import { eventNameIn } from './filterPattern';

const EVENT_NAMES = [
  'CreateCustomerGateway',
  'DeleteCustomerGateway',
  'AttachInternetGateway',
  'CreateInternetGateway',
  'DeleteInternetGateway',
  'DetachInternetGateway',
];

/** CIS 4.12 / Security Hub CloudWatch.12. */
export const networkGatewayChanges: DetectionRule = {
  id: 'network-gateway-changes',
  title: 'Network gateway changes',
  cisControlId: '4.12',
  securityHubControlId: 'CloudWatch.12',
  severity: 'medium',
  runbookId: 'audit-trail-network-change',
  metricFilterPattern: `{ ${EVENT_NAMES.map(
    name => `($.eventName = ${name})`,
  ).join(' || ')} }`,
  matches: eventNameIn(EVENT_NAMES),
};
