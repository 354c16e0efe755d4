import { Finding, ResourceRef } from '../../controls';
import { defineControl, evaluation, namespaceRef } from '../defineControl';

export const namespacesWithNetworkPolicies = defineControl({
  id: 'network-namespaces-have-policies',
  title: 'Ensure that all Namespaces have NetworkPolicies defined',
  frameworks: ['network-policy'],
  cisKubernetes: '5.3.2',
  cisEks: '4.3.2',
  severity: 'medium',
  runbook: 'network-policies',
  rationale:
    'Without any NetworkPolicy, every pod of the namespace can be reached from, and reach, any pod of the cluster.',
  remediation:
    'Create NetworkPolicies in the namespace, starting with a default-deny policy for ingress and egress.',
  requires: ['namespaces', 'networkpolicies'],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const namespace of context.userNamespaces) {
      const ref = namespaceRef(namespace.metadata.name);
      applicable.push(ref);
      if (
        (context.networkPolicies.byNamespace.get(ref.name) ?? []).length === 0
      ) {
        findings.push({
          controlId: 'network-namespaces-have-policies',
          resource: ref,
          message: `Namespace "${ref.name}" has no NetworkPolicy`,
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
