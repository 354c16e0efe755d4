import { definePodSecurityLevelControl } from './podSecurityLevelControl';

export const pssBaseline = definePodSecurityLevelControl({
  id: 'pss-baseline',
  title: 'Workloads meet the Pod Security Standards baseline level',
  frameworks: ['pss-baseline', 'pss-restricted'],
  severity: 'high',
  runbook: 'pod-security-admission',
  rationale:
    'Baseline forbids the known privilege escalations (privileged, host namespaces, hostPath, host ports, added capabilities...); a pod failing it can take over its node.',
  remediation:
    'Fix the failing fields named in each finding, then label the namespace `pod-security.kubernetes.io/enforce: baseline` so new pods cannot regress.',
  level: 'baseline',
});
