import {
  allowed,
  containersPhrase,
  forbidden,
  isUnset,
  isWindowsPod,
  namesOfContainers,
  someContainer,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';
import {
  invalidProfileDenial,
  setsInvalidSeccompProfile,
  validSeccompProfileType,
} from './seccompProfile_baseline';

const leavesProfileUnset = (container: PodContainer) =>
  isUnset(container.securityContext?.seccompProfile);

const seccompProfileRestricted_1_19: CheckPodFn = (_metadata, spec) => {
  if (setsInvalidSeccompProfile(spec)) return invalidProfileDenial(spec);
  // A valid pod-level profile covers containers that set none.
  if (validSeccompProfileType(spec.securityContext?.seccompProfile?.type))
    return allowed;
  if (!someContainer(spec, leavesProfileUnset)) return allowed;
  const names = namesOfContainers(spec, leavesProfileUnset);
  return forbidden(
    'seccompProfile',
    `pod or ${containersPhrase(
      names,
    )} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    names,
  );
};

/** From v1.25 pods that declare spec.os.name: windows are exempt (seccomp is Linux-only). */
const seccompProfileRestricted_1_25: CheckPodFn = (metadata, spec) =>
  isWindowsPod(spec) ? allowed : seccompProfileRestricted_1_19(metadata, spec);

export const seccompProfile_restricted: PodSecurityCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  description:
    'A seccomp profile must be set, to RuntimeDefault or Localhost, at pod level or in every container.',
  versions: [
    {
      minimumMinor: 19,
      checkPod: seccompProfileRestricted_1_19,
      overrides: ['seccompProfile_baseline'],
    },
    {
      minimumMinor: 25,
      checkPod: seccompProfileRestricted_1_25,
      overrides: ['seccompProfile_baseline'],
    },
  ],
};
