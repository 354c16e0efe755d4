import { defineAccessControl } from './accessControl';

export const csrApproval = defineAccessControl({
  id: 'rbac-csr-approval',
  title:
    'Minimize access to the approval sub-resource of certificatesigningrequests',
  cisKubernetes: '5.1.11',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'Approving a certificate signing request can issue a client certificate for any user or group, including system:masters.',
  remediation:
    'Remove update/patch on certificatesigningrequests/approval; leave approval to the controller manager and the few identities that issue certificates.',
  accesses: [
    {
      request: {
        verbs: ['update', 'patch'],
        apiGroup: 'certificates.k8s.io',
        resource: 'certificatesigningrequests',
        subresource: 'approval',
      },
      describe: 'certificatesigningrequests/approval',
    },
  ],
});
