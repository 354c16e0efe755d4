import { allowed, forbidden } from '../helpers';
import { CheckPodFn, PodSecurityCheck } from '../types';

/** Builds a revision that allows only the given namespaced, isolated ("safe") sysctls. */
function allowOnly(safe: ReadonlySet<string>): CheckPodFn {
  return (_metadata, spec) => {
    const sysctls = spec.securityContext?.sysctls;
    if (!Array.isArray(sysctls)) return allowed;
    let unsafe: string[] | undefined;
    for (let i = 0; i < sysctls.length; i++) {
      const name = sysctls[i]?.name;
      if (typeof name !== 'string' || !safe.has(name))
        (unsafe ??= []).push(String(name));
    }
    return unsafe ? forbidden('forbidden sysctls', unsafe.join(', ')) : allowed;
  };
}

const safe_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const safe_1_27 = [...safe_1_0, 'net.ipv4.ip_local_reserved_ports'];
const safe_1_29 = [
  ...safe_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const safe_1_32 = [...safe_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const safe_1_37 = [
  ...safe_1_32,
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
];

export const sysctls: PodSecurityCheck = {
  id: 'sysctls',
  level: 'baseline',
  description:
    'Sysctls can disable security mechanisms or affect every container on the host: only a safe, namespaced subset (which grows with the policy version) is allowed.',
  versions: [
    { minimumMinor: 0, checkPod: allowOnly(new Set(safe_1_0)) },
    { minimumMinor: 27, checkPod: allowOnly(new Set(safe_1_27)) },
    { minimumMinor: 29, checkPod: allowOnly(new Set(safe_1_29)) },
    { minimumMinor: 32, checkPod: allowOnly(new Set(safe_1_32)) },
    { minimumMinor: 37, checkPod: allowOnly(new Set(safe_1_37)) },
  ],
};
