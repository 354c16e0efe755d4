import { controlCatalog } from '@sparki/security-posture-common';
import { detectionRules } from '@sparki/audit-trail-common';
import { Check, CheckSource } from './types';

export function checkId(source: CheckSource, reference: string): string {
  return `${source}:${reference}`;
}

/** Every posture control is a check; its result comes from the cluster's posture snapshot. */
const postureChecks: Check[] = controlCatalog.map(control => ({
  id: checkId('posture-control', control.id),
  source: 'posture-control',
  reference: control.id,
  title: control.title,
}));

/**
 * Every CIS AWS §4 detection rule is a check. Per account and region it passes when the
 * CloudTrail is ingested without gaps for the period and the detection routes an alert.
 */
const auditTrailChecks: Check[] = detectionRules.map(rule => ({
  id: checkId('audit-trail', rule.id),
  source: 'audit-trail',
  reference: rule.id,
  title: `${rule.title}: ingested without gaps and alerted on`,
}));

/**
 * Detections are findings to triage: per account, critical detections nobody acknowledged within
 * `compliance.detectionsReviewed.maxAgeDays` fail it. Read from the audit trail like the rules'
 * checks, but its reference names no rule.
 */
export const detectionsReviewedCheckId = checkId(
  'audit-trail',
  'detections-reviewed',
);
const detectionsReviewedCheck: Check = {
  id: detectionsReviewedCheckId,
  source: 'audit-trail',
  reference: 'detections-reviewed',
  title: 'Critical detections are reviewed (acknowledged with a note) in time',
};

/** Facts the catalog and the generated Terraform hold about an environment or a service. */
const catalogChecks: Check[] = [
  ['runbook-coverage', 'Every critical path has a current runbook'],
  ['ownership', 'Every service has an owner'],
  ['backup-retention', 'Databases keep automated backups for at least 7 days'],
  ['multi-az', 'Databases and caches run in more than one availability zone'],
  ['deletion-protection', 'Stateful resources have deletion protection'],
  ['encryption-at-rest', 'Stateful resources are encrypted at rest'],
].map(([reference, title]) => ({
  id: checkId('catalog', reference),
  source: 'catalog' as const,
  reference,
  title,
}));

/** Facts from the deploy controls' request records. */
const deployChecks: Check[] = [
  [
    'approved-changes',
    'Every production deploy went through an approved deployment request',
  ],
  ['rollback-exercised', 'A production rollback succeeded within the period'],
].map(([reference, title]) => ({
  id: checkId('deploy', reference),
  source: 'deploy' as const,
  reference,
  title,
}));

/** What no API can see: a person attests it with evidence, and attests it again before expiry. */
const attestationChecks: Check[] = [
  ['pen-test', 'Penetration test done', 'the pen test report and its findings'],
  [
    'owasp-top-10',
    'OWASP Top 10 reviewed',
    'the review against the current OWASP Top 10',
  ],
  [
    'dependency-patching',
    'Dependencies patched',
    'the dependency scan and the patch record',
  ],
  [
    'secret-rotation',
    'Secrets rotated',
    'the rotation record of every production secret',
  ],
  [
    'waf',
    'Web application firewall in front of public endpoints',
    'the WAF configuration',
  ],
  [
    'security-headers',
    'Security headers set',
    'a header scan of the public endpoints',
  ],
  ['cors', 'CORS restricted to known origins', 'the CORS configuration'],
  [
    'rate-limiting',
    'Rate limiting on public endpoints',
    'the rate-limit configuration and a test',
  ],
  [
    'backup-restore',
    'Backups restored successfully',
    'the restore test record',
  ],
  ['failover-test', 'Failover tested', 'the failover exercise record'],
  [
    'dr-plan',
    'Disaster recovery plan current',
    'the DR plan and its last review',
  ],
  ['load-test', 'Load test at expected peak', 'the load test report'],
  ['slos', 'SLOs defined and tracked', 'the SLO definitions and dashboards'],
  [
    'alerting',
    'Alerting on the SLOs and critical signals',
    'the alert rules and routing',
  ],
  ['on-call', 'On-call rotation staffed', 'the on-call schedule'],
  [
    'incident-response-test',
    'Incident response exercised',
    'the exercise record',
  ],
  [
    'post-mortem-process',
    'Post-mortem process in use',
    'the latest post-mortems',
  ],
  [
    'change-management',
    'Change management process in use',
    'the change process and its records',
  ],
  ['rollback-test', 'Rollback verified', 'the rollback exercise record'],
].map(([reference, title, evidenceRequired]) => ({
  id: checkId('attestation', reference),
  source: 'attestation' as const,
  reference,
  title,
  evidenceRequired,
}));

/**
 * From the runbooks backend's test records ("Mark as tested"): the runbooks of critical paths
 * (severity critical or high, or linked from a deploy step) were last tested with outcome
 * passed within `runbooks.staleAfterDays`.
 */
const runbooksChecks: Check[] = [
  {
    id: checkId('runbooks', 'critical-paths-tested'),
    source: 'runbooks',
    reference: 'critical-paths-tested',
    title: 'Runbooks for critical paths were tested and passed recently',
  },
];

/** Every check any framework may reference. */
export const checkCatalog: readonly Check[] = Object.freeze([
  ...postureChecks,
  ...auditTrailChecks,
  detectionsReviewedCheck,
  ...catalogChecks,
  ...deployChecks,
  ...attestationChecks,
  ...runbooksChecks,
]);

const checksById = new Map(checkCatalog.map(check => [check.id, check]));

export function getCheck(id: string): Check | undefined {
  return checksById.get(id);
}
