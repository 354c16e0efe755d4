import {
  allContainers,
  allowed,
  forbidden,
  joinQuote,
  pluralize,
  settersPhrase,
  someContainer,
  sortedUnique,
} from '../helpers';
import {
  CheckPodFn,
  PodContainer,
  PodSecurityCheck,
  SELinuxOptions,
} from '../types';

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<string>): CheckPodFn {
  const valid = (options: SELinuxOptions | null | undefined) =>
    !options ||
    (allowedTypes.has(options.type ?? '') && !options.user && !options.role);
  const containerInvalid = (container: PodContainer) =>
    !valid(container.securityContext?.seLinuxOptions);

  return (_metadata, spec) => {
    const podOptions = spec.securityContext?.seLinuxOptions;
    const podInvalid = !valid(podOptions);
    if (!podInvalid && !someContainer(spec, containerInvalid)) return allowed;

    const offenders = allContainers(spec).filter(containerInvalid);
    const options = [
      ...(podInvalid ? [podOptions!] : []),
      ...offenders.map(c => c.securityContext!.seLinuxOptions!),
    ];
    const badTypes = sortedUnique(
      options.map(o => o.type ?? '').filter(type => !allowedTypes.has(type)),
    );
    const problems: string[] = [];
    if (badTypes.length > 0) {
      problems.push(
        `${pluralize('type', 'types', badTypes.length)} ${joinQuote(badTypes)}`,
      );
    }
    if (options.some(o => o.user)) problems.push('user may not be set');
    if (options.some(o => o.role)) problems.push('role may not be set');
    return forbidden(
      'seLinuxOptions',
      `${settersPhrase(
        podInvalid,
        offenders.map(c => c.name),
      )} set forbidden securityContext.seLinuxOptions: ${problems.join('; ')}`,
      offenders.map(c => c.name),
    );
  };
}

const allowedTypes_1_0 = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);

export const seLinuxOptions: PodSecurityCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  description:
    'Setting a custom SELinux user or role is forbidden, and the SELinux type may only be a container type (container_t, container_init_t, container_kvm_t; container_engine_t from v1.31).',
  versions: [
    { minimumMinor: 0, checkPod: seLinuxOptionsCheck(allowedTypes_1_0) },
    {
      minimumMinor: 31,
      checkPod: seLinuxOptionsCheck(
        new Set([...allowedTypes_1_0, 'container_engine_t']),
      ),
    },
  ],
};
