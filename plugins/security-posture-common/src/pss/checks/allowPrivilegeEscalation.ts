import {
  allowed,
  containersPhrase,
  forbidden,
  isWindowsPod,
  namesOfContainers,
  someContainer,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

const mayEscalate = (container: PodContainer) =>
  container.securityContext?.allowPrivilegeEscalation !== false;

/** The field exists since Kubernetes 1.8, so the rule starts with policy v1.8. */
const allowPrivilegeEscalation_1_8: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, mayEscalate)) return allowed;
  const names = namesOfContainers(spec, mayEscalate);
  return forbidden(
    'allowPrivilegeEscalation != false',
    `${containersPhrase(
      names,
    )} must set securityContext.allowPrivilegeEscalation=false`,
    names,
  );
};

/** From v1.25 pods that declare spec.os.name: windows are exempt (the field is Linux-only). */
const allowPrivilegeEscalation_1_25: CheckPodFn = (metadata, spec) =>
  isWindowsPod(spec) ? allowed : allowPrivilegeEscalation_1_8(metadata, spec);

export const allowPrivilegeEscalation: PodSecurityCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  description:
    'Privilege escalation (e.g. via set-user-ID binaries) must not be allowed: every container must set allowPrivilegeEscalation: false.',
  versions: [
    { minimumMinor: 8, checkPod: allowPrivilegeEscalation_1_8 },
    { minimumMinor: 25, checkPod: allowPrivilegeEscalation_1_25 },
  ],
};
