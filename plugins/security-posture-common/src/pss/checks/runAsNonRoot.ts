import {
  allowed,
  containersPhrase,
  forbidden,
  isUnset,
  namesOfContainers,
  settersPhrase,
  someContainer,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

const setsRunAsRootAllowed = (container: PodContainer) =>
  container.securityContext?.runAsNonRoot === false;
const leavesRunAsNonRootUnset = (container: PodContainer) =>
  isUnset(container.securityContext?.runAsNonRoot);

const runAsNonRoot_1_0: CheckPodFn = (_metadata, spec) => {
  const podValue = spec.securityContext?.runAsNonRoot;
  const podSetsFalse = podValue === false;
  const explicitlyBad = someContainer(spec, setsRunAsRootAllowed);
  // Without pod-level runAsNonRoot=true, every container must set it itself.
  const implicitlyBad =
    podValue !== true && someContainer(spec, leavesRunAsNonRootUnset);
  if (!podSetsFalse && !explicitlyBad && !implicitlyBad) return allowed;

  if (podSetsFalse || explicitlyBad) {
    const names = namesOfContainers(spec, setsRunAsRootAllowed);
    return forbidden(
      'runAsNonRoot != true',
      `${settersPhrase(
        podSetsFalse,
        names,
      )} must not set securityContext.runAsNonRoot=false`,
      names,
    );
  }
  const names = namesOfContainers(spec, leavesRunAsNonRootUnset);
  return forbidden(
    'runAsNonRoot != true',
    `pod or ${containersPhrase(
      names,
    )} must set securityContext.runAsNonRoot=true`,
    names,
  );
};

export const runAsNonRoot: PodSecurityCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  description:
    'Containers must run as non-root: runAsNonRoot must be true at pod level (and not false in any container) or in every container.',
  versions: [{ minimumMinor: 0, checkPod: runAsNonRoot_1_0 }],
};
