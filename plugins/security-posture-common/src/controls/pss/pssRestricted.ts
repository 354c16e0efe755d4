import { definePodSecurityLevelControl } from './podSecurityLevelControl';

export const pssRestricted = definePodSecurityLevelControl({
  id: 'pss-restricted',
  title: 'Workloads meet the Pod Security Standards restricted level',
  frameworks: ['pss-restricted'],
  severity: 'medium',
  runbook: 'pod-security-admission',
  rationale:
    'Restricted is the hardened profile: non-root, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault, limited volume types.',
  remediation:
    'Set runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault, then label the namespace `pod-security.kubernetes.io/enforce: restricted`.',
  level: 'restricted',
});
