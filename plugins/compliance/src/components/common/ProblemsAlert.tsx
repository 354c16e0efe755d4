import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import type { SourceProblem } from '@sparki/compliance-common';

/**
 * What the sources could not read, e.g. "cluster sparki-prod: RBAC not readable". The checks
 * behind them are unknown: they lower coverage and the conservative score, never count as pass.
 */
export const ProblemsAlert = ({ problems }: { problems: SourceProblem[] }) => {
  if (problems.length === 0) return null;
  return (
    <Alert severity="warning" aria-label="partial data">
      <AlertTitle>
        Partial data: what could not be read is shown as unknown, never as pass
      </AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {problems.map((problem, index) => (
          <li key={index}>
            {problem.message} <small>({problem.source})</small>
          </li>
        ))}
      </ul>
    </Alert>
  );
};
