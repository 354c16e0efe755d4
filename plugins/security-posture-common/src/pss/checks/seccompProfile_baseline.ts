import {
  allContainers,
  allowed,
  forbidden,
  isUnset,
  joinQuote,
  namesOfContainers,
  pluralize,
  settersPhrase,
  someContainer,
  sortedUnique,
} from '../helpers';
import {
  CheckOutcome,
  CheckPodFn,
  PodContainer,
  PodSecurityCheck,
  PodSpec,
  SeccompProfile,
} from '../types';

const podAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
const containerAnnotationPrefix =
  'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: unknown): boolean {
  return (
    value === 'runtime/default' ||
    value === 'docker/default' ||
    (typeof value === 'string' && value.startsWith('localhost/'))
  );
}

function hasContainerNamed(spec: PodSpec, name: string): boolean {
  return someContainer(spec, container => container.name === name);
}

/** The seccomp annotations (pod, or a container of this pod) set to a forbidden value. */
function forbiddenAnnotations(
  annotations: Record<string, string> | null | undefined,
  spec: PodSpec,
): string[] | undefined {
  let found: string[] | undefined;
  if (!annotations) return found;
  for (const key in annotations) {
    if (
      (key === podAnnotation ||
        (key.startsWith(containerAnnotationPrefix) &&
          hasContainerNamed(
            spec,
            key.slice(containerAnnotationPrefix.length),
          ))) &&
      !validAnnotationValue(annotations[key])
    ) {
      (found ??= []).push(`${key}=${JSON.stringify(annotations[key])}`);
    }
  }
  return found;
}

/** Before v1.19 seccomp was configured through alpha annotations. */
const seccompProfileBaseline_1_0: CheckPodFn = (metadata, spec) => {
  const annotations = metadata.annotations;
  const found = forbiddenAnnotations(annotations, spec);
  if (!found) return allowed;
  return forbidden(
    'seccompProfile',
    `forbidden ${pluralize('annotation', 'annotations', found.length)} ${found
      .sort()
      .join(', ')}`,
    namesOfContainers(spec, container => {
      const key = containerAnnotationPrefix + container.name;
      return (
        Object.prototype.hasOwnProperty.call(annotations, key) &&
        !validAnnotationValue(annotations![key])
      );
    }),
  );
};

/** Seccomp profile types the Pod Security Standards accept. */
export function validSeccompProfileType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function setsInvalidProfile(
  profile: SeccompProfile | null | undefined,
): boolean {
  return !isUnset(profile) && !validSeccompProfileType(profile.type);
}

const containerSetsInvalidProfile = (container: PodContainer) =>
  setsInvalidProfile(container.securityContext?.seccompProfile);

/**
 * The denial for explicitly set, invalid seccomp profile types; shared with
 * seccompProfile_restricted.
 */
export function invalidProfileDenial(spec: PodSpec): CheckOutcome {
  const podInvalid = setsInvalidProfile(spec.securityContext?.seccompProfile);
  const offenders = allContainers(spec).filter(containerSetsInvalidProfile);
  const types = sortedUnique(
    [
      ...(podInvalid ? [spec.securityContext!.seccompProfile!.type] : []),
      ...offenders.map(c => c.securityContext!.seccompProfile!.type),
    ].map(type => type ?? ''),
  );
  const names = offenders.map(c => c.name);
  return forbidden(
    'seccompProfile',
    `${settersPhrase(
      podInvalid,
      names,
    )} must not set securityContext.seccompProfile.type to ${joinQuote(types)}`,
    names,
  );
}

/** True if the pod or a container explicitly sets a seccomp profile type other than the valid ones. */
export function setsInvalidSeccompProfile(spec: PodSpec): boolean {
  return (
    setsInvalidProfile(spec.securityContext?.seccompProfile) ||
    someContainer(spec, containerSetsInvalidProfile)
  );
}

const seccompProfileBaseline_1_19: CheckPodFn = (_metadata, spec) =>
  setsInvalidSeccompProfile(spec) ? invalidProfileDenial(spec) : allowed;

export const seccompProfile_baseline: PodSecurityCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  description:
    'If a seccomp profile is set, it must be RuntimeDefault or Localhost (before v1.19: the seccomp alpha annotations must be runtime/default, docker/default or localhost/*).',
  versions: [
    { minimumMinor: 0, checkPod: seccompProfileBaseline_1_0 },
    { minimumMinor: 19, checkPod: seccompProfileBaseline_1_19 },
  ],
};
