import {
  allContainers,
  allowed,
  forbidden,
  isUnset,
  pluralize,
  settersPhrase,
  someContainer,
  sortedUnique,
} from '../helpers';
import {
  AppArmorProfile,
  CheckPodFn,
  PodContainer,
  PodSecurityCheck,
} from '../types';

const annotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: unknown): boolean {
  return (
    value === '' ||
    value === 'runtime/default' ||
    (typeof value === 'string' && value.startsWith('localhost/'))
  );
}

function allowedProfile(profile: AppArmorProfile | null | undefined): boolean {
  const type = profile?.type;
  return isUnset(type) || type === 'RuntimeDefault' || type === 'Localhost';
}

const setsForbiddenProfile = (container: PodContainer) =>
  !allowedProfile(container.securityContext?.appArmorProfile);

function hasForbiddenAnnotation(
  annotations: Record<string, string> | null | undefined,
): boolean {
  if (!annotations) return false;
  for (const key in annotations) {
    if (
      key.startsWith(annotationPrefix) &&
      !allowedAnnotationValue(annotations[key])
    )
      return true;
  }
  return false;
}

const appArmorProfile_1_0: CheckPodFn = (metadata, spec) => {
  const podForbidden = !allowedProfile(spec.securityContext?.appArmorProfile);
  if (
    !podForbidden &&
    !hasForbiddenAnnotation(metadata.annotations) &&
    !someContainer(spec, setsForbiddenProfile)
  ) {
    return allowed;
  }
  const forbiddenAnnotations = Object.entries(
    metadata.annotations ?? {},
  ).filter(
    ([key, value]) =>
      key.startsWith(annotationPrefix) && !allowedAnnotationValue(value),
  );
  const annotations = forbiddenAnnotations
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .sort();
  const annotatedContainers = new Set(
    forbiddenAnnotations.map(([key]) => key.slice(annotationPrefix.length)),
  );
  const offenders = allContainers(spec).filter(setsForbiddenProfile);
  const details = [...annotations];
  if (podForbidden || offenders.length > 0) {
    const types = sortedUnique(
      [
        ...(podForbidden ? [spec.securityContext?.appArmorProfile?.type] : []),
        ...offenders.map(c => c.securityContext?.appArmorProfile?.type),
      ].map(String),
    );
    details.push(
      `${settersPhrase(
        podForbidden,
        offenders.map(c => c.name),
      )} must not set securityContext.appArmorProfile.type to ${types
        .map(t => JSON.stringify(t))
        .join(', ')}`,
    );
  }
  return forbidden(
    pluralize(
      'forbidden AppArmor profile',
      'forbidden AppArmor profiles',
      details.length,
    ),
    details.join(', '),
    allContainers(spec)
      .filter(c => setsForbiddenProfile(c) || annotatedContainers.has(c.name))
      .map(c => c.name),
  );
};

export const appArmorProfile: PodSecurityCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  description:
    'The default AppArmor profile must not be overridden or disabled: annotations container.apparmor.security.beta.kubernetes.io/* may only be runtime/default or localhost/*, and securityContext.appArmorProfile.type only RuntimeDefault or Localhost.',
  versions: [{ minimumMinor: 0, checkPod: appArmorProfile_1_0 }],
};
