import {
  allContainers,
  allowed,
  containersPhrase,
  forbidden,
  joinQuote,
  pluralize,
  someContainer,
  sortedUnique,
} from '../helpers';
import {
  CheckPodFn,
  PodContainer,
  PodSecurityCheck,
  ProbeOrHandler,
} from '../types';

function hostsOf(handler: ProbeOrHandler | null | undefined): string[] {
  const hosts: string[] = [];
  if (handler?.httpGet?.host) hosts.push(handler.httpGet.host);
  if (handler?.tcpSocket?.host) hosts.push(handler.tcpSocket.host);
  return hosts;
}

function setsHost(handler: ProbeOrHandler | null | undefined): boolean {
  return Boolean(handler && (handler.httpGet?.host || handler.tcpSocket?.host));
}

function usesHost(container: PodContainer): boolean {
  return (
    setsHost(container.livenessProbe) ||
    setsHost(container.readinessProbe) ||
    setsHost(container.startupProbe) ||
    setsHost(container.lifecycle?.postStart) ||
    setsHost(container.lifecycle?.preStop)
  );
}

function hostsUsedBy(container: PodContainer): string[] {
  return [
    container.livenessProbe,
    container.readinessProbe,
    container.startupProbe,
    container.lifecycle?.postStart,
    container.lifecycle?.preStop,
  ].flatMap(hostsOf);
}

const hostProbesAndHostLifecycle_1_34: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, usesHost)) return allowed;
  const offenders = allContainers(spec).filter(usesHost);
  const hosts = sortedUnique(offenders.flatMap(hostsUsedBy));
  return forbidden(
    'probe or lifecycle host',
    `${containersPhrase(offenders.map(c => c.name))} ${pluralize(
      'uses',
      'use',
      offenders.length,
    )} ${pluralize(
      'probe or lifecycle host',
      'probe or lifecycle hosts',
      hosts.length,
    )} ${joinQuote(hosts)}`,
    offenders.map(c => c.name),
  );
};

export const hostProbesAndHostLifecycle: PodSecurityCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  description:
    'Probes and lifecycle handlers must not target another host: httpGet.host and tcpSocket.host must be unset or empty.',
  versions: [{ minimumMinor: 34, checkPod: hostProbesAndHostLifecycle_1_34 }],
};
