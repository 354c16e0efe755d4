import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ScopeScore } from '@sparki/compliance-common';
import { ScoreChip } from './Chips';
import { formatPercent } from './format';

const Figure = ({
  name,
  children,
}: {
  name: string;
  children: React.ReactNode;
}) => (
  <Stack spacing={0.5} role="group" aria-label={name}>
    <Typography variant="caption" color="text.secondary">
      {name}
    </Typography>
    <div>{children}</div>
  </Stack>
);

/**
 * The four figures of a framework in a scope: operational score (waivers left out), audit score
 * (waivers counted as approved deviations, with their number), the conservative score (unknown
 * counted as 0) and coverage (controls with data ÷ applicable controls).
 */
export const ScoreSummary = ({ score }: { score: ScopeScore }) => {
  const { operational, audit } = score;
  return (
    <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
      <Figure name="Operational score">
        <ScoreChip
          score={operational.score}
          size="medium"
          hint="Over the controls with data; waived checks are left out"
        />
      </Figure>
      <Figure name="Audit score">
        <Stack direction="row" spacing={1} alignItems="center">
          <ScoreChip
            score={audit.score}
            size="medium"
            hint="Waived checks count as approved deviations"
          />
          <Typography variant="body2">
            {score.waivers === 1 ? '1 waiver' : `${score.waivers} waivers`}
            {score.waivedChecks > 0 && ` (${score.waivedChecks} checks)`}
          </Typography>
        </Stack>
      </Figure>
      <Figure name="Conservative score">
        <ScoreChip
          score={audit.conservativeScore}
          size="medium"
          hint="Every applicable control counts; one without data counts 0"
        />
      </Figure>
      <Figure name="Coverage">
        <Typography variant="body1">
          {formatPercent(audit.coverage)}{' '}
          <Typography component="span" variant="body2" color="text.secondary">
            ({audit.controlsWithData} of {audit.applicableControls} controls
            with data)
          </Typography>
        </Typography>
      </Figure>
    </Stack>
  );
};
