import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';

/**
 * Runbooks are markdown files `runbooks/<id>.md` at the root of the portal's repository. With
 * `runbooks.baseUrl` configured (e.g. the repository's web URL of that directory) the id links
 * to the file; otherwise the path is shown so it can be found in the repository.
 */
export const RunbookLink = ({ id }: { id: string }) => {
  const baseUrl = useApi(configApiRef).getOptionalString('runbooks.baseUrl');
  const file = `${id}.md`;
  if (baseUrl) {
    return (
      <Link
        href={`${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(file)}`}
        target="_blank"
        rel="noopener noreferrer"
      >
        {id}
      </Link>
    );
  }
  return (
    <Tooltip title={`Runbook runbooks/${file} in the Sparki Portal repository`}>
      <Typography variant="body2" component="code">
        runbooks/{file}
      </Typography>
    </Tooltip>
  );
};
