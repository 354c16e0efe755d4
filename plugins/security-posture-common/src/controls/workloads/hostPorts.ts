import {
  defineWorkloadAdmissionControl,
  eachContainer,
} from './workloadAdmissionControl';

function usesNoHostPort(ports: unknown): boolean {
  if (ports === undefined || ports === null) return true;
  if (!Array.isArray(ports)) return false;
  for (let i = 0; i < ports.length; i++) {
    const port = ports[i];
    if (!port || typeof port !== 'object' || port.hostPort) return false;
  }
  return true;
}

export const hostPorts = defineWorkloadAdmissionControl({
  id: 'workload-host-ports',
  title: 'Minimize the admission of containers which use HostPorts',
  cisKubernetes: '5.2.12',
  severity: 'medium',
  runbook: 'workload-hardening',
  rationale:
    'A hostPort publishes the container on the node’s address, bypassing Services and NetworkPolicies that guard pod addresses.',
  remediation:
    'Remove `hostPort` from container ports and expose the workload through a Service; label the namespace `pod-security.kubernetes.io/enforce: baseline` or stricter.',
  preventedBy: 'baseline',
  admits: 'containers using hostPorts',
  inspect: workload =>
    eachContainer(workload, container => {
      // Most containers use no host port: judged without building lists (the same answer).
      if (usesNoHostPort(container.ports)) return undefined;
      const ports = (container.ports ?? [])
        .map(p => p.hostPort)
        .filter((p): p is number => !!p);
      return ports.length > 0
        ? {
            message: `container "${container.name}" uses hostPort ${ports.join(
              ', ',
            )}`,
            evidence: { hostPorts: ports },
          }
        : undefined;
    }),
});
