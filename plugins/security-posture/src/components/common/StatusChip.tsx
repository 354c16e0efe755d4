import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { ControlStatus } from '@sparki/security-posture-common';

const colors: Record<
  ControlStatus,
  'success' | 'error' | 'warning' | 'info' | 'default'
> = {
  pass: 'success',
  fail: 'error',
  unknown: 'warning',
  manual: 'info',
  'not-applicable': 'default',
};

export const StatusChip = ({
  status,
  reason,
}: {
  status: ControlStatus;
  reason?: string;
}) => {
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      label={status}
      color={colors[status]}
    />
  );
  return reason ? <Tooltip title={reason}>{chip}</Tooltip> : chip;
};
