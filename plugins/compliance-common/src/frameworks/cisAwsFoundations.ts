import { DetectionRule, detectionRules } from '@sparki/audit-trail-common';
import { checkId } from '../checks';
import { Control, Framework } from '../types';

/** CIS AWS Foundations Benchmark v3.0.0 §4 (Monitoring): recommendation → audit-trail rule. */
const mapping: ReadonlyArray<[string, string]> = [
  ['4.1', 'unauthorized-api-calls'],
  ['4.2', 'console-sign-in-without-mfa'],
  ['4.3', 'root-account-usage'],
  ['4.4', 'iam-policy-changes'],
  ['4.5', 'cloudtrail-config-changes'],
  ['4.6', 'console-authentication-failures'],
  ['4.7', 'cmk-disabled-or-scheduled-deletion'],
  ['4.8', 's3-bucket-policy-changes'],
  ['4.9', 'aws-config-changes'],
  ['4.10', 'security-group-changes'],
  ['4.11', 'network-acl-changes'],
  ['4.12', 'network-gateway-changes'],
  ['4.13', 'route-table-changes'],
  ['4.14', 'vpc-changes'],
  ['4.15', 'organizations-changes'],
];

function monitoringControl(id: string, ruleId: string): Control {
  const rule: DetectionRule | undefined = detectionRules.find(
    candidate => candidate.id === ruleId,
  );
  if (!rule) {
    throw new Error(`unknown audit-trail rule "${ruleId}"`);
  }
  return {
    id,
    title: `${rule.title}: monitored and alerted on`,
    description: `Per account and region: the CloudTrail is ingested without gaps for the period and the "${rule.id}" detection routes an alert.`,
    rationale:
      'Without an alert the event is only found after the fact, if at all; CIS asks that each monitored event reaches a person within minutes.',
    remediation: `Ingest the account's CloudTrail in every region without gaps and route the "${rule.id}" detection (metric filter \`${rule.metricFilterPattern}\`) to an alert.`,
    runbookId: rule.runbookId,
    severity: rule.severity,
    requiredChecks: [checkId('audit-trail', rule.id)],
  };
}

export const cisAwsFoundations: Framework = {
  id: 'cis-aws-foundations',
  title: 'CIS Amazon Web Services Foundations Benchmark',
  version: '3.0.0',
  section: '§4 Monitoring',
  controls: mapping.map(([id, ruleId]) => monitoringControl(id, ruleId)),
};
