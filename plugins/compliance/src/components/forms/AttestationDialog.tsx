import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  maxAttestationDays,
  type AttestationView,
  type Check,
  type ScopeRef,
} from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef } from '../../api/ComplianceApi';
import { ScopeFields } from './ScopeFields';
import { formatBytes } from '../common/format';
import {
  dateInputAfter,
  evidenceFileAccept,
  validateAttestationForm,
  type AttestationForm,
  type FieldErrors,
} from './validate';

/**
 * Records what no API can see (a pen test, a DR exercise) with its evidence (a link, an uploaded
 * file, or both), the date it was done and when it must be attested again.
 */
export const AttestationDialog = ({
  check,
  scope,
  onClose,
  onRecorded,
}: {
  check: Check;
  scope: ScopeRef;
  onClose(): void;
  onRecorded(attestation: AttestationView): void;
}) => {
  const api = useApi(complianceApiRef);
  const [now] = useState(() => new Date());
  const [form, setForm] = useState<AttestationForm>({
    scopeKind: scope.kind,
    scopeId: scope.id,
    evidenceUrl: '',
    attestedOn: dateInputAfter(now, 0),
    expiresOn: dateInputAfter(now, 365),
    note: '',
  });
  const [errors, setErrors] = useState<FieldErrors<keyof AttestationForm>>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const set = (patch: Partial<AttestationForm>) =>
    setForm({ ...form, ...patch });

  const submit = async () => {
    const result = validateAttestationForm(check.id, form, new Date());
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setFailure(undefined);
    setSending(true);
    try {
      onRecorded(await api.createAttestation(result.body, result.file));
    } catch (error) {
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Attest</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {check.title} <code>{check.id}</code>
        </Typography>
        {check.evidenceRequired && (
          <Typography variant="body2" color="text.secondary" gutterBottom>
            Evidence required: {check.evidenceRequired}
          </Typography>
        )}
        {failure && (
          <Alert severity="error" sx={{ my: 1 }}>
            {failure}
          </Alert>
        )}
        <ScopeFields
          kind={form.scopeKind}
          id={form.scopeId}
          error={errors.scopeId}
          onChange={(scopeKind, scopeId) => set({ scopeKind, scopeId })}
        />
        <TextField
          label="Evidence link"
          value={form.evidenceUrl}
          onChange={event => set({ evidenceUrl: event.target.value })}
          error={Boolean(errors.evidenceUrl)}
          helperText={
            errors.evidenceUrl ??
            'https:// link to the report or record; or upload the file, or both'
          }
          fullWidth
          margin="dense"
        />
        <Stack direction="row" spacing={1} alignItems="center" sx={{ my: 1 }}>
          <Button component="label" variant="outlined" size="small">
            {form.evidenceFile ? 'Choose another file' : 'Upload evidence file'}
            <input
              hidden
              type="file"
              aria-label="Evidence file"
              accept={evidenceFileAccept}
              onChange={event => {
                const evidenceFile = event.target.files?.[0];
                // The same file picked again must fire a change too.
                event.target.value = '';
                if (evidenceFile) set({ evidenceFile });
              }}
            />
          </Button>
          {form.evidenceFile && (
            <>
              <Typography variant="body2" data-testid="evidence-file">
                {form.evidenceFile.name} ({formatBytes(form.evidenceFile.size)})
              </Typography>
              <Button
                size="small"
                onClick={() => set({ evidenceFile: undefined })}
              >
                Remove
              </Button>
            </>
          )}
        </Stack>
        <Typography
          variant="caption"
          component="div"
          color={errors.evidenceFile ? 'error' : 'text.secondary'}
        >
          {errors.evidenceFile ??
            'PDF, PNG, JPEG, text, Markdown, CSV, JSON or zip; stored with the attestation, with its SHA-256.'}
        </Typography>
        <Stack direction="row" spacing={2}>
          <TextField
            label="Done on"
            type="date"
            value={form.attestedOn}
            onChange={event => set({ attestedOn: event.target.value })}
            error={Boolean(errors.attestedOn)}
            helperText={errors.attestedOn}
            InputLabelProps={{ shrink: true }}
            inputProps={{ max: dateInputAfter(now, 0) }}
            margin="dense"
          />
          <TextField
            label="Expires on"
            type="date"
            value={form.expiresOn}
            onChange={event => set({ expiresOn: event.target.value })}
            error={Boolean(errors.expiresOn)}
            helperText={
              errors.expiresOn ??
              `At most ${maxAttestationDays} days after it was done`
            }
            InputLabelProps={{ shrink: true }}
            margin="dense"
          />
        </Stack>
        <TextField
          label="Note"
          value={form.note}
          onChange={event => set({ note: event.target.value })}
          error={Boolean(errors.note)}
          helperText={errors.note}
          multiline
          minRows={2}
          fullWidth
          margin="dense"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={sending} onClick={submit}>
          Record attestation
        </Button>
      </DialogActions>
    </Dialog>
  );
};
