import { DetectionRule } from '../types';
import { eventNameIn } from './filterPattern';

const EVENT_NAMES = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
];

/**
 * CIS 4.4 / Security Hub CloudWatch.4. The benchmark's filter matches on event names alone,
 * so same-named calls of other services (e.g. Organizations `CreatePolicy`) match too.
 */
export const iamPolicyChanges: DetectionRule = {
  id: 'iam-policy-changes',
  title: 'IAM policy changes',
  cisControlId: '4.4',
  securityHubControlId: 'CloudWatch.4',
  severity: 'high',
  runbookId: 'audit-trail-iam-policy-change',
  metricFilterPattern: `{${EVENT_NAMES.map(
    name => `($.eventName=${name})`,
  ).join('||')}}`,
  matches: eventNameIn(EVENT_NAMES),
};
