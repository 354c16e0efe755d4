import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

export const privilegedContainers = defineWorkloadAdmissionControl({
  id: 'workload-privileged-containers',
  title: 'Minimize the admission of privileged containers',
  cisKubernetes: '5.2.2',
  cisEks: '4.2.1',
  severity: 'critical',
  runbook: 'workload-hardening',
  rationale:
    'A privileged container has every capability and all host devices: it is root on the node, not in a container.',
  remediation:
    'Remove `securityContext.privileged: true` (grant the single capability needed instead) and label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'privileged containers',
  inspect: workload =>
    eachContainer(workload, container =>
      container.securityContext?.privileged === true
        ? {
            message: `container "${container.name}" runs privileged`,
            evidence: { privileged: true },
          }
        : undefined,
    ),
});
