import { eachContainer } from '../workloads/workloadAdmissionControl';
import { defineWorkloadControl } from './workloadControl';

function isEmpty(value: Record<string, unknown> | undefined | null): boolean {
  return !value || Object.keys(value).length === 0;
}

/**
 * CIS leaves "apply a SecurityContext" open; what the API can tell is whether any was applied: a
 * container fails when neither it nor its pod sets a securityContext. The individual settings are
 * judged by the §5.2 controls and the Pod Security Standards.
 */
export const securityContextApplied = defineWorkloadControl({
  id: 'general-security-context',
  title: 'Apply SecurityContext to your Pods and Containers',
  cisKubernetes: '5.6.3',
  severity: 'low',
  runbook: 'workload-hardening',
  rationale:
    'A container without a securityContext runs with every runtime default: image user (often root), default capabilities, writable root file system, privilege escalation allowed.',
  remediation:
    'Set a pod securityContext (runAsNonRoot, seccompProfile) and container securityContexts (allowPrivilegeEscalation: false, capabilities.drop: [ALL], readOnlyRootFilesystem: true).',
  inspect: workload => {
    const podHasContext = !isEmpty(workload.spec.securityContext);
    return eachContainer(workload, container =>
      podHasContext || !isEmpty(container.securityContext)
        ? undefined
        : {
            message: `container "${container.name}" and its pod set no securityContext`,
          },
    );
  },
});
