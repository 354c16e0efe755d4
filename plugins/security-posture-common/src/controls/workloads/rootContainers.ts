import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

export const rootContainers = defineWorkloadAdmissionControl({
  id: 'workload-root-containers',
  title: 'Minimize the admission of root containers',
  cisKubernetes: '5.2.7',
  severity: 'medium',
  runbook: 'workload-hardening',
  rationale:
    'A process running as UID 0 is root on the node once it escapes the container, and can write every root-owned file it can reach.',
  remediation:
    'Set `runAsNonRoot: true` (and a non-zero `runAsUser`) in the pod or container securityContext and label the namespace `pod-security.kubernetes.io/enforce: restricted`.',
  preventedBy: 'restricted',
  admits: 'root containers',
  inspect: workload => {
    const pod = workload.spec.securityContext ?? {};
    return eachContainer(workload, container => {
      const runAsUser = container.securityContext?.runAsUser ?? pod.runAsUser;
      const runAsNonRoot =
        container.securityContext?.runAsNonRoot ?? pod.runAsNonRoot;
      if (runAsUser === 0) {
        return {
          message: `container "${container.name}" runs as UID 0`,
          evidence: { runAsUser },
        };
      }
      if (runAsUser === undefined && runAsNonRoot !== true) {
        return {
          message: `container "${container.name}" may run as root: neither runAsNonRoot: true nor a runAsUser is set`,
          evidence: { runAsUser: null, runAsNonRoot: runAsNonRoot ?? null },
        };
      }
      return undefined;
    });
  },
});
