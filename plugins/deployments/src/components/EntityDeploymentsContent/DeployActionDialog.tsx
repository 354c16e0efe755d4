import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { displayRef, type DeploymentVersion } from '@sparki/deployments-common';
import { describeError } from '@sparki/error-message';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { describeVersion } from '../ApprovalsPage/format';

export type DeployAction =
  | 'promote'
  | 'rollback'
  | 'abort'
  | 'retry'
  | 'cancel';

/** The request an action is about, as the entity tab knows it. */
export interface ActionTarget {
  requestId: string;
  serviceRef: string;
  environment: string;
  version: DeploymentVersion;
}

/** Maximum length the backend accepts for a comment or a reason. */
const MAX_TEXT_LENGTH = 2000;

const consequences: Record<DeployAction, string> = {
  promote:
    'Traffic switches to the previewed version; the health watch rolls it back automatically if it fails.',
  rollback:
    'Traffic switches back to the previous version; the reason is kept in the history.',
  abort:
    'The rollout stops and the stable version takes all traffic; the request is marked failed.',
  retry:
    'The aborted rollout starts again with the same version; the pipeline then reports its preview.',
  cancel:
    'The request is withdrawn: nothing is deployed, and a pipeline waiting on it stops with "not approved".',
};

const verbs: Record<DeployAction, string> = {
  promote: 'Promote',
  rollback: 'Roll back',
  abort: 'Abort',
  retry: 'Retry',
  cancel: 'Cancel request',
};

/**
 * Confirms a promotion or a cancellation (optional comment), a rollback, an abort or a retry
 * (reason required) and sends it; the
 * backend's refusal stays in the dialog so the person can read it.
 */
export const DeployActionDialog = ({
  action,
  target,
  onClose,
  onDone,
}: {
  action: DeployAction;
  target: ActionTarget;
  onClose: () => void;
  onDone: () => void;
}) => {
  const api = useApi(deploymentsApiRef);
  const [text, setText] = useState('');
  const [validation, setValidation] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const verb = verbs[action];
  const needsReason = action !== 'promote' && action !== 'cancel';

  const submit = async () => {
    const trimmed = text.trim();
    if (needsReason && !trimmed) {
      setValidation(
        `A reason is required to ${verb.toLocaleLowerCase('en-US')}.`,
      );
      return;
    }
    if (trimmed.length > MAX_TEXT_LENGTH) {
      setValidation(`At most ${MAX_TEXT_LENGTH} characters.`);
      return;
    }
    setValidation(undefined);
    setFailure(undefined);
    setSending(true);
    try {
      if (action === 'promote') {
        await api.promoteRequest(target.requestId, trimmed || undefined);
      } else if (action === 'abort') {
        await api.abortRequest(target.requestId, trimmed);
      } else if (action === 'retry') {
        await api.retryRequest(target.requestId, trimmed);
      } else if (action === 'cancel') {
        await api.cancelRequest(target.requestId, trimmed || undefined);
      } else {
        await api.rollbackRequest(target.requestId, trimmed);
      }
      onDone();
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {action === 'cancel' ? 'Cancel the request for' : verb}{' '}
        {displayRef(target.serviceRef)} {describeVersion(target.version)} in{' '}
        {target.environment}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          {consequences[action]}
        </DialogContentText>
        {failure && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        <TextField
          label={needsReason ? 'Reason (required)' : 'Comment'}
          value={text}
          onChange={event => setText(event.target.value)}
          error={Boolean(validation)}
          helperText={validation}
          multiline
          minRows={3}
          fullWidth
          margin="dense"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color={
            action === 'promote' || action === 'retry' ? 'primary' : 'error'
          }
          disabled={sending}
          onClick={submit}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
