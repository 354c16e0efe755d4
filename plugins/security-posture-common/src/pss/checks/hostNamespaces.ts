import { allowed, forbidden } from '../helpers';
import { CheckPodFn, PodSecurityCheck } from '../types';

const hostNamespaces_1_0: CheckPodFn = (_metadata, spec) => {
  if (
    spec.hostNetwork !== true &&
    spec.hostPID !== true &&
    spec.hostIPC !== true
  )
    return allowed;
  const shared: string[] = [];
  if (spec.hostIPC === true) shared.push('hostIPC=true');
  if (spec.hostNetwork === true) shared.push('hostNetwork=true');
  if (spec.hostPID === true) shared.push('hostPID=true');
  return forbidden('host namespaces', shared.join(', '));
};

export const hostNamespaces: PodSecurityCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  description:
    'Sharing the host namespaces must be disallowed: hostNetwork, hostPID and hostIPC must be unset or false.',
  versions: [{ minimumMinor: 0, checkPod: hostNamespaces_1_0 }],
};
