import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import DownloadIcon from '@mui/icons-material/Download';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AuditEventQuery, ExportFormat } from '@sparki/audit-trail-common';
import { describeError } from '@sparki/error-message';
import { auditTrailApiRef } from '../../api/AuditTrailApi';

/** Saves a blob under a file name through a temporary object URL. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/**
 * CSV / NDJSON export of every event matching the current filters (the backend streams them and
 * records who exported what). Fetched with the user's token, then saved as a file.
 */
export const ExportButtons = ({ query }: { query: AuditEventQuery }) => {
  const api = useApi(auditTrailApiRef);
  const [busy, setBusy] = useState<ExportFormat>();
  const [error, setError] = useState<string>();

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(undefined);
    try {
      const blob = await api.exportEvents(query, format);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      saveBlob(
        blob,
        `audit-events-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`,
      );
    } catch (e) {
      setError(`Export failed: ${describeError(e)}`);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Stack direction="row" spacing={1} alignItems="center">
      {error && <Alert severity="error">{error}</Alert>}
      {(['csv', 'ndjson'] as const).map(format => (
        <Button
          key={format}
          size="small"
          variant="outlined"
          startIcon={<DownloadIcon />}
          disabled={busy !== undefined}
          onClick={() => download(format)}
        >
          {busy === format ? 'Exporting…' : `Export ${format.toUpperCase()}`}
        </Button>
      ))}
    </Stack>
  );
};
