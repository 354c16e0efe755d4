import { defineAccessControl } from './accessControl';

export const serviceAccountTokenCreation = defineAccessControl({
  id: 'rbac-service-account-token-creation',
  title: 'Minimize access to the service account token creation',
  cisKubernetes: '5.1.13',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'Creating serviceaccounts/token issues a token for any service account of the scope, and with it that account’s permissions.',
  remediation:
    'Remove create on serviceaccounts/token except for the components that mint tokens on purpose.',
  accesses: [
    {
      request: {
        verbs: ['create'],
        apiGroup: '',
        resource: 'serviceaccounts',
        subresource: 'token',
      },
      describe: 'serviceaccounts/token',
    },
  ],
});
