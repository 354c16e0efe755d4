import { isWindowsPod } from '../../kube/workloads';
import { eachContainer } from '../workloads/workloadAdmissionControl';
import { defineWorkloadControl } from './workloadControl';

const confining = new Set(['RuntimeDefault', 'Localhost']);

export const seccompProfile = defineWorkloadControl({
  id: 'general-seccomp-profile',
  title:
    'Ensure that the seccomp profile is set to RuntimeDefault in your Pod definitions',
  cisKubernetes: '5.6.2',
  severity: 'low',
  runbook: 'workload-hardening',
  rationale:
    'Without a seccomp profile a container may call every system call, including the rarely needed ones most kernel exploits use.',
  remediation:
    'Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level (or Localhost with a reviewed profile).',
  inspect: workload => {
    if (isWindowsPod(workload.spec)) return [];
    const podType = workload.spec.securityContext?.seccompProfile?.type;
    return eachContainer(workload, container => {
      const type = container.securityContext?.seccompProfile?.type ?? podType;
      if (confining.has(type)) return undefined;
      return {
        message:
          type === 'Unconfined'
            ? `container "${container.name}" runs with seccomp Unconfined`
            : `container "${container.name}" sets no seccomp profile`,
        evidence: { seccompProfile: type ?? null },
      };
    });
  },
});
