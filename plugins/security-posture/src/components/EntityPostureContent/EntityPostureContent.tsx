import Alert from '@mui/material/Alert';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { ClusterPosture } from '../ClusterPosture/ClusterPosture';

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

export const EntityPostureContent = () => {
  const { entity } = useEntity();
  const cluster = entity.metadata.annotations?.[CLUSTER_NAME_ANNOTATION];
  if (!cluster) {
    return (
      <Alert severity="info">
        Annotate this entity with {CLUSTER_NAME_ANNOTATION} to see its security
        posture.
      </Alert>
    );
  }
  return <ClusterPosture cluster={cluster} />;
};
