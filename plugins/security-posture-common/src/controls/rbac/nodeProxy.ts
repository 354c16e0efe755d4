import { defineAccessControl } from './accessControl';

export const nodeProxy = defineAccessControl({
  id: 'rbac-node-proxy',
  title: 'Minimize access to the proxy sub-resource of nodes',
  cisKubernetes: '5.1.10',
  severity: 'high',
  runbook: 'rbac-least-privilege',
  rationale:
    'nodes/proxy reaches the kubelet API directly, bypassing admission and audit logging: it allows running commands in any pod of the node.',
  remediation:
    'Remove access to nodes/proxy (and to * on nodes) from every role that monitoring or people do not strictly need; use the metrics endpoints instead.',
  accesses: [
    {
      request: {
        verbs: ['get', 'create'],
        apiGroup: '',
        resource: 'nodes',
        subresource: 'proxy',
      },
      describe: 'nodes/proxy',
    },
  ],
});
