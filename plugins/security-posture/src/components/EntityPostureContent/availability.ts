import type { Entity } from '@backstage/catalog-model';

// Apart from the tab's component so that the plugin's entry (loaded at app boot) does not pull in
// the tab and its charts.

/** Annotation naming the cluster (as configured in the backend) that a catalog entity stands for. */
export const CLUSTER_NAME_ANNOTATION = 'sparki.io/cluster-name';

/** Kubernetes cluster Resources that name their cluster get the posture tab. */
export function isSecurityPostureAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type ===
      'kubernetes-cluster' &&
    Boolean(entity.metadata.annotations?.[CLUSTER_NAME_ANNOTATION])
  );
}
