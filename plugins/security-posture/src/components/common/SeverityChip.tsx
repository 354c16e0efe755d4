import Chip from '@mui/material/Chip';
import type { Severity } from '@sparki/security-posture-common';

const colors: Record<Severity, 'error' | 'warning' | 'info' | 'default'> = {
  critical: 'error',
  high: 'warning',
  medium: 'info',
  low: 'default',
};

export const SeverityChip = ({ severity }: { severity: Severity }) => (
  <Chip
    size="small"
    label={severity}
    color={colors[severity]}
    variant={severity === 'critical' ? 'filled' : 'outlined'}
  />
);
