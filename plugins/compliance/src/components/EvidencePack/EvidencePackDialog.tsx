import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { FrameworkSummary, ScopeRef } from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import {
  complianceApiRef,
  type EvidencePackDownload,
} from '../../api/ComplianceApi';
import { describeScope } from '../common/format';
import { dateInputAfter, type FieldErrors } from '../forms/validate';
import { saveFile } from '../common/saveFile';
import { checkManifest, type ManifestCheck } from './archive';
import { evidencePackQuery, type PeriodForm } from './period';

const DEFAULT_DAYS = 90;

const ManifestCheckText = ({ check }: { check?: ManifestCheck }) => {
  if (!check) return null;
  if (check.result === 'match') {
    return (
      <Typography variant="body2">
        Checked here: the saved manifest.json hashes to this value.
      </Typography>
    );
  }
  if (check.result === 'mismatch') {
    return (
      <Alert severity="error">
        The saved manifest.json hashes to {check.actual}, not to the value the
        portal announced: do not use this pack.
      </Alert>
    );
  }
  return (
    <Typography variant="body2" color="text.secondary">
      Not checked here: {check.why}.
    </Typography>
  );
};

/**
 * Downloads the evidence pack of a framework in a scope for a period, then shows the SHA-256 of
 * its manifest (which lists every other file with its hash), checked against the saved archive.
 */
export const EvidencePackDialog = ({
  framework,
  scope,
  onClose,
}: {
  framework: FrameworkSummary;
  scope?: ScopeRef;
  onClose(): void;
}) => {
  const api = useApi(complianceApiRef);
  const [now] = useState(() => new Date());
  const [form, setForm] = useState<PeriodForm>({
    fromOn: dateInputAfter(now, -DEFAULT_DAYS),
    toOn: dateInputAfter(now, 0),
  });
  const [errors, setErrors] = useState<FieldErrors<keyof PeriodForm>>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<{
    download: EvidencePackDownload;
    check?: ManifestCheck;
  }>();

  const submit = async () => {
    const result = evidencePackQuery(framework.id, scope, form, new Date());
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setFailure(undefined);
    setDone(undefined);
    setSending(true);
    try {
      const download = await api.downloadEvidencePack(result.query);
      saveFile(download.blob, download.fileName);
      setDone({ download });
      const check = await checkManifest(
        download.blob,
        download.manifestSha256,
      ).catch(
        (error): ManifestCheck => ({
          result: 'unchecked',
          why: describeError(error),
        }),
      );
      setDone({ download, check });
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Evidence pack</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {framework.title} v{framework.version} in {describeScope(scope)}: the
          manifest, per-control status with checks and populations, the failing
          objects, the waiver and attestation registers, the score history and
          the source snapshots&apos; hashes, as CSV and JSON, with an OSCAL
          assessment-results file.
        </Typography>
        {failure && (
          <Alert severity="error" sx={{ my: 1 }}>
            {failure}
          </Alert>
        )}
        <Stack direction="row" spacing={2}>
          <TextField
            label="First day"
            type="date"
            value={form.fromOn}
            onChange={event => setForm({ ...form, fromOn: event.target.value })}
            error={Boolean(errors.fromOn)}
            helperText={errors.fromOn}
            margin="dense"
            InputLabelProps={{ shrink: true }}
            fullWidth
          />
          <TextField
            label="Last day"
            type="date"
            value={form.toOn}
            onChange={event => setForm({ ...form, toOn: event.target.value })}
            error={Boolean(errors.toOn)}
            helperText={errors.toOn}
            margin="dense"
            InputLabelProps={{ shrink: true }}
            fullWidth
          />
        </Stack>
        {done && (
          <Alert
            severity="success"
            sx={{ mt: 2 }}
            role="status"
            aria-label="evidence pack saved"
          >
            <Typography variant="body2">
              Saved <code>{done.download.fileName}</code> (
              {Math.ceil(done.download.blob.size / 1024)} KiB).
            </Typography>
            <Typography variant="body2">
              Manifest SHA-256:{' '}
              <Box
                component="code"
                data-testid="manifest-sha256"
                sx={{ wordBreak: 'break-all' }}
              >
                {done.download.manifestSha256}
              </Box>
            </Typography>
            <ManifestCheckText check={done.check} />
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" disabled={sending} onClick={submit}>
          {sending ? 'Generating…' : 'Download'}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
