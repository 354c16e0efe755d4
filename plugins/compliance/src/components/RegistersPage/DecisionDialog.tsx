import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { WaiverView } from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import { describeScope, displayUser, formatDate } from '../common/format';

export type Decision = 'approve' | 'reject';

/** The backend's limit on a comment (openapi.yaml). */
const MAX_COMMENT_LENGTH = 4000;

/** Approves (comment optional) or rejects (comment required) a waiver request. */
export const DecisionDialog = ({
  waiver,
  decision,
  onClose,
  onDecided,
}: {
  waiver: WaiverView;
  decision: Decision;
  onClose(): void;
  onDecided(): void;
}) => {
  const api = useApi(complianceApiRef);
  const [comment, setComment] = useState('');
  const [validation, setValidation] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const verb = decision === 'approve' ? 'Approve' : 'Reject';

  const submit = async () => {
    const trimmed = comment.trim();
    if (decision === 'reject' && !trimmed) {
      setValidation('A comment is required to reject a waiver.');
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
        await api.approveWaiver(waiver.id, trimmed || undefined);
      } else {
        await api.rejectWaiver(waiver.id, trimmed);
      }
      onDecided();
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{verb} the waiver</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          <code>{waiver.checkId}</code> in {describeScope(waiver.scope)}, asked
          by {displayUser(waiver.requester)} until{' '}
          {formatDate(waiver.expiresAt)}
        </Typography>
        <Typography
          variant="body2"
          sx={{ whiteSpace: 'pre-wrap' }}
          gutterBottom
        >
          {waiver.reason}
        </Typography>
        {failure && (
          <Alert severity="error" sx={{ my: 1 }}>
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
