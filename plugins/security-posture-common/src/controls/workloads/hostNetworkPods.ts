import { defineWorkloadAdmissionControl } from './workloadAdmissionControl';

export const hostNetworkPods = defineWorkloadAdmissionControl({
  id: 'workload-host-network',
  title:
    'Minimize the admission of containers wishing to share the host network namespace',
  cisKubernetes: '5.2.5',
  cisEks: '4.2.4',
  severity: 'high',
  runbook: 'workload-hardening',
  rationale:
    'A pod in the host network namespace can capture the node’s traffic and reach services listening on the node’s loopback interface, such as the kubelet.',
  remediation:
    'Remove `hostNetwork: true` from the pod spec and label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'pods with hostNetwork',
  inspect: workload =>
    workload.spec.hostNetwork === true
      ? [
          {
            message: 'pod sets hostNetwork: true',
            evidence: { hostNetwork: true },
          },
        ]
      : [],
});
