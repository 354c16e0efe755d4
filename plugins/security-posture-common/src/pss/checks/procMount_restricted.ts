import { PodSecurityCheck } from '../types';
import { procMount_1_0 } from './procMount';

export const procMount_restricted: PodSecurityCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  description:
    'The default /proc masks must be kept, also in user-namespace pods: securityContext.procMount must be unset or Default.',
  versions: [
    // From v1.35 baseline exempts user-namespace pods; restricted keeps the unconditional rule
    // and replaces the weaker baseline check.
    { minimumMinor: 35, checkPod: procMount_1_0, overrides: ['procMount'] },
  ],
};
