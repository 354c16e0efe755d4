import { Finding, ResourceRef } from '../../controls';
import { workloadKinds } from '../../kube/workloads';
import { podIsolation } from '../../network/networkPolicyIndex';
import { defineControl, evaluation } from '../defineControl';

/** Pods on the host network are out of NetworkPolicy's reach, so they are not judged here. */
export const podsWithoutEgressPolicy = defineControl({
  id: 'network-pods-without-egress-policy',
  title: 'Ensure every pod is selected by an egress NetworkPolicy',
  frameworks: ['network-policy'],
  severity: 'medium',
  runbook: 'network-policies',
  rationale:
    'A pod that no Egress-type NetworkPolicy selects is not isolated for egress: all egress traffic is allowed, whatever the other policies of the namespace say.',
  remediation:
    'Add a default-deny egress policy to the namespace, or a policy whose podSelector matches the pod labels and whose policyTypes include Egress.',
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
          .egress
      ) {
        findings.push({
          controlId: 'network-pods-without-egress-policy',
          resource: workload.resource,
          message: `${workload.resource.kind} "${workload.namespace}/${workload.resource.name}" is selected by no egress NetworkPolicy: all egress traffic is allowed`,
          evidence: { podLabels: labels ?? {} },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
