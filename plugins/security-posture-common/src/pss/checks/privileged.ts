import {
  containersPhrase,
  allowed,
  forbidden,
  namesOfContainers,
  someContainer,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

const isPrivileged = (container: PodContainer) =>
  container.securityContext?.privileged === true;

const privileged_1_0: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, isPrivileged)) return allowed;
  const names = namesOfContainers(spec, isPrivileged);
  return forbidden(
    'privileged',
    `${containersPhrase(names)} must not set securityContext.privileged=true`,
    names,
  );
};

export const privileged: PodSecurityCheck = {
  id: 'privileged',
  level: 'baseline',
  description:
    'Privileged Pods disable most security mechanisms: securityContext.privileged must be unset or false.',
  versions: [{ minimumMinor: 0, checkPod: privileged_1_0 }],
};
