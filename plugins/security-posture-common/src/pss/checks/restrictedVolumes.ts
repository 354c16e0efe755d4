import {
  allowed,
  forbidden,
  isUnset,
  joinQuote,
  pluralize,
  sortedUnique,
} from '../helpers';
import { CheckPodFn, PodSecurityCheck, PodVolume } from '../types';

/** PodVolume sources that are ephemeral or defined through PersistentVolumes (by a cluster admin). */
const allowedSources: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/**
 * The volume sources a volume sets that are not allowed. A volume without any source is an
 * emptyDir (the API server defaults it so); an unknown source is treated as restricted.
 */
function restrictedSourcesOf(volume: PodVolume): string[] {
  const sources: string[] = [];
  let hasAllowedSource = false;
  for (const key in volume) {
    if (key === 'name' || isUnset(volume[key])) continue;
    if (allowedSources.has(key)) hasAllowedSource = true;
    else sources.push(key);
  }
  return hasAllowedSource ? [] : sources;
}

function isRestricted(volume: PodVolume): boolean {
  let restricted = false;
  for (const key in volume) {
    if (key === 'name' || isUnset(volume[key])) continue;
    if (allowedSources.has(key)) return false;
    restricted = true;
  }
  return restricted;
}

const restrictedVolumes_1_0: CheckPodFn = (_metadata, spec) => {
  const volumes = spec.volumes;
  if (!Array.isArray(volumes)) return allowed;
  let offenders: PodVolume[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const volume = volumes[i];
    if (volume && typeof volume === 'object' && isRestricted(volume)) {
      (offenders ??= []).push(volume);
    }
  }
  if (!offenders) return allowed;
  const types = sortedUnique(offenders.flatMap(restrictedSourcesOf));
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', offenders.length)} ${joinQuote(
      offenders.map(v => v.name),
    )} ${pluralize(
      'uses',
      'use',
      offenders.length,
    )} restricted volume ${pluralize(
      'type',
      'types',
      types.length,
    )} ${joinQuote(types)}`,
  );
};

export const restrictedVolumes: PodSecurityCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  description:
    'Only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes are allowed.',
  versions: [{ minimumMinor: 0, checkPod: restrictedVolumes_1_0 }],
};
