import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type {
  CheckState,
  ControlStatus,
  UnknownReason,
} from '@sparki/compliance-common';
import {
  checkStateLabels,
  checkStateTones,
  controlStatusLabels,
  controlStatusTones,
  formatPercent,
  scoreTone,
  unknownReasonLabels,
} from './format';

/** A 0–1 score with its colour; "No data" (outlined, grey) when there is none. */
export const ScoreChip = ({
  score,
  label,
  hint,
  size = 'small',
}: {
  score: number | null | undefined;
  /** Shown before the figure, e.g. "conservative". */
  label?: string;
  hint?: string;
  size?: 'small' | 'medium';
}) => {
  const chip = (
    <Chip
      size={size}
      label={label ? `${label} ${formatPercent(score)}` : formatPercent(score)}
      color={scoreTone(score)}
      variant={score === null || score === undefined ? 'outlined' : 'filled'}
    />
  );
  return hint ? <Tooltip title={hint}>{chip}</Tooltip> : chip;
};

export const ControlStatusChip = ({ status }: { status: ControlStatus }) => (
  <Chip
    size="small"
    label={controlStatusLabels[status]}
    color={controlStatusTones[status]}
    variant={status === 'unknown' ? 'outlined' : 'filled'}
  />
);

/** A check's state; unknown says why (no data, unreadable, stale) and is never green. */
export const CheckStateChip = ({
  state,
  reason,
}: {
  state: CheckState;
  reason?: UnknownReason;
}) => (
  <Chip
    size="small"
    label={
      state === 'unknown' && reason
        ? `unknown: ${unknownReasonLabels[reason]}`
        : checkStateLabels[state]
    }
    color={checkStateTones[state]}
    variant={state === 'unknown' ? 'outlined' : 'filled'}
  />
);
