import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import { formatScore, formatTime, scoreTone } from '../common/format';
import { ControlTable } from './ControlTable';
import { FindingsExplorer, FindingsSelection } from './FindingsExplorer';
import { FrameworkScores } from './FrameworkScores';
import { HistoryChart } from './HistoryChart';
import { NamespaceTable } from './NamespaceTable';
import { ScanButton } from './ScanButton';
import { WhatIf } from './WhatIf';

const toneColor = {
  success: 'success.main',
  warning: 'warning.main',
  error: 'error.main',
  default: 'text.secondary',
} as const;

/**
 * Everything about one cluster's latest snapshot: score, partial data, framework and namespace
 * scores, the controls to fix with their findings, and the score history.
 */
export const ClusterPosture = ({
  cluster,
  onScanned,
}: {
  cluster: string;
  /** Called after "Scan now" stored a snapshot, e.g. to refresh a cluster list. */
  onScanned?: () => void;
}) => {
  const api = useApi(securityPostureApiRef);
  const [selection, setSelection] = useState<FindingsSelection>({});
  const state = useAsyncRetry(async () => {
    const [clusters, controls, history] = await Promise.all([
      api.listClusters(),
      api.listControls(),
      api.getHistory(cluster, { limit: 100 }),
    ]);
    const status = clusters.find(c => c.name === cluster);
    const snapshot = status?.latestSnapshot
      ? await api.getSnapshot(status.latestSnapshot.id)
      : undefined;
    return { status, snapshot, controls, history };
  }, [api, cluster]);

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { status, snapshot, controls, history } = state.value!;
  if (!status) {
    return (
      <Alert severity="warning">
        Cluster <strong>{cluster}</strong> is not configured in the security
        posture backend (securityPosture.clusters or
        kubernetes.clusterLocatorMethods).
      </Alert>
    );
  }
  const scanButton = (
    <ScanButton
      cluster={cluster}
      scanning={status.scanning}
      onScanned={() => {
        state.retry();
        onScanned?.();
      }}
    />
  );

  if (!snapshot) {
    return (
      <Stack spacing={2}>
        <Box sx={{ display: 'flex', justifyContent: 'space-between' }}>
          <Typography variant="h5">{cluster}</Typography>
          {scanButton}
        </Box>
        <Alert severity="info">
          <AlertTitle>Not scanned yet — score unknown</AlertTitle>
          {status.scanning
            ? 'The first scan is running.'
            : 'No snapshot is stored for this cluster. Scan it now or wait for the scheduled scan.'}
        </Alert>
      </Stack>
    );
  }

  const summary = snapshot.scores.cluster;
  return (
    <Stack spacing={3}>
      <Card variant="outlined">
        <CardContent>
          <Box
            sx={{
              display: 'flex',
              justifyContent: 'space-between',
              alignItems: 'flex-start',
              gap: 2,
            }}
          >
            <Box>
              <Typography variant="overline">Cluster score</Typography>
              <Tooltip title={summary.reason ?? ''}>
                <Typography
                  variant="h3"
                  data-testid="cluster-score"
                  sx={{ color: toneColor[scoreTone(snapshot.score)] }}
                >
                  {formatScore(snapshot.score)}
                </Typography>
              </Tooltip>
              <Typography variant="body2" color="text.secondary">
                {cluster} · scanned {formatTime(snapshot.collectedAt)} ·{' '}
                {summary.passing} controls passing, {summary.failing} failing
                {summary.unknown > 0 && `, ${summary.unknown} unknown`}
                {summary.manual > 0 && `, ${summary.manual} manual`} ·{' '}
                {snapshot.findingCount} findings
              </Typography>
              <Typography variant="caption" color="text.secondary">
                Snapshot #{snapshot.id} · sha256 {snapshot.sha256.slice(0, 12)}…
              </Typography>
            </Box>
            {scanButton}
          </Box>
          {snapshot.score === null && summary.reason && (
            <Alert severity="info" sx={{ mt: 2 }}>
              {summary.reason}
            </Alert>
          )}
          {snapshot.partial && (
            <Alert severity="warning" sx={{ mt: 2 }}>
              <AlertTitle>Partial data</AlertTitle>
              These kinds could not be read; controls that need them are unknown
              and left out of the score:
              <ul style={{ margin: 0 }}>
                {snapshot.unavailable.map(u => (
                  <li key={u.kind}>
                    <strong>{u.kind}</strong>: {u.reason}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
        </CardContent>
      </Card>

      <FrameworkScores
        byFramework={snapshot.scores.byFramework}
        partial={snapshot.partial}
      />

      <Card variant="outlined">
        <CardHeader
          title="History"
          subheader="Scores of the stored snapshots (hollow dots: partial data)"
        />
        <CardContent>
          <HistoryChart points={history} />
        </CardContent>
      </Card>

      <Card variant="outlined">
        <CardHeader
          title="Controls"
          subheader="Failing and unjudged controls; open one for its findings"
        />
        <CardContent>
          <ControlTable snapshot={snapshot} controls={controls} />
        </CardContent>
      </Card>

      <Card variant="outlined">
        <CardHeader
          title="Namespaces"
          subheader="Select a namespace to see its findings"
        />
        <CardContent>
          <NamespaceTable
            snapshot={snapshot}
            onSelect={namespace => {
              setSelection({ ...selection, namespace });
              document
                .getElementById('posture-findings')
                ?.scrollIntoView?.({ behavior: 'smooth' });
            }}
          />
        </CardContent>
      </Card>

      <Card variant="outlined" id="posture-findings">
        <CardHeader
          title="Findings"
          subheader="The evidence: failing resources and controls that could not be judged"
        />
        <CardContent>
          <FindingsExplorer
            snapshot={snapshot}
            selection={selection}
            onChange={setSelection}
          />
        </CardContent>
      </Card>

      <Card variant="outlined">
        <CardHeader
          title="Pod Security what-if"
          subheader="Which pods would be rejected if a namespace enforced a Pod Security level"
        />
        <CardContent>
          <WhatIf
            cluster={cluster}
            namespaces={Object.keys(snapshot.scores.byNamespace).sort()}
          />
        </CardContent>
      </Card>
    </Stack>
  );
};
