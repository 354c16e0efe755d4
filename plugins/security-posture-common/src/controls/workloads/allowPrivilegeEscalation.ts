import { isWindowsPod } from '../../kube/workloads';
import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

export const allowPrivilegeEscalation = defineWorkloadAdmissionControl({
  id: 'workload-allow-privilege-escalation',
  title: 'Minimize the admission of containers with allowPrivilegeEscalation',
  cisKubernetes: '5.2.6',
  cisEks: '4.2.5',
  severity: 'medium',
  runbook: 'workload-hardening',
  rationale:
    'Unless allowPrivilegeEscalation is false, a process can gain privileges through setuid binaries; it is allowed when the field is unset.',
  remediation:
    'Set `securityContext.allowPrivilegeEscalation: false` on every container and label the namespace `pod-security.kubernetes.io/enforce: restricted`.',
  preventedBy: 'restricted',
  admits: 'containers allowing privilege escalation',
  inspect: workload =>
    isWindowsPod(workload.spec)
      ? []
      : eachContainer(workload, container => {
          const value = container.securityContext?.allowPrivilegeEscalation;
          if (value === false) return undefined;
          return {
            message:
              value === true
                ? `container "${container.name}" sets allowPrivilegeEscalation: true`
                : `container "${container.name}" does not set allowPrivilegeEscalation: false`,
            evidence: { allowPrivilegeEscalation: value ?? null },
          };
        }),
});
