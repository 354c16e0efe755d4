import {
  allowed,
  forbidden,
  namesOfContainers,
  settersPhrase,
  someContainer,
} from '../helpers';
import { CheckPodFn, PodContainer, PodSecurityCheck } from '../types';

const runsAsHostProcess = (container: PodContainer) =>
  container.securityContext?.windowsOptions?.hostProcess === true;

const windowsHostProcess_1_0: CheckPodFn = (_metadata, spec) => {
  const podHostProcess =
    spec.securityContext?.windowsOptions?.hostProcess === true;
  if (!podHostProcess && !someContainer(spec, runsAsHostProcess))
    return allowed;
  const names = namesOfContainers(spec, runsAsHostProcess);
  return forbidden(
    'hostProcess',
    `${settersPhrase(
      podHostProcess,
      names,
    )} must not set securityContext.windowsOptions.hostProcess=true`,
    names,
  );
};

export const windowsHostProcess: PodSecurityCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  description:
    'Windows HostProcess containers give privileged access to the Windows host: windowsOptions.hostProcess must be unset or false.',
  versions: [{ minimumMinor: 0, checkPod: windowsHostProcess_1_0 }],
};
