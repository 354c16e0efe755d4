import {
  allowed,
  forbidden,
  namesOfContainers,
  settersPhrase,
  someContainer,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

const runsAsRoot = (container: PodContainer) =>
  container.securityContext?.runAsUser === 0;

const runAsUser_1_23: CheckPodFn = (_metadata, spec) => {
  const podRunsAsRoot = spec.securityContext?.runAsUser === 0;
  if (!podRunsAsRoot && !someContainer(spec, runsAsRoot)) return allowed;
  const names = namesOfContainers(spec, runsAsRoot);
  return forbidden(
    'runAsUser=0',
    `${settersPhrase(podRunsAsRoot, names)} must not set runAsUser=0`,
    names,
  );
};

export const runAsUser: PodSecurityCheck = {
  id: 'runAsUser',
  level: 'restricted',
  description: 'Containers must not set runAsUser: 0 (pod or container level).',
  versions: [{ minimumMinor: 23, checkPod: runAsUser_1_23 }],
};
