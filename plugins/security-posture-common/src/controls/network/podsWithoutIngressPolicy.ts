import { Finding, ResourceRef } from '../../controls';
import { workloadKinds } from '../../kube/workloads';
import { podIsolation } from '../../network/networkPolicyIndex';
import { defineControl, evaluation } from '../defineControl';

/** Pods on the host network are out of NetworkPolicy's reach, so they are not judged here. */
export const podsWithoutIngressPolicy = defineControl({
  id: 'network-pods-without-ingress-policy',
  title: 'Ensure every pod is selected by an ingress NetworkPolicy',
  frameworks: ['network-policy'],
  severity: 'medium',
  runbook: 'network-policies',
  rationale:
    'A pod that no Ingress-type NetworkPolicy selects is not isolated for ingress: all ingress traffic is allowed, whatever the other policies of the namespace say.',
  remediation:
    'Add a default-deny ingress policy to the namespace, or a policy whose podSelector matches the pod labels and whose policyTypes include Ingress.',
  requires: ['networkpolicies', ...workloadKinds],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const workload of context.userWorkloads) {
      if (workload.spec.hostNetwork === true) {
        continue;
      }
      applicable.push(workload.resource);
      const labels = workload.podMetadata.labels;
      if (
        !podIsolation(context.networkPolicies, workload.namespace, labels)
          .ingress
      ) {
        findings.push({
          controlId: 'network-pods-without-ingress-policy',
          resource: workload.resource,
          message: `${workload.resource.kind} "${workload.namespace}/${workload.resource.name}" is selected by no ingress NetworkPolicy: all ingress traffic is allowed`,
          evidence: { podLabels: labels ?? {} },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
