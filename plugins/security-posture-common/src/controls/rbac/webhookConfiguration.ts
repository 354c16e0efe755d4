import { defineAccessControl } from './accessControl';

export const webhookConfiguration = defineAccessControl({
  id: 'rbac-webhook-configuration',
  title: 'Minimize access to webhook configuration objects',
  cisKubernetes: '5.1.12',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'A subject that can change admission webhooks can read or rewrite every object sent to the API server, or disable the policies that protect it.',
  remediation:
    'Remove create/update/patch/delete on validatingwebhookconfigurations and mutatingwebhookconfigurations from everything but the controllers that own webhooks.',
  accesses: [
    {
      request: {
        verbs: ['create', 'update', 'patch', 'delete'],
        apiGroup: 'admissionregistration.k8s.io',
        resource: 'validatingwebhookconfigurations',
      },
      describe: 'validatingwebhookconfigurations',
    },
    {
      request: {
        verbs: ['create', 'update', 'patch', 'delete'],
        apiGroup: 'admissionregistration.k8s.io',
        resource: 'mutatingwebhookconfigurations',
      },
      describe: 'mutatingwebhookconfigurations',
    },
  ],
});
