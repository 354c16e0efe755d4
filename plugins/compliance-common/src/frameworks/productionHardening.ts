import { checkId, detectionsReviewedCheckId } from '../checks';
import { Control, Framework, Severity } from '../types';

interface HardeningItem {
  area: 'security' | 'reliability' | 'observability' | 'operations';
  name: string;
  title: string;
  rationale: string;
  remediation: string;
  severity: Severity;
  runbookId?: string;
  /** The item's attestation, and the automated checks where a source has the data. */
  checks: string[];
}

/** The platform's production-hardening checklist, one item per control, area by area. */
const items: readonly HardeningItem[] = [
  {
    area: 'security',
    name: 'pen-test',
    title: 'A penetration test was done and its findings are closed',
    rationale:
      'Automated scans miss logic flaws; an outside tester finds what attackers would.',
    remediation:
      'Commission a pen test of the public surface, fix its high and critical findings, attest with the report.',
    severity: 'high',
    runbookId: 'security-incident-response',
    checks: [checkId('attestation', 'pen-test')],
  },
  {
    area: 'security',
    name: 'owasp-top-10',
    title: 'Services were reviewed against the OWASP Top 10',
    rationale:
      'The OWASP Top 10 are the web flaws exploited most; each service must show it covers them.',
    remediation:
      'Review every public service against the current OWASP Top 10 and attest with the review.',
    severity: 'high',
    checks: [checkId('attestation', 'owasp-top-10')],
  },
  {
    area: 'security',
    name: 'dependency-patching',
    title: 'Dependencies are patched',
    rationale: 'Known-vulnerable dependencies are the cheapest way in.',
    remediation:
      'Run the dependency scan, patch critical and high advisories within their deadline, attest with the record.',
    severity: 'high',
    checks: [checkId('attestation', 'dependency-patching')],
  },
  {
    area: 'security',
    name: 'secret-rotation',
    title: 'Production secrets are rotated',
    rationale: 'A leaked secret stays useful until it is rotated.',
    remediation:
      'Rotate every production secret on its schedule (see the runbook) and attest with the rotation record.',
    severity: 'high',
    runbookId: 'secret-rotation',
    checks: [checkId('attestation', 'secret-rotation')],
  },
  {
    area: 'security',
    name: 'waf',
    title: 'A web application firewall protects the public endpoints',
    rationale:
      'A WAF blocks common exploit traffic before it reaches the services.',
    remediation:
      'Put the public load balancers behind the WAF with the managed rule sets and attest with its configuration.',
    severity: 'medium',
    checks: [checkId('attestation', 'waf')],
  },
  {
    area: 'security',
    name: 'security-headers',
    title: 'Security headers are set',
    rationale:
      'HSTS, CSP, X-Content-Type-Options and frame options close whole classes of browser attacks.',
    remediation:
      'Set the headers at the ingress, scan the public endpoints and attest with the scan.',
    severity: 'medium',
    checks: [checkId('attestation', 'security-headers')],
  },
  {
    area: 'security',
    name: 'cors',
    title: 'CORS allows only known origins',
    rationale:
      "A wildcard CORS policy lets any site call the APIs with the user's credentials.",
    remediation:
      'List the allowed origins explicitly and attest with the configuration.',
    severity: 'medium',
    checks: [checkId('attestation', 'cors')],
  },
  {
    area: 'security',
    name: 'rate-limiting',
    title: 'Public endpoints are rate limited',
    rationale:
      'Without limits one client can exhaust a service or brute-force its logins.',
    remediation:
      'Configure rate limits at the ingress or gateway, test them and attest with the test.',
    severity: 'medium',
    checks: [checkId('attestation', 'rate-limiting')],
  },
  // Here, not in CIS AWS §4: the benchmark's recommendations are "a metric filter and alarm
  // exist" and its data follows the benchmark's text; triaging what fired is the platform's own
  // practice. Judged per account, as the detections are.
  {
    area: 'security',
    name: 'detections-reviewed',
    title: 'Critical audit-trail detections are reviewed in time',
    rationale:
      'An alert nobody looks at is no control: a critical CloudTrail detection (root use, IAM or CloudTrail changes) must be triaged while the trail is fresh.',
    remediation:
      'Triage each critical detection of the account, then acknowledge it with a note (compliance.triage) within compliance.detectionsReviewed.maxAgeDays days.',
    severity: 'critical',
    runbookId: 'security-incident-response',
    checks: [detectionsReviewedCheckId],
  },
  {
    area: 'reliability',
    name: 'backups-verified',
    title: 'Backups are kept and a restore was verified',
    rationale: 'A backup nobody restored is a hope, not a backup.',
    remediation:
      'Keep automated backups for at least 7 days, restore one into a scratch environment and attest with the record.',
    severity: 'critical',
    runbookId: 'backup-restore',
    checks: [
      checkId('catalog', 'backup-retention'),
      checkId('attestation', 'backup-restore'),
    ],
  },
  {
    area: 'reliability',
    name: 'failover-tested',
    title: 'Failover is in place and was tested',
    rationale:
      'Multi-AZ only helps if failing over works and the services reconnect.',
    remediation:
      'Run databases and caches multi-AZ, force a failover and attest with the exercise record.',
    severity: 'high',
    runbookId: 'database-failover',
    checks: [
      checkId('catalog', 'multi-az'),
      checkId('attestation', 'failover-test'),
    ],
  },
  {
    area: 'reliability',
    name: 'dr-plan',
    title: 'A current disaster recovery plan exists',
    rationale:
      'Losing a region or an account must have a rehearsed answer with known RTO and RPO.',
    remediation:
      'Write or review the DR plan (RTO, RPO, steps, owners) and attest with it.',
    severity: 'high',
    runbookId: 'emergency-response',
    checks: [
      checkId('catalog', 'deletion-protection'),
      checkId('catalog', 'encryption-at-rest'),
      checkId('attestation', 'dr-plan'),
    ],
  },
  {
    area: 'reliability',
    name: 'load-test',
    title: 'A load test at the expected peak passed',
    rationale: 'Capacity limits found in production are outages.',
    remediation:
      'Load test at the expected peak plus margin and attest with the report.',
    severity: 'medium',
    runbookId: 'high-traffic-load',
    checks: [checkId('attestation', 'load-test')],
  },
  {
    area: 'observability',
    name: 'slos',
    title: 'SLOs are defined and tracked',
    rationale:
      'Without SLOs there is no agreed line between healthy and broken.',
    remediation:
      'Define availability and latency SLOs per service, track them on a dashboard and attest.',
    severity: 'medium',
    checks: [checkId('attestation', 'slos')],
  },
  {
    area: 'observability',
    name: 'alerting',
    title: 'Alerts fire on the SLOs and critical signals',
    rationale: 'An SLO breach nobody is told about is found by customers.',
    remediation:
      'Alert on SLO burn rates and critical signals, route them through AlertManager and attest with the rules.',
    severity: 'high',
    checks: [checkId('attestation', 'alerting')],
  },
  {
    area: 'operations',
    name: 'on-call',
    title: 'An on-call rotation is staffed and services have owners',
    rationale:
      'An alert needs a person to go to, and a service needs a team to answer for it.',
    remediation:
      'Set an owner on every service in the catalog and staff the on-call schedule; attest with it.',
    severity: 'high',
    checks: [
      checkId('catalog', 'ownership'),
      checkId('attestation', 'on-call'),
    ],
  },
  {
    area: 'operations',
    name: 'runbooks',
    title: 'Critical paths have current runbooks',
    rationale:
      'At 3 a.m. the responder needs the steps written down, not remembered.',
    remediation:
      'Write a runbook for every critical control, detection and deploy step, and keep it reviewed.',
    severity: 'high',
    checks: [checkId('catalog', 'runbook-coverage')],
  },
  {
    area: 'operations',
    name: 'runbooks-tested',
    title: 'Runbooks for critical paths were tested',
    rationale:
      'A runbook nobody exercised fails the responder when it matters; a failed test means its steps are wrong.',
    remediation:
      'Exercise every critical or high runbook and every deploy-step runbook, fix what did not work and "Mark as tested" with outcome passed in the portal, within runbooks.staleAfterDays.',
    severity: 'high',
    checks: [checkId('runbooks', 'critical-paths-tested')],
  },
  {
    area: 'operations',
    name: 'incident-response-tested',
    title: 'Incident response was exercised',
    rationale: 'A response plan only works if people have practised it.',
    remediation:
      'Run a game day on the incident response runbook and attest with its record.',
    severity: 'high',
    runbookId: 'security-incident-response',
    checks: [checkId('attestation', 'incident-response-test')],
  },
  {
    area: 'operations',
    name: 'post-mortem-process',
    title: 'Incidents get blameless post-mortems',
    rationale:
      'Incidents repeat unless their causes are written down and fixed.',
    remediation:
      'Write a post-mortem for every incident from the template and attest with the latest ones.',
    severity: 'medium',
    runbookId: 'post-mortem-template',
    checks: [checkId('attestation', 'post-mortem-process')],
  },
  {
    area: 'operations',
    name: 'change-management',
    title: 'Production changes go through change management',
    rationale: 'Unreviewed changes are the most common cause of outages.',
    remediation:
      'Deploy to production only through approved deployment requests and attest with the process.',
    severity: 'high',
    runbookId: 'production-deployment',
    checks: [
      checkId('deploy', 'approved-changes'),
      checkId('attestation', 'change-management'),
    ],
  },
  {
    area: 'operations',
    name: 'rollback-verified',
    title: 'Rollback works',
    rationale:
      'A deploy that cannot be rolled back turns a bad release into an outage.',
    remediation:
      'Roll a production service back and forward again and attest with the record.',
    severity: 'high',
    runbookId: 'rollback',
    checks: [
      checkId('deploy', 'rollback-exercised'),
      checkId('attestation', 'rollback-test'),
    ],
  },
];

function hardeningControl(item: HardeningItem): Control {
  return {
    id: `${item.area}.${item.name}`,
    title: item.title,
    description: `Production-hardening checklist, ${item.area}.`,
    rationale: item.rationale,
    remediation: item.remediation,
    runbookId: item.runbookId,
    severity: item.severity,
    requiredChecks: item.checks,
  };
}

export const productionHardening: Framework = {
  id: 'production-hardening',
  title: 'Sparki production-hardening checklist',
  version: '1.0.0',
  section: 'security, reliability, observability, operations',
  controls: items.map(hardeningControl),
};
