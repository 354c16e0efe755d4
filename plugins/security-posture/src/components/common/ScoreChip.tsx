import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { formatScore, scoreTone } from './format';

export interface ScoreChipProps {
  score: number | null | undefined;
  /** The data behind the score was incomplete. */
  partial?: boolean;
  /** Why there is no score, shown on hover. */
  reason?: string;
  size?: 'small' | 'medium';
}

/** A score with its colour; "No data" when there is none, marked when it rests on partial data. */
export const ScoreChip = ({
  score,
  partial,
  reason,
  size = 'small',
}: ScoreChipProps) => {
  const label = `${formatScore(score)}${partial ? ' (partial)' : ''}`;
  const hint =
    reason ??
    (partial
      ? 'Some Kubernetes kinds could not be read: the controls that need them are unknown and left out of this score'
      : undefined);
  const chip = (
    <Chip
      size={size}
      label={label}
      color={scoreTone(score)}
      variant={score === null || score === undefined ? 'outlined' : 'filled'}
    />
  );
  return hint ? <Tooltip title={hint}>{chip}</Tooltip> : chip;
};
