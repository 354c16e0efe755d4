import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { IngestRun } from '@sparki/audit-trail-common';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { formatTime } from '../common/format';

const statusColors: Record<
  IngestRun['status'],
  'success' | 'warning' | 'error'
> = {
  succeeded: 'success',
  partial: 'warning',
  failed: 'error',
};

/** Latest ingestion run per source: whether the trail is complete, and what was skipped. */
export const IngestRunsView = () => {
  const api = useApi(auditTrailApiRef);
  const state = useAsync(() => api.listIngestRuns(), [api]);
  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const runs = state.value ?? [];
  if (runs.length === 0) {
    return <Alert severity="info">No ingestion has run yet.</Alert>;
  }
  const incomplete = runs.filter(run => run.status !== 'succeeded');
  return (
    <>
      {incomplete.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {incomplete.length} source{incomplete.length === 1 ? '' : 's'} did not
          ingest completely: searches may miss events.
        </Alert>
      )}
      <Table size="small" aria-label="ingestion runs">
        <TableHead>
          <TableRow>
            <TableCell>Source</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Finished</TableCell>
            <TableCell align="right">Records</TableCell>
            <TableCell align="right">New</TableCell>
            <TableCell align="right">Duplicates</TableCell>
            <TableCell align="right">Malformed</TableCell>
            <TableCell>Message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => (
            <TableRow key={`${run.source}:${run.startedAt}`}>
              <TableCell>{run.source}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={run.status}
                  color={statusColors[run.status]}
                />
              </TableCell>
              <TableCell>{formatTime(run.startedAt)}</TableCell>
              <TableCell>
                {run.finishedAt ? formatTime(run.finishedAt) : 'running'}
              </TableCell>
              <TableCell align="right">{run.records}</TableCell>
              <TableCell align="right">{run.inserted}</TableCell>
              <TableCell align="right">{run.duplicates}</TableCell>
              <TableCell align="right">{run.malformed}</TableCell>
              <TableCell>
                <Typography variant="body2">{run.message ?? '—'}</Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};
