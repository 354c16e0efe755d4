import Typography from '@mui/material/Typography';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { runbookRouteRef } from '../../routes';

/**
 * Links a runbook id to its page in the portal. In an app without the runbooks page the file's
 * path in the repository is shown instead, so the reader still finds it.
 */
export const RunbookLink = ({ id }: { id: string }) => {
  const runbookPath = useRouteRef(runbookRouteRef);
  if (!runbookPath) {
    return (
      <Typography variant="body2" component="code">
        runbooks/{id}.md
      </Typography>
    );
  }
  return <Link to={runbookPath({ id })}>{id}</Link>;
};
