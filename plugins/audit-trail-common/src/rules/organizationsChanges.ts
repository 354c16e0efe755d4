import { DetectionRule } from '../types';

const EVENT_NAMES = [
  'AcceptHandshake',
  'AttachPolicy',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdatePolicy',
  'UpdateOrganizationalUnit',
];

/** CIS 4.15 (no Security Hub CloudWatch control). */
export const organizationsChanges: DetectionRule = {
  id: 'organizations-changes',
  title: 'AWS Organizations changes',
  cisControlId: '4.15',
  severity: 'high',
  runbookId: 'audit-trail-organizations-change',
  metricFilterPattern: `{ ($.eventSource = organizations.amazonaws.com) && (${EVENT_NAMES.map(
    name => `($.eventName = "${name}")`,
  ).join(' || ')}) }`,
  matches: record =>
    record.eventSource === 'organizations.amazonaws.com' &&
    EVENT_NAMES.includes(record.eventName),
};
