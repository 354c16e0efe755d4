import { defineWorkloadAdmissionControl } from './workloadAdmissionControl';

export const hostIpcPods = defineWorkloadAdmissionControl({
  id: 'workload-host-ipc',
  title:
    'Minimize the admission of containers wishing to share the host IPC namespace',
  cisKubernetes: '5.2.4',
  cisEks: '4.2.3',
  severity: 'high',
  runbook: 'workload-hardening',
  rationale:
    'A pod in the host IPC namespace can read and write the shared memory and message queues of every process on the node.',
  remediation:
    'Remove `hostIPC: true` from the pod spec and label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'pods with hostIPC',
  inspect: workload =>
    workload.spec.hostIPC === true
      ? [{ message: 'pod sets hostIPC: true', evidence: { hostIPC: true } }]
      : [],
});
