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
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { describeError, describeVersion } from '../ApprovalsPage/format';

export type DeployAction = 'promote' | 'rollback';

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
};

/**
 * Confirms a promotion (optional comment) or a rollback (reason required) and sends it; the
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
  const verb = action === 'promote' ? 'Promote' : 'Roll back';

  const submit = async () => {
    const trimmed = text.trim();
    if (action === 'rollback' && !trimmed) {
      setValidation('A reason is required to roll back.');
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
        {verb} {displayRef(target.serviceRef)} {describeVersion(target.version)}{' '}
        in {target.environment}?
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
          label={action === 'rollback' ? 'Reason (required)' : 'Comment'}
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
          color={action === 'promote' ? 'primary' : 'error'}
          disabled={sending}
          onClick={submit}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
