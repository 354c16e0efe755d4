import Chip from '@mui/material/Chip';
import type { RunbookSeverity } from '@sparki/runbooks-common';

const colors: Record<
  RunbookSeverity,
  'error' | 'warning' | 'info' | 'default'
> = {
  critical: 'error',
  high: 'warning',
  medium: 'info',
  low: 'default',
};

/** Severity of a posture finding or an audit-trail detection; critical stands out filled. */
export const SeverityChip = ({ severity }: { severity: RunbookSeverity }) => (
  <Chip
    size="small"
    label={severity}
    color={colors[severity]}
    variant={severity === 'critical' ? 'filled' : 'outlined'}
  />
);
