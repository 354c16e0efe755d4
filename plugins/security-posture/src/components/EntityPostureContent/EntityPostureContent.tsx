import Alert from '@mui/material/Alert';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ClusterPosture } from '../ClusterPosture/ClusterPosture';
import { CLUSTER_NAME_ANNOTATION } from './availability';

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
