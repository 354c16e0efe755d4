import { defineAccessControl } from './accessControl';

export const secretsAccess = defineAccessControl({
  id: 'rbac-secrets-access',
  title: 'Minimize access to secrets',
  cisKubernetes: '5.1.2',
  cisEks: '4.1.2',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'Reading Secrets exposes credentials, including service account tokens that may grant further privileges.',
  remediation:
    'Remove get, list and watch on secrets from roles bound to people and workloads that do not need them; use resourceNames to grant a single Secret.',
  accesses: [
    {
      request: {
        verbs: ['get', 'list', 'watch'],
        apiGroup: '',
        resource: 'secrets',
      },
      describe: 'secrets',
    },
  ],
});
