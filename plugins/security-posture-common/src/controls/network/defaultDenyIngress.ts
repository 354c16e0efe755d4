import { Finding, ResourceRef } from '../../controls';
import { defineControl, evaluation, namespaceRef } from '../defineControl';

export const defaultDenyIngress = defineControl({
  id: 'network-default-deny-ingress',
  title: 'Ensure every namespace has a default-deny ingress NetworkPolicy',
  frameworks: ['network-policy'],
  severity: 'medium',
  runbook: 'network-policies',
  rationale:
    'Pods accept all ingress traffic until a NetworkPolicy selects them; a default-deny policy makes every new pod closed by default, so allowing traffic becomes a deliberate act.',
  remediation:
    'Apply a NetworkPolicy with `podSelector: {}`, `policyTypes: [Ingress]` and no ingress rules in the namespace, then allow the flows the workloads need.',
  requires: ['namespaces', 'networkpolicies'],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const namespace of context.userNamespaces) {
      const ref = namespaceRef(namespace.metadata.name);
      applicable.push(ref);
      const policies = context.networkPolicies.byNamespace.get(ref.name) ?? [];
      if (!policies.some(policy => policy.denyAllIngress)) {
        findings.push({
          controlId: 'network-default-deny-ingress',
          resource: ref,
          message: `Namespace "${ref.name}" has no default-deny ingress NetworkPolicy`,
          evidence: { policies: policies.map(policy => policy.ref.name) },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
