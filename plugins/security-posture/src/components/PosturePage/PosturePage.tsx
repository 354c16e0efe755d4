import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useSearchParams } from 'react-router-dom';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import {
  Content,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ClusterStatus } from '@sparki/security-posture-common';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import { formatTime } from '../common/format';
import { ScoreChip } from '../common/ScoreChip';
import { ClusterPosture } from '../ClusterPosture/ClusterPosture';

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

const ClusterRows = ({
  clusters,
  selected,
  onSelect,
}: {
  clusters: ClusterStatus[];
  selected: string;
  onSelect(cluster: string): void;
}) => (
  <Table size="small" aria-label="clusters">
    <TableHead>
      <TableRow>
        <TableCell>Cluster</TableCell>
        <TableCell>Score</TableCell>
        <TableCell>Last scan</TableCell>
        <TableCell align="right">Findings</TableCell>
        <TableCell>Source</TableCell>
        <TableCell>Catalog</TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {clusters.map(cluster => {
        const snapshot = cluster.latestSnapshot;
        return (
          <TableRow
            key={cluster.name}
            hover
            selected={cluster.name === selected}
            onClick={() => onSelect(cluster.name)}
            sx={{ cursor: 'pointer' }}
            data-testid={`cluster-row-${cluster.name}`}
          >
            <TableCell>
              <strong>{cluster.name}</strong>
            </TableCell>
            <TableCell>
              {snapshot ? (
                <ScoreChip
                  score={snapshot.score}
                  partial={snapshot.partial}
                  reason={
                    snapshot.score === null
                      ? 'No control had resources to judge'
                      : undefined
                  }
                />
              ) : (
                <ScoreChip score={null} reason="Not scanned yet" />
              )}
              {cluster.scanning && (
                <Chip size="small" label="scanning" sx={{ ml: 1 }} />
              )}
            </TableCell>
            <TableCell>
              {snapshot ? formatTime(snapshot.collectedAt) : 'never'}
            </TableCell>
            <TableCell align="right">{snapshot?.findingCount ?? '—'}</TableCell>
            <TableCell>{cluster.source}</TableCell>
            <TableCell onClick={e => e.stopPropagation()}>
              {cluster.entityRef ? (
                <Link to={entityPath(cluster.entityRef)}>
                  {cluster.entityRef}
                </Link>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        );
      })}
    </TableBody>
  </Table>
);

/** All clusters with their score; the selected one (`?cluster=`) in detail below. */
export const PosturePage = () => {
  const api = useApi(securityPostureApiRef);
  const [params, setParams] = useSearchParams();
  const state = useAsyncRetry(() => api.listClusters(), [api]);

  let body;
  if (state.loading && !state.value) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (!state.value?.length) {
    body = (
      <Alert severity="info">
        No cluster is configured. Add clusters under securityPosture.clusters
        (or kubernetes.clusterLocatorMethods) in app-config.yaml.
      </Alert>
    );
  } else {
    const clusters = state.value;
    const requested = params.get('cluster');
    const selected =
      clusters.find(c => c.name === requested)?.name ?? clusters[0].name;
    body = (
      <Stack spacing={3}>
        <Card variant="outlined">
          <CardHeader
            title="Clusters"
            subheader="Latest snapshot of every configured cluster"
          />
          <CardContent>
            <ClusterRows
              clusters={clusters}
              selected={selected}
              onSelect={cluster => setParams({ cluster })}
            />
          </CardContent>
        </Card>
        <Box>
          <ClusterPosture
            key={selected}
            cluster={selected}
            onScanned={state.retry}
          />
        </Box>
      </Stack>
    );
  }
  return <Content>{body}</Content>;
};
