import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Framework, ScoreSummary } from '@sparki/security-posture-common';
import { frameworkLabels } from '../common/format';
import { ScoreChip } from '../common/ScoreChip';

/** One card per framework: its score and how many controls pass, fail or could not be judged. */
export const FrameworkScores = ({
  byFramework,
  partial,
}: {
  byFramework: Partial<Record<Framework, ScoreSummary>>;
  partial: boolean;
}) => {
  const entries = Object.entries(byFramework) as Array<
    [Framework, ScoreSummary]
  >;
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
        gap: 2,
      }}
    >
      {entries.map(([framework, summary]) => (
        <Card
          key={framework}
          variant="outlined"
          data-testid={`framework-${framework}`}
        >
          <CardContent>
            <Typography variant="subtitle2" gutterBottom>
              {frameworkLabels[framework] ?? framework}
            </Typography>
            <ScoreChip
              score={summary.score}
              reason={summary.reason}
              partial={partial && summary.unknown > 0}
            />
            <Typography
              variant="caption"
              component="p"
              color="text.secondary"
              sx={{ mt: 1 }}
            >
              {summary.passing} passing · {summary.failing} failing
              {summary.unknown > 0 && ` · ${summary.unknown} unknown`}
              {summary.manual > 0 && ` · ${summary.manual} manual`}
            </Typography>
          </CardContent>
        </Card>
      ))}
    </Box>
  );
};
