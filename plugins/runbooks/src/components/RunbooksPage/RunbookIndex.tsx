import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  Content,
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import type { RunbookSummary } from '@sparki/runbooks-common';
import { runbookRouteRef } from '@sparki/runbooks-react';
import { runbooksApiRef } from '../../api/RunbooksApi';

function matches(runbook: RunbookSummary, query: string): boolean {
  const text = `${runbook.id} ${runbook.title} ${runbook.summary}`;
  return text.toLocaleLowerCase().includes(query.toLocaleLowerCase());
}

export const RunbookIndex = () => {
  const api = useApi(runbooksApiRef);
  const runbookPath = useRouteRef(runbookRouteRef);
  const { value, loading, error } = useAsync(() => api.listRunbooks(), [api]);
  const [query, setQuery] = useState('');
  const shown = useMemo(
    () => (value ?? []).filter(runbook => matches(runbook, query.trim())),
    [value, query],
  );

  if (loading) return <Progress />;
  if (error) {
    return (
      <Content>
        <ResponseErrorPanel error={error} />
      </Content>
    );
  }
  return (
    <Content>
      <InfoCard
        title="Runbooks"
        subheader="What a posture finding or an audit-trail detection means and how to fix it"
      >
        <TextField
          label="Filter"
          size="small"
          value={query}
          onChange={event => setQuery(event.target.value)}
          sx={{ mb: 2 }}
        />
        {shown.length === 0 ? (
          <Typography>
            {value?.length ? 'No runbook matches the filter.' : 'No runbooks.'}
          </Typography>
        ) : (
          <Table size="small" aria-label="runbooks">
            <TableHead>
              <TableRow>
                <TableCell>Runbook</TableCell>
                <TableCell>Summary</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map(runbook => (
                <TableRow key={runbook.id}>
                  <TableCell sx={{ minWidth: 240 }}>
                    {runbookPath ? (
                      <Link to={runbookPath({ id: runbook.id })}>
                        {runbook.title}
                      </Link>
                    ) : (
                      runbook.title
                    )}
                    <Typography
                      variant="caption"
                      component="div"
                      color="text.secondary"
                    >
                      {runbook.id}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ '& p': { m: 0 } }}>
                    <MarkdownContent content={runbook.summary} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </InfoCard>
    </Content>
  );
};
