import { defineControl } from '../defineControl';

export const namespaceBoundaries = defineControl({
  id: 'general-namespace-boundaries',
  title: 'Create administrative boundaries between resources using namespaces',
  cisKubernetes: '5.6.1',
  cisEks: '4.5.1',
  severity: 'low',
  runbook: 'namespaces',
  rationale:
    'Namespaces are the unit of RBAC, quotas, Pod Security and NetworkPolicy defaults; teams and trust levels sharing one namespace share all of them.',
  remediation:
    'Give each team/application and each trust level its own namespace; review `kubectl get ns` against your ownership model.',
  requires: [],
  manualReason:
    'Whether namespaces match the organisation’s teams and trust boundaries needs the ownership model, which is not in the cluster.',
});
