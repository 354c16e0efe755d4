import {
  allContainers,
  allowed,
  containersPhrase,
  forbidden,
  isUnset,
  joinQuote,
  someContainer,
  sortedUnique,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

function unmasksProc(container: PodContainer): boolean {
  const procMount = container.securityContext?.procMount;
  return !isUnset(procMount) && procMount !== 'Default';
}

/** Forbids any procMount other than Default; also used by procMount_restricted. */
export const procMount_1_0: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, unmasksProc)) return allowed;
  const offenders = allContainers(spec).filter(unmasksProc);
  return forbidden(
    'procMount',
    `${containersPhrase(
      offenders.map(c => c.name),
    )} must not set securityContext.procMount to ${joinQuote(
      sortedUnique(offenders.map(c => c.securityContext!.procMount)),
    )}`,
    offenders.map(c => c.name),
  );
};

/**
 * From v1.35 pods in a user namespace (hostUsers: false) may unmask /proc: it is then the
 * container's own procfs, not the host's.
 */
const procMount_1_35: CheckPodFn = (metadata, spec) =>
  spec.hostUsers === false ? allowed : procMount_1_0(metadata, spec);

export const procMount: PodSecurityCheck = {
  id: 'procMount',
  level: 'baseline',
  description:
    'The default /proc masks must be kept: securityContext.procMount must be unset or Default (from v1.35, pods with hostUsers: false are exempt).',
  versions: [
    { minimumMinor: 0, checkPod: procMount_1_0 },
    { minimumMinor: 35, checkPod: procMount_1_35 },
  ],
};
