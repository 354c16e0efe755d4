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
import {
  maxWaiverDays,
  type Check,
  type ScopeRef,
  type WaiverView,
} from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import { ScopeFields } from './ScopeFields';
import {
  dateInputAfter,
  validateWaiverForm,
  type FieldErrors,
  type WaiverForm,
} from './validate';

/** Default length of a requested waiver; the approver sees it and may reject a longer one. */
const DEFAULT_DAYS = 90;

/**
 * Asks for a waiver of one check in one scope: why, and until when (at most 180 days). Another
 * person approves it; the backend's refusal (403 without compliance.waive, 400…) stays visible.
 */
export const WaiverDialog = ({
  check,
  scope,
  onClose,
  onRequested,
}: {
  check: Check;
  scope: ScopeRef;
  onClose(): void;
  onRequested(waiver: WaiverView): void;
}) => {
  const api = useApi(complianceApiRef);
  const [now] = useState(() => new Date());
  const [form, setForm] = useState<WaiverForm>({
    scopeKind: scope.kind,
    scopeId: scope.id,
    reason: '',
    expiresOn: dateInputAfter(now, DEFAULT_DAYS),
  });
  const [errors, setErrors] = useState<FieldErrors<keyof WaiverForm>>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);

  const submit = async () => {
    const result = validateWaiverForm(check.id, form, new Date());
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setFailure(undefined);
    setSending(true);
    try {
      onRequested(await api.requestWaiver(result.body));
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Request a waiver</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {check.title} <code>{check.id}</code>
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          A waiver is an approved deviation: the check drops out of the
          operational score and counts as a deviation in the audit score until
          it expires. Someone other than you must approve it.
        </Typography>
        {failure && (
          <Alert severity="error" sx={{ my: 1 }}>
            {failure}
          </Alert>
        )}
        <ScopeFields
          kind={form.scopeKind}
          id={form.scopeId}
          error={errors.scopeId}
          onChange={(scopeKind, scopeId) =>
            setForm({ ...form, scopeKind, scopeId })
          }
        />
        <TextField
          label="Reason"
          value={form.reason}
          onChange={event => setForm({ ...form, reason: event.target.value })}
          error={Boolean(errors.reason)}
          helperText={
            errors.reason ?? 'Why the deviation is acceptable, and until when'
          }
          multiline
          minRows={3}
          fullWidth
          margin="dense"
        />
        <TextField
          label="Expires on"
          type="date"
          value={form.expiresOn}
          onChange={event =>
            setForm({ ...form, expiresOn: event.target.value })
          }
          error={Boolean(errors.expiresOn)}
          helperText={
            errors.expiresOn ?? `At most ${maxWaiverDays} days from today`
          }
          inputProps={{
            min: dateInputAfter(now, 1),
            max: dateInputAfter(now, maxWaiverDays),
          }}
          InputLabelProps={{ shrink: true }}
          margin="dense"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={sending} onClick={submit}>
          Request waiver
        </Button>
      </DialogActions>
    </Dialog>
  );
};
