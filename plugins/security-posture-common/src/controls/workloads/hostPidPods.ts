import { defineWorkloadAdmissionControl } from './workloadAdmissionControl';

export const hostPidPods = defineWorkloadAdmissionControl({
  id: 'workload-host-pid',
  title:
    'Minimize the admission of containers wishing to share the host process ID namespace',
  cisKubernetes: '5.2.3',
  cisEks: '4.2.2',
  severity: 'high',
  runbook: 'workload-hardening',
  rationale:
    'A pod in the host process ID namespace sees every process of the node, can read their environment and, with ptrace, inject into them.',
  remediation:
    'Remove `hostPID: true` from the pod spec and label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'pods with hostPID',
  inspect: workload =>
    workload.spec.hostPID === true
      ? [{ message: 'pod sets hostPID: true', evidence: { hostPID: true } }]
      : [],
});
