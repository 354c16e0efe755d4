import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { describeError } from '@sparki/error-message';

/** The backend's limit on a revocation reason (openapi.yaml `RevocationBody`). */
const MAX_REASON_LENGTH = 4000;

/**
 * Ends a waiver or an attestation now. The record itself stays as decided: the revocation is a
 * new record with its reason, so the dialog asks for one.
 */
export const RevokeDialog = ({
  title,
  subject,
  onRevoke,
  onClose,
  onRevoked,
}: {
  title: string;
  /** What is being revoked, in words. */
  subject: string;
  onRevoke(reason: string): Promise<unknown>;
  onClose(): void;
  onRevoked(): void;
}) => {
  const [reason, setReason] = useState('');
  const [validation, setValidation] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);

  const submit = async () => {
    const trimmed = reason.trim();
    if (!trimmed) {
      setValidation('A reason is required: it is kept with the revocation.');
      return;
    }
    if (trimmed.length > MAX_REASON_LENGTH) {
      setValidation(`At most ${MAX_REASON_LENGTH} characters.`);
      return;
    }
    setValidation(undefined);
    setFailure(undefined);
    setSending(true);
    try {
      await onRevoke(trimmed);
      onRevoked();
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {subject}
        </Typography>
        {failure && (
          <Alert severity="error" sx={{ my: 1 }}>
            {failure}
          </Alert>
        )}
        <TextField
          label="Reason (required)"
          value={reason}
          onChange={event => setReason(event.target.value)}
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
          color="error"
          disabled={sending}
          onClick={submit}
        >
          Revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
};
