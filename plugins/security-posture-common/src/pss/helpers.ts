import { CheckOutcome, PodContainer, PodSpec } from './types';

/**
 * The single "allowed" outcome every check returns, so that evaluating a compliant pod allocates
 * nothing.
 */
export const allowed: CheckOutcome = Object.freeze({ allowed: true as const });

export function forbidden(
  forbiddenReason: string,
  forbiddenDetail: string,
  forbiddenContainers: string[] = [],
): CheckOutcome {
  return {
    allowed: false,
    forbiddenReason,
    forbiddenDetail,
    forbiddenContainers,
  };
}

const noContainers: readonly PodContainer[] = Object.freeze([]);

function listOf(
  containers: PodContainer[] | null | undefined,
): readonly PodContainer[] {
  return Array.isArray(containers) ? containers : noContainers;
}

/**
 * True if any init, regular or ephemeral container matches: the pass path of every container
 * check, which must not allocate.
 */
export function someContainer(
  spec: PodSpec,
  matches: (container: PodContainer) => boolean,
): boolean {
  return (
    someIn(spec.initContainers, matches) ||
    someIn(spec.containers, matches) ||
    someIn(spec.ephemeralContainers, matches)
  );
}

function someIn(
  list: PodContainer[] | null | undefined,
  matches: (container: PodContainer) => boolean,
): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const container = list[i];
    if (container && typeof container === 'object' && matches(container))
      return true;
  }
  return false;
}

function pushContainers(
  into: PodContainer[],
  list: PodContainer[] | null | undefined,
): void {
  const containers = listOf(list);
  for (let i = 0; i < containers.length; i++) {
    const container = containers[i];
    if (container && typeof container === 'object') into.push(container);
  }
}

/** Every container (init, regular, ephemeral, in upstream's visiting order) that is an object. */
export function allContainers(spec: PodSpec): PodContainer[] {
  const containers: PodContainer[] = [];
  pushContainers(containers, spec.initContainers);
  pushContainers(containers, spec.containers);
  pushContainers(containers, spec.ephemeralContainers);
  return containers;
}

function pushNamesIn(
  names: string[],
  list: PodContainer[] | null | undefined,
  matches: (container: PodContainer) => boolean,
): void {
  if (!Array.isArray(list)) return;
  for (let i = 0; i < list.length; i++) {
    const container = list[i];
    if (container && typeof container === 'object' && matches(container))
      names.push(container.name);
  }
}

/**
 * Names of the containers that match (in `allContainers` order), for a forbidden detail; without
 * building the list of all containers first, as every denial of a container check calls it.
 */
export function namesOfContainers(
  spec: PodSpec,
  matches: (container: PodContainer) => boolean,
): string[] {
  const names: string[] = [];
  pushNamesIn(names, spec.initContainers, matches);
  pushNamesIn(names, spec.containers, matches);
  pushNamesIn(names, spec.ephemeralContainers, matches);
  return names;
}

export function pluralize(
  singular: string,
  plural: string,
  count: number,
): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"`: how upstream lists names and values in details. */
export function joinQuote(items: readonly unknown[]): string {
  let joined = '';
  for (let i = 0; i < items.length; i++) {
    joined += `${i === 0 ? '' : ', '}"${String(items[i])}"`;
  }
  return joined;
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(
    names,
  )}`;
}

export function sortedUnique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)].sort();
}

/** `pod and containers "a", "b"`: who set a forbidden value, pod level first. */
export function settersPhrase(
  podSets: boolean,
  containerNames: readonly string[],
): string {
  const setters: string[] = [];
  if (podSets) setters.push('pod');
  if (containerNames.length > 0) setters.push(containersPhrase(containerNames));
  return setters.join(' and ');
}

/** Pods that declare Windows: several restricted rules do not apply to them from v1.25. */
export function isWindowsPod(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}

/** Unset in JSON: absent or null. */
export function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}
