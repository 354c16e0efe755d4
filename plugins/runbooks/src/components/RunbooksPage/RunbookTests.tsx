import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  runbooksAttestPermission,
  runbookTestInputSchema,
  runbookTestOutcomes,
  type RunbookTestOutcome,
} from '@sparki/runbooks-common';
import { runbooksApiRef } from '../../api/RunbooksApi';

/** Today as the backend counts days (UTC), so a test recorded now is never "in the future". */
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** The backend's message of a failed request, or the error's own. */
function messageOf(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  return (error as Error).message;
}

/** Records date, outcome and note; the backend records who (the signed-in user). */
const MarkAsTestedDialog = ({
  runbookId,
  open,
  onClose,
  onRecorded,
}: {
  runbookId: string;
  open: boolean;
  onClose: () => void;
  onRecorded: () => void;
}) => {
  const api = useApi(runbooksApiRef);
  const [date, setDate] = useState(todayUtc);
  const [outcome, setOutcome] = useState<RunbookTestOutcome>('passed');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const input = { date, outcome, ...(note.trim() ? { note } : {}) };
    // The same schema as the backend: say what is wrong before sending anything.
    const checked = runbookTestInputSchema.safeParse(input);
    if (!checked.success) {
      setError(
        checked.error.issues
          .map(issue => `${issue.path.join('.')} ${issue.message}`)
          .join('; '),
      );
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await api.markTested(runbookId, checked.data);
      setNote('');
      onRecorded();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Mark as tested</DialogTitle>
      <DialogContent>
        <Stack spacing={2} mt={1}>
          <TextField
            label="Tested on"
            type="date"
            value={date}
            onChange={event => setDate(event.target.value)}
            InputLabelProps={{ shrink: true }}
            inputProps={{ max: todayUtc() }}
          />
          <TextField
            select
            label="Outcome"
            value={outcome}
            onChange={event =>
              setOutcome(event.target.value as RunbookTestOutcome)
            }
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
          >
            {runbookTestOutcomes.map(value => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </TextField>
          <TextField
            label="Note"
            multiline
            minRows={3}
            value={note}
            onChange={event => setNote(event.target.value)}
            helperText="Required for partial and failed: what did not work"
          />
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={saving}>
          Record test
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * The tests recorded in the portal, newest first, and the "Mark as tested" action for those
 * holding `runbooks.attest` (the backend checks it again).
 */
export const RunbookTests = ({
  runbookId,
  onRecorded,
}: {
  runbookId: string;
  /** Called after a test was recorded, e.g. to reload the runbook's staleness. */
  onRecorded: () => void;
}) => {
  const api = useApi(runbooksApiRef);
  const { allowed } = usePermission({ permission: runbooksAttestPermission });
  const [open, setOpen] = useState(false);
  const tests = useAsyncRetry(() => api.getTests(runbookId), [api, runbookId]);

  const action = allowed ? (
    <Button variant="outlined" onClick={() => setOpen(true)}>
      Mark as tested
    </Button>
  ) : undefined;

  let content;
  if (tests.loading && !tests.value) content = <Progress />;
  else if (tests.error) content = <ResponseErrorPanel error={tests.error} />;
  else if (!tests.value?.items.length) {
    content = <Typography>No test recorded in the portal yet.</Typography>;
  } else {
    content = (
      <Table size="small" aria-label="test history">
        <TableHead>
          <TableRow>
            <TableCell>Tested on</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Note</TableCell>
            <TableCell>Recorded</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {tests.value.items.map(test => (
            <TableRow key={`${test.recordedAt}:${test.by}`}>
              <TableCell>{test.date}</TableCell>
              <TableCell>{test.outcome}</TableCell>
              <TableCell>
                <EntityRefLink entityRef={test.by} defaultKind="user" />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>
                {test.note ?? '—'}
              </TableCell>
              <TableCell>{test.recordedAt}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  }

  return (
    <InfoCard title="Test history" action={action}>
      {content}
      <MarkAsTestedDialog
        runbookId={runbookId}
        open={open}
        onClose={() => setOpen(false)}
        onRecorded={() => {
          setOpen(false);
          tests.retry();
          onRecorded();
        }}
      />
    </InfoCard>
  );
};
