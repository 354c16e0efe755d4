import { allowed, forbidden, isUnset, joinQuote, pluralize } from '../helpers';
import { CheckPodFn, PodSecurityCheck, PodSpec } from '../types';

function hasHostPathVolume(spec: PodSpec): boolean {
  const volumes = spec.volumes;
  if (!Array.isArray(volumes)) return false;
  for (let i = 0; i < volumes.length; i++) {
    if (!isUnset(volumes[i]?.hostPath)) return true;
  }
  return false;
}

const hostPathVolumes_1_0: CheckPodFn = (_metadata, spec) => {
  if (!hasHostPathVolume(spec)) return allowed;
  const names = spec
    .volumes!.filter(volume => !isUnset(volume?.hostPath))
    .map(v => v.name);
  return forbidden(
    'hostPath volumes',
    `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
  );
};

export const hostPathVolumes: PodSecurityCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  description: 'HostPath volumes must be forbidden.',
  versions: [{ minimumMinor: 0, checkPod: hostPathVolumes_1_0 }],
};
