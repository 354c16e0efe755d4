import {
  allContainers,
  allowed,
  containersPhrase,
  forbidden,
  isWindowsPod,
  joinQuote,
  namesOfContainers,
  someContainer,
  sortedUnique,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

function dropsAll(container: PodContainer): boolean {
  const dropped = container.securityContext?.capabilities?.drop;
  return Array.isArray(dropped) && dropped.includes('ALL');
}

function forbiddenAdded(container: PodContainer): string[] {
  const added = container.securityContext?.capabilities?.add;
  return Array.isArray(added)
    ? added.filter(cap => cap !== 'NET_BIND_SERVICE')
    : [];
}

function addsForbidden(container: PodContainer): boolean {
  const added = container.securityContext?.capabilities?.add;
  if (!Array.isArray(added)) return false;
  for (let i = 0; i < added.length; i++) {
    if (added[i] !== 'NET_BIND_SERVICE') return true;
  }
  return false;
}

const violates = (container: PodContainer) =>
  !dropsAll(container) || addsForbidden(container);

const missesDropAll = (container: PodContainer) => !dropsAll(container);

const capabilitiesRestricted_1_22: CheckPodFn = (_metadata, spec) => {
  if (!someContainer(spec, violates)) return allowed;
  const missingDropAll = namesOfContainers(spec, missesDropAll);
  const adding = namesOfContainers(spec, addsForbidden);
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(
      `${containersPhrase(
        missingDropAll,
      )} must set securityContext.capabilities.drop=["ALL"]`,
    );
  }
  if (adding.length > 0) {
    details.push(
      `${containersPhrase(adding)} must not include ${joinQuote(
        sortedUnique(
          allContainers(spec).filter(addsForbidden).flatMap(forbiddenAdded),
        ),
      )} in securityContext.capabilities.add`,
    );
  }
  return forbidden(
    'unrestricted capabilities',
    details.join('; '),
    namesOfContainers(spec, violates),
  );
};

/** From v1.25 pods that declare spec.os.name: windows are exempt (capabilities are Linux-only). */
const capabilitiesRestricted_1_25: CheckPodFn = (metadata, spec) =>
  isWindowsPod(spec) ? allowed : capabilitiesRestricted_1_22(metadata, spec);

export const capabilities_restricted: PodSecurityCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  description:
    'Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.',
  versions: [
    {
      minimumMinor: 22,
      checkPod: capabilitiesRestricted_1_22,
      overrides: ['capabilities_baseline'],
    },
    {
      minimumMinor: 25,
      checkPod: capabilitiesRestricted_1_25,
      overrides: ['capabilities_baseline'],
    },
  ],
};
