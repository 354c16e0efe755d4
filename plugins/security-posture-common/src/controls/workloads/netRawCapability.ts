import { isWindowsPod } from '../../kube/workloads';
import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

export const netRawCapability = defineWorkloadAdmissionControl({
  id: 'workload-net-raw-capability',
  title: 'Minimize the admission of containers with the NET_RAW capability',
  cisKubernetes: '5.2.8',
  severity: 'low',
  runbook: 'workload-hardening',
  rationale:
    'NET_RAW, granted by container runtimes by default, allows crafting packets: ARP and DNS spoofing of other pods on the node.',
  remediation:
    'Drop it in every container: `securityContext.capabilities.drop: ["ALL"]` (or at least `NET_RAW`), and label the namespace `pod-security.kubernetes.io/enforce: restricted`.',
  preventedBy: 'restricted',
  admits: 'containers with NET_RAW',
  inspect: workload =>
    isWindowsPod(workload.spec)
      ? []
      : eachContainer(workload, container => {
          const capabilities = container.securityContext?.capabilities ?? {};
          const add: string[] = capabilities.add ?? [];
          const drop: string[] = capabilities.drop ?? [];
          if (add.includes('NET_RAW') || add.includes('ALL')) {
            return {
              message: `container "${container.name}" adds NET_RAW`,
              evidence: { add },
            };
          }
          if (!drop.includes('NET_RAW') && !drop.includes('ALL')) {
            return {
              message: `container "${container.name}" keeps the runtime's default NET_RAW (drops neither NET_RAW nor ALL)`,
              evidence: { drop },
            };
          }
          return undefined;
        }),
});
