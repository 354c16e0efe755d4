import {
  allContainers,
  allowed,
  containersPhrase,
  forbidden,
  pluralize,
  someContainer,
  sortedUnique,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

function hostPortsOf(container: PodContainer): number[] {
  const ports = Array.isArray(container.ports) ? container.ports : [];
  return ports
    .filter(port => port && port.hostPort)
    .map(port => port.hostPort as number);
}

function usesHostPort(container: PodContainer): boolean {
  const ports = container.ports;
  if (!Array.isArray(ports)) return false;
  for (let i = 0; i < ports.length; i++) {
    // 0 and unset both mean "no host port".
    if (ports[i]?.hostPort) return true;
  }
  return false;
}

const hostPorts_1_0: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, usesHostPort)) return allowed;
  const offenders = allContainers(spec).filter(usesHostPort);
  const ports = sortedUnique(offenders.flatMap(hostPortsOf).map(String));
  return forbidden(
    'hostPort',
    `${containersPhrase(offenders.map(c => c.name))} ${pluralize(
      'uses',
      'use',
      offenders.length,
    )} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
    offenders.map(c => c.name),
  );
};

export const hostPorts: PodSecurityCheck = {
  id: 'hostPorts',
  level: 'baseline',
  description:
    'HostPorts should be disallowed entirely: ports[*].hostPort must be unset or 0.',
  versions: [{ minimumMinor: 0, checkPod: hostPorts_1_0 }],
};
