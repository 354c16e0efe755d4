import {
  ClusterInventory,
  ClusterObjectView,
  KubeObject,
} from '@sparki/security-posture-common';
import { stringify } from 'yaml';

export interface ObjectQuery {
  kind: string;
  name: string;
  namespace?: string;
}

export const redactedValue = '<redacted>';

/**
 * Annotations that can carry a Secret's values: `kubectl apply` keeps the whole applied manifest
 * in this one.
 */
const secretBearingAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
];

/** The object of that kind, namespace (none: cluster-scoped) and name, from every kind's list. */
export function findObject(
  inventory: ClusterInventory,
  query: ObjectQuery,
): KubeObject | undefined {
  for (const objects of Object.values(inventory.objects)) {
    const found = objects.find(
      object =>
        object.kind === query.kind &&
        object.metadata.name === query.name &&
        (object.metadata.namespace ?? undefined) === query.namespace,
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * A copy of a Secret with every value of `data` and `stringData` (keys kept) and the annotations
 * that may repeat them replaced by `<redacted>`; any other object unchanged. Returns the redacted
 * paths: the drill-down shows what a Secret holds, never its values.
 */
export function redactSecret(object: KubeObject): {
  object: KubeObject;
  redacted: string[];
} {
  if (object.kind !== 'Secret') return { object, redacted: [] };
  const copy = structuredClone(object) as KubeObject & Record<string, unknown>;
  const redacted: string[] = [];
  for (const field of ['data', 'stringData']) {
    const values = copy[field];
    if (values && typeof values === 'object') {
      for (const key of Object.keys(values)) {
        (values as Record<string, unknown>)[key] = redactedValue;
        redacted.push(`${field}.${key}`);
      }
    }
  }
  const annotations = copy.metadata.annotations;
  for (const annotation of secretBearingAnnotations) {
    if (annotations?.[annotation] !== undefined) {
      annotations[annotation] = redactedValue;
      redacted.push(`metadata.annotations.${annotation}`);
    }
  }
  return { object: copy, redacted };
}

/** The stored inventory's object as the drill-down serves it: redacted, as JSON and YAML. */
export function clusterObjectView(
  cluster: string,
  stored: { snapshotId: number; inventory: ClusterInventory },
  query: ObjectQuery,
  found: KubeObject,
): ClusterObjectView {
  const { object, redacted } = redactSecret(found);
  return {
    cluster,
    snapshotId: stored.snapshotId,
    collectedAt: stored.inventory.collectedAt,
    kind: query.kind,
    name: query.name,
    ...(query.namespace ? { namespace: query.namespace } : {}),
    object,
    yaml: stringify(object),
    redacted,
  };
}
