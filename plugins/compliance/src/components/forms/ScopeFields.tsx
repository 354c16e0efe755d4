import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { scopeKinds, type ScopeRef } from '@sparki/compliance-common';

/** Scope kind and id; ids: a cluster, `cluster/namespace`, an account (`id/region`), an entity ref. */
export const ScopeFields = ({
  kind,
  id,
  error,
  onChange,
}: {
  kind: ScopeRef['kind'];
  id: string;
  error?: string;
  onChange(kind: ScopeRef['kind'], id: string): void;
}) => (
  <Stack direction="row" spacing={2}>
    <TextField
      select
      label="Scope kind"
      value={kind}
      onChange={event => onChange(event.target.value as ScopeRef['kind'], id)}
      margin="dense"
      sx={{ minWidth: 140 }}
    >
      {scopeKinds.map(k => (
        <MenuItem key={k} value={k}>
          {k}
        </MenuItem>
      ))}
    </TextField>
    <TextField
      label="Scope"
      value={id}
      onChange={event => onChange(kind, event.target.value)}
      error={Boolean(error)}
      helperText={error}
      margin="dense"
      fullWidth
    />
  </Stack>
);
