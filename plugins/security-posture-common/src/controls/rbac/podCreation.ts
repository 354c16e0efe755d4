import { defineAccessControl } from './accessControl';

export const podCreation = defineAccessControl({
  id: 'rbac-pod-creation',
  title: 'Minimize access to create pods',
  cisKubernetes: '5.1.4',
  cisEks: '4.1.4',
  severity: 'medium',
  runbook: 'rbac-least-privilege',
  rationale:
    'Whoever can create pods can run any image as any service account of the namespace and read every Secret it can mount.',
  remediation:
    'Remove create on pods from roles that do not need it; let people deploy through controllers (Deployments) and CI identities.',
  accesses: [
    {
      request: { verbs: ['create'], apiGroup: '', resource: 'pods' },
      describe: 'pods',
    },
  ],
});
