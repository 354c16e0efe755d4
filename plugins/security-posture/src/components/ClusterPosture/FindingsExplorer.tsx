import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type {
  ControlStatus,
  Severity,
  Snapshot,
} from '@sparki/security-posture-common';
import { FindingsTable } from './FindingsTable';

export interface FindingsSelection {
  namespace?: string;
  severity?: Severity;
  status?: ControlStatus;
}

const severities: Severity[] = ['critical', 'high', 'medium', 'low'];
const statuses: ControlStatus[] = ['fail', 'unknown', 'manual'];

/** Every finding of the snapshot, narrowed by namespace, severity and status. */
export const FindingsExplorer = ({
  snapshot,
  selection,
  onChange,
}: {
  snapshot: Snapshot;
  selection: FindingsSelection;
  onChange(selection: FindingsSelection): void;
}) => {
  const namespaces = Object.keys(snapshot.scores.byNamespace).sort();
  const select = (
    label: string,
    value: string | undefined,
    options: string[],
    key: keyof FindingsSelection,
  ) => (
    <TextField
      select
      size="small"
      label={label}
      value={value ?? ''}
      sx={{ minWidth: 180 }}
      onChange={e =>
        onChange({ ...selection, [key]: e.target.value || undefined })
      }
    >
      <MenuItem value="">Any</MenuItem>
      {options.map(option => (
        <MenuItem key={option} value={option}>
          {option}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2}>
        {select('Namespace', selection.namespace, namespaces, 'namespace')}
        {select('Severity', selection.severity, severities, 'severity')}
        {select('Status', selection.status, statuses, 'status')}
      </Stack>
      <FindingsTable
        filters={{
          cluster: snapshot.cluster,
          snapshot: snapshot.id,
          ...selection,
        }}
      />
    </Stack>
  );
};
