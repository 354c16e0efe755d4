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
import { describeError } from '@sparki/error-message';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { describeVersion } from './format';

export type Decision =
  | 'approve'
  | 'reject'
  | 'override-posture'
  | 'override-freeze';

/** The button and the dialog title of each decision. */
export const decisionLabels: Record<Decision, string> = {
  approve: 'Approve',
  reject: 'Reject',
  'override-posture': 'Override posture gate',
  'override-freeze': 'Override change window',
};

const overrideForm = {
  label: 'Reason (required)',
  requiredMessage: 'An override needs a reason; it is shown forever.',
  color: 'warning',
} as const;

/** What a decision's text is called, whether it is mandatory, and its button's color. */
const decisionForms: Record<
  Decision,
  {
    label: string;
    requiredMessage?: string;
    color: 'primary' | 'error' | 'warning';
  }
> = {
  approve: { label: 'Comment', color: 'primary' },
  reject: {
    label: 'Comment (required)',
    requiredMessage: 'A comment is required to reject a request.',
    color: 'error',
  },
  'override-posture': overrideForm,
  'override-freeze': overrideForm,
};

/** Maximum comment length the backend accepts (openapi.yaml). */
const MAX_COMMENT_LENGTH = 2000;

/**
 * Asks for the comment (mandatory to reject, the reason of an override) and sends the decision; the backend's refusal
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
  const verb = decisionLabels[decision];
  const form = decisionForms[decision];

  const submit = async () => {
    const trimmed = comment.trim();
    if (form.requiredMessage && !trimmed) {
      setValidation(form.requiredMessage);
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
      } else if (decision === 'reject') {
        await api.rejectRequest(request.id, trimmed);
      } else {
        await api.overrideRequest(
          request.id,
          decision === 'override-posture' ? 'posture' : 'freeze',
          trimmed,
        );
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
          label={form.label}
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
          color={form.color}
          disabled={sending}
          onClick={submit}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
