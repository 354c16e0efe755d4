import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { Snapshot } from '@sparki/security-posture-common';
import { describeError } from '@sparki/error-message';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';

function scanErrorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    if (error.statusCode === 403) {
      return 'You are not allowed to scan clusters (permission security-posture.scan, held by the platform team).';
    }
    if (error.statusCode === 409) {
      return 'A scan of this cluster is already running; its result will appear when it finishes.';
    }
  }
  return `Scan failed: ${describeError(error)}`;
}

/** "Scan now": POST /scans, then lets the caller reload; explains refusals instead of failing. */
export const ScanButton = ({
  cluster,
  scanning,
  onScanned,
}: {
  cluster: string;
  /** A scheduled scan is running in the backend. */
  scanning: boolean;
  onScanned(snapshot: Snapshot): void;
}) => {
  const api = useApi(securityPostureApiRef);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();

  const scan = async () => {
    setRunning(true);
    setError(undefined);
    try {
      onScanned(await api.triggerScan(cluster));
    } catch (e) {
      setError(scanErrorMessage(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack spacing={1} alignItems="flex-end">
      <Button
        variant="contained"
        onClick={scan}
        disabled={running || scanning}
        startIcon={
          running || scanning ? <CircularProgress size={16} /> : undefined
        }
      >
        {running || scanning ? 'Scanning…' : 'Scan now'}
      </Button>
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
    </Stack>
  );
};
