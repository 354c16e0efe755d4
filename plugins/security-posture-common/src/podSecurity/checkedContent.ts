import { Container, PodSpec, containerLists } from '../kube/workloads';

/**
 * The fields of a pod the Pod Security Standards checks read (`pss/types.ts`: `PodSpec`,
 * `PodContainer` and the annotations of `PodObjectMetadata`); `checkedContent.test.ts` fails when
 * a check reads anything else.
 */
export const checkedPodFields = [
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'os',
  'securityContext',
  'volumes',
] as const;

export const checkedContainerFields = [
  'name',
  'ports',
  'securityContext',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
] as const;

function checkedContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return list.map((container: Container) => {
    if (!container || typeof container !== 'object') return container;
    const checked: Record<string, unknown> = {};
    for (const field of checkedContainerFields)
      checked[field] = container[field];
    return checked;
  });
}

/**
 * A key equal for two pods exactly when the checks see the same values: what they read, as JSON
 * (inventory objects are JSON data, so nothing is lost; an absent field and an `undefined` one
 * both drop out, and checks treat them alike). Pods of one template, or templates differing only
 * in images, env or resources, share one key, so their checks run once per evaluation.
 */
export function checkedContentKey(annotations: unknown, spec: PodSpec): string {
  const checked: Record<string, unknown> = { annotations };
  for (const field of checkedPodFields) checked[field] = spec[field];
  for (const list of containerLists)
    checked[list] = checkedContainers(spec[list]);
  return JSON.stringify(checked);
}
