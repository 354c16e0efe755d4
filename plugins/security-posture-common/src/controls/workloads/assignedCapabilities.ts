import { isWindowsPod } from '../../kube/workloads';
import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

/** The only capability Pod Security `restricted` lets a container add back. */
const allowedAdd = new Set(['NET_BIND_SERVICE']);

export const assignedCapabilities = defineWorkloadAdmissionControl({
  id: 'workload-assigned-capabilities',
  title: 'Minimize the admission of containers with capabilities assigned',
  cisKubernetes: '5.2.9',
  severity: 'medium',
  runbook: 'workload-hardening',
  rationale:
    'Each Linux capability is a slice of root; containers that do not drop them keep the runtime defaults, and added ones (SYS_ADMIN, NET_ADMIN...) often allow escaping.',
  remediation:
    'Set `securityContext.capabilities.drop: ["ALL"]` and add back only NET_BIND_SERVICE if needed; label the namespace `pod-security.kubernetes.io/enforce: restricted`.',
  preventedBy: 'restricted',
  admits: 'containers keeping or adding capabilities',
  inspect: workload =>
    isWindowsPod(workload.spec)
      ? []
      : eachContainer(workload, container => {
          const capabilities = container.securityContext?.capabilities ?? {};
          const added = (capabilities.add ?? []).filter(
            (c: string) => !allowedAdd.has(c),
          );
          const dropsAll = (capabilities.drop ?? []).includes('ALL');
          if (added.length === 0 && dropsAll) return undefined;
          const problems = [
            ...(added.length > 0 ? [`adds ${added.join(', ')}`] : []),
            ...(dropsAll ? [] : ['does not drop ALL']),
          ];
          return {
            message: `container "${container.name}" ${problems.join(' and ')}`,
            evidence: {
              add: capabilities.add ?? [],
              drop: capabilities.drop ?? [],
            },
          };
        }),
});
