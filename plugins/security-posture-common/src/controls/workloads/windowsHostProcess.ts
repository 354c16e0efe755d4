import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

export const windowsHostProcess = defineWorkloadAdmissionControl({
  id: 'workload-windows-host-process',
  title: 'Minimize the admission of Windows HostProcess containers',
  cisKubernetes: '5.2.10',
  severity: 'high',
  runbook: 'workload-hardening',
  rationale:
    'A Windows HostProcess container runs directly on the Windows node with host access.',
  remediation:
    'Remove `securityContext.windowsOptions.hostProcess: true` and label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'Windows HostProcess containers',
  inspect: workload => {
    const podHostProcess =
      workload.spec.securityContext?.windowsOptions?.hostProcess === true;
    return eachContainer(workload, container => {
      const hostProcess =
        container.securityContext?.windowsOptions?.hostProcess ??
        podHostProcess;
      return hostProcess === true
        ? {
            message: `container "${container.name}" is a Windows HostProcess container`,
            evidence: { hostProcess },
          }
        : undefined;
    });
  },
});
