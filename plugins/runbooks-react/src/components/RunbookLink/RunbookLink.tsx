import { useEffect, useState } from 'react';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from '@backstage/core-components';
import { useApiHolder, useRouteRef } from '@backstage/frontend-plugin-api';
import type { RunbookList } from '@sparki/runbooks-common';
import { runbooksApiRef } from '../../api';
import { runbookRouteRef } from '../../routes';
import { StalenessChip } from '../StalenessChip/StalenessChip';

/** The runbook list, or undefined while loading, on failure or in an app without the API. */
function useRunbookList(): RunbookList | undefined {
  // Optional: an app (or a test) without `@sparki/runbooks` still renders the link.
  const api = useApiHolder().get(runbooksApiRef);
  const [list, setList] = useState<RunbookList>();
  useEffect(() => {
    let mounted = true;
    api
      ?.listRunbooks()
      .then(value => mounted && setList(value))
      // The link works without its staleness; the runbooks page shows the error.
      .catch(() => undefined);
    return () => {
      mounted = false;
    };
  }, [api]);
  return list;
}

const RunbookState = ({ id }: { id: string }) => {
  const list = useRunbookList();
  const summary = list?.items.find(item => item.id === id);
  if (summary) return <StalenessChip runbook={summary} />;
  if (list?.invalid.some(problem => problem.file === `${id}.md`)) {
    return <Chip size="small" color="error" label="invalid frontmatter" />;
  }
  return null;
};

/**
 * Links a runbook id to its page in the portal, with the runbook's staleness next to it. In an
 * app without the runbooks page the file's path in the repository is shown instead, so the
 * reader still finds it.
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
  return (
    <Stack direction="row" spacing={1} alignItems="center" component="span">
      <Link to={runbookPath({ id })}>{id}</Link>
      <RunbookState id={id} />
    </Stack>
  );
};
