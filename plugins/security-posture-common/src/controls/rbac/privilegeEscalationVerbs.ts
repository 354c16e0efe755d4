import { defineAccessControl } from './accessControl';

export const privilegeEscalationVerbs = defineAccessControl({
  id: 'rbac-privilege-escalation-verbs',
  title: 'Limit use of the bind, impersonate and escalate permissions',
  cisKubernetes: '5.1.8',
  cisEks: '4.1.8',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'bind and escalate let a subject grant permissions it does not hold; impersonate lets it act as any user, group or service account.',
  remediation:
    'Remove the bind, escalate and impersonate verbs from roles bound to people and workloads; keep them for the few controllers that manage RBAC.',
  accesses: [
    {
      request: {
        verbs: ['bind', 'escalate'],
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'clusterroles',
      },
      describe: 'clusterroles',
    },
    {
      request: {
        verbs: ['bind', 'escalate'],
        apiGroup: 'rbac.authorization.k8s.io',
        resource: 'roles',
      },
      describe: 'roles',
    },
    {
      request: { verbs: ['impersonate'], apiGroup: '', resource: 'users' },
      describe: 'users',
    },
    {
      request: { verbs: ['impersonate'], apiGroup: '', resource: 'groups' },
      describe: 'groups',
    },
    {
      request: {
        verbs: ['impersonate'],
        apiGroup: '',
        resource: 'serviceaccounts',
      },
      describe: 'serviceaccounts',
    },
  ],
});
