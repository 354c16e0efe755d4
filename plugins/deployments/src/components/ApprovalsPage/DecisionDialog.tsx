import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { displayRef, type DeploymentRequest } from '@sparki/deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { describeError, describeVersion } from './format';

export type Decision = 'approve' | 'reject';

/** Maximum comment length the backend accepts (openapi.yaml). */
const MAX_COMMENT_LENGTH = 2000;

/**
 * Asks for the comment (mandatory to reject) and sends the decision; the backend's refusal
 * stays in the dialog so the person can read it.
 */
export const DecisionDialog = ({
  request,
  decision,
  onClose,
  onDecided,
}: {
  request: DeploymentRequest;
  decision: Decision;
  onClose: () => void;
  onDecided: () => void;
}) => {
  const api = useApi(deploymentsApiRef);
  const [comment, setComment] = useState('');
  const [validation, setValidation] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const verb = decision === 'approve' ? 'Approve' : 'Reject';

  const submit = async () => {
    const trimmed = comment.trim();
    if (decision === 'reject' && !trimmed) {
      setValidation('A comment is required to reject a request.');
      return;
    }
    if (trimmed.length > MAX_COMMENT_LENGTH) {
      setValidation(`At most ${MAX_COMMENT_LENGTH} characters.`);
      return;
    }
    setValidation(undefined);
    setFailure(undefined);
    setSending(true);
    try {
      if (decision === 'approve') {
        await api.approveRequest(request.id, trimmed || undefined);
      } else {
        await api.rejectRequest(request.id, trimmed);
      }
      onDecided();
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {verb} {displayRef(request.serviceRef)}{' '}
        {describeVersion(request.version)} to {request.environment}
      </DialogTitle>
      <DialogContent>
        {failure && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        <TextField
          label={decision === 'reject' ? 'Comment (required)' : 'Comment'}
          value={comment}
          onChange={event => setComment(event.target.value)}
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
          color={decision === 'approve' ? 'primary' : 'error'}
          disabled={sending}
          onClick={submit}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
