import { Container, isWindowsPod } from '../../kube/workloads';
import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

/** The only capability Pod Security `restricted` lets a container add back. */
const allowedAdd = new Set(['NET_BIND_SERVICE']);

/** The compliant case, judged without building lists (the same answer as below). */
function dropsAllAddsNothingElse(container: Container): boolean {
  const capabilities = container.securityContext?.capabilities;
  if (!capabilities || typeof capabilities !== 'object') return false;
  const { add, drop } = capabilities;
  if (!Array.isArray(drop) || !drop.includes('ALL')) return false;
  if (add === undefined || add === null) return true;
  if (!Array.isArray(add)) return false;
  for (let i = 0; i < add.length; i++) {
    if (!allowedAdd.has(add[i])) return false;
  }
  return true;
}

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
          if (dropsAllAddsNothingElse(container)) return undefined;
          const capabilities = container.securityContext?.capabilities ?? {};
          const added = (capabilities.add ?? []).filter(
            (c: string) => !allowedAdd.has(c),
          );
          const dropsAll = (capabilities.drop ?? []).includes('ALL');
          if (added.length === 0 && dropsAll) return undefined;
          let problems = dropsAll ? '' : 'does not drop ALL';
          if (added.length > 0) {
            problems = `adds ${added.join(', ')}${
              dropsAll ? '' : ` and ${problems}`
            }`;
          }
          return {
            message: `container "${container.name}" ${problems}`,
            evidence: {
              add: capabilities.add ?? [],
              drop: capabilities.drop ?? [],
            },
          };
        }),
});
