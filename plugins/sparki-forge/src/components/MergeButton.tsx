import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import {
  ForgeChangeSummary,
  sparkiForgeMergePermission,
} from '@sparki/sparki-forge-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { sparkiForgeApiRef } from '../api/SparkiForgeApi';

/**
 * Merges an open change, for holders of sparki.forge.merge (the server checks again), except
 * its author: nobody merges their own change.
 */
export function MergeButton(props: {
  change: ForgeChangeSummary;
  onMerged: (merged: ForgeChangeSummary) => void;
}) {
  const { change, onMerged } = props;
  const forgeApi = useApi(sparkiForgeApiRef);
  const identityApi = useApi(identityApiRef);
  const { allowed, loading } = usePermission({
    permission: sparkiForgeMergePermission,
  });
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const [merging, setMerging] = useState(false);
  const [error, setError] = useState<string>();

  if (change.state !== 'open' || loading || identity.loading) return null;
  if (!allowed) {
    return (
      <Typography variant="body2" color="text.secondary">
        Merging needs {sparkiForgeMergePermission.name} (the platform team).
      </Typography>
    );
  }
  if (identity.value?.userEntityRef === change.author) {
    return (
      <Typography variant="body2" color="text.secondary">
        You proposed this change: someone else from the platform team merges it.
      </Typography>
    );
  }

  const merge = async () => {
    setMerging(true);
    setError(undefined);
    try {
      onMerged(await forgeApi.mergeChange(change.id));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setMerging(false);
    }
  };

  return (
    <Stack spacing={1} alignItems="flex-start">
      <Button
        variant="contained"
        size="small"
        disabled={merging}
        onClick={merge}
        aria-label={`Merge change ${change.id}`}
      >
        {merging ? 'Merging…' : 'Merge'}
      </Button>
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
