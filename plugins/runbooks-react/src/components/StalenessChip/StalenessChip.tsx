import Chip from '@mui/material/Chip';
import type { RunbookSummary } from '@sparki/runbooks-common';
import { describeStaleness } from './staleness';

/** A runbook's staleness: a warning chip when stale, an outlined one when current. */
export const StalenessChip = ({
  runbook,
}: {
  runbook: Pick<
    RunbookSummary,
    'stale' | 'staleReasons' | 'lastReviewed' | 'lastTested'
  >;
}) => (
  <Chip
    size="small"
    label={describeStaleness(runbook, new Date())}
    color={runbook.stale ? 'warning' : 'success'}
    variant={runbook.stale ? 'filled' : 'outlined'}
  />
);
