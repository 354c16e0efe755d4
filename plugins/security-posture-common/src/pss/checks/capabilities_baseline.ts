import {
  allContainers,
  allowed,
  containersPhrase,
  forbidden,
  joinQuote,
  someContainer,
  sortedUnique,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

/** The capabilities container runtimes grant by default; adding others (e.g. NET_RAW) is forbidden. */
const defaultCapabilities_1_0: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function nonDefaultAdded(container: PodContainer): string[] {
  const added = container.securityContext?.capabilities?.add;
  return Array.isArray(added)
    ? added.filter(cap => !defaultCapabilities_1_0.has(cap))
    : [];
}

function addsNonDefault(container: PodContainer): boolean {
  const added = container.securityContext?.capabilities?.add;
  if (!Array.isArray(added)) return false;
  for (let i = 0; i < added.length; i++) {
    if (!defaultCapabilities_1_0.has(added[i])) return true;
  }
  return false;
}

const capabilitiesBaseline_1_0: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, addsNonDefault)) return allowed;
  const offenders = allContainers(spec).filter(addsNonDefault);
  return forbidden(
    'non-default capabilities',
    `${containersPhrase(
      offenders.map(c => c.name),
    )} must not include ${joinQuote(
      sortedUnique(offenders.flatMap(nonDefaultAdded)),
    )} in securityContext.capabilities.add`,
    offenders.map(c => c.name),
  );
};

export const capabilities_baseline: PodSecurityCheck = {
  id: 'capabilities_baseline',
  level: 'baseline',
  description:
    'Adding capabilities beyond the default set (e.g. NET_RAW, SYS_ADMIN) must be disallowed.',
  versions: [{ minimumMinor: 0, checkPod: capabilitiesBaseline_1_0 }],
};
