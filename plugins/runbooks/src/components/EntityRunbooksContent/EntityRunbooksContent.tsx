import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  parseRunbooksAnnotation,
  RUNBOOKS_ANNOTATION,
  type RunbookList,
  type RunbookSummary,
} from '@sparki/runbooks-common';
import {
  SeverityChip,
  StalenessChip,
  runbookRouteRef,
} from '@sparki/runbooks-react';
import { runbooksApiRef } from '../../api/RunbooksApi';

interface Row {
  key: string;
  runbook: ReactNode;
  why: string;
  severity?: ReactNode;
  state: ReactNode;
}

const warning = (label: string) => (
  <Chip size="small" color="warning" label={label} />
);

/** Rows of the annotation's entries, in their order, each resolved against the runbook list. */
function annotationRows(
  value: string | undefined,
  all: RunbookList,
  link: (summary: RunbookSummary) => ReactNode,
): Row[] {
  return parseRunbooksAnnotation(value).map((entry, index): Row => {
    const why = `${RUNBOOKS_ANNOTATION} annotation`;
    if (entry.kind === 'url') {
      return {
        key: `url:${entry.url}`,
        runbook: <Link to={entry.url}>{entry.url}</Link>,
        why,
        state: (
          <Chip
            size="small"
            variant="outlined"
            label="outside the portal: staleness unknown"
          />
        ),
      };
    }
    if (entry.kind === 'invalid') {
      return {
        key: `invalid:${index}`,
        runbook: <code>{entry.value}</code>,
        why,
        state: warning(`invalid entry: ${entry.reason}`),
      };
    }
    const summary = all.items.find(item => item.id === entry.id);
    if (summary) {
      return {
        key: `id:${entry.id}`,
        runbook: link(summary),
        why,
        severity: <SeverityChip severity={summary.severity} />,
        state: <StalenessChip runbook={summary} />,
      };
    }
    const invalid = all.invalid.some(p => p.file === `${entry.id}.md`);
    return {
      key: `id:${entry.id}`,
      runbook: <code>{entry.id}</code>,
      why,
      state: warning(
        invalid ? 'invalid frontmatter' : 'unknown runbook id: no such runbook',
      ),
    };
  });
}

/**
 * The entity's runbooks: those its `sparki.io/runbooks` annotation names (ids resolved to the
 * portal's runbooks, unknown ones said so, URLs linked) and those whose `applies_to` names the
 * entity or its kind, each with its staleness.
 */
export const EntityRunbooksContent = () => {
  const { entity } = useEntity();
  const api = useApi(runbooksApiRef);
  const runbookPath = useRouteRef(runbookRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const annotation = entity.metadata.annotations?.[RUNBOOKS_ANNOTATION];
  const { value, loading, error } = useAsync(
    () =>
      Promise.all([
        api.listRunbooks(),
        api.listRunbooks({ entity: entityRef }),
      ]),
    [api, entityRef],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const [all, applying] = value;

  const link = (summary: RunbookSummary) => (
    <>
      {runbookPath ? (
        <Link to={runbookPath({ id: summary.id })}>{summary.title}</Link>
      ) : (
        summary.title
      )}
      <Typography variant="caption" component="div" color="text.secondary">
        {summary.id}
      </Typography>
    </>
  );
  const rows = annotationRows(annotation, all, link);
  const listed = new Set(rows.map(row => row.key));
  for (const summary of applying.items) {
    const key = `id:${summary.id}`;
    if (listed.has(key)) continue;
    rows.push({
      key,
      runbook: link(summary),
      why: `applies_to: ${summary.appliesTo.join(', ')}`,
      severity: <SeverityChip severity={summary.severity} />,
      state: <StalenessChip runbook={summary} />,
    });
  }

  return (
    <InfoCard
      title="Runbooks"
      subheader={`Named by the ${RUNBOOKS_ANNOTATION} annotation or applying to ${entityRef}`}
    >
      {rows.length === 0 ? (
        <Stack spacing={1}>
          <Typography>No runbook for this entity.</Typography>
          <Alert severity="info">
            Name runbooks with the annotation{' '}
            <code>{RUNBOOKS_ANNOTATION}: deployment, rollback</code> (ids or
            URLs, comma-separated), or list the entity in a runbook's{' '}
            <code>applies_to</code>.
          </Alert>
        </Stack>
      ) : (
        <Table size="small" aria-label="entity runbooks">
          <TableHead>
            <TableRow>
              <TableCell>Runbook</TableCell>
              <TableCell>Why</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Staleness</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.key}>
                <TableCell>{row.runbook}</TableCell>
                <TableCell>{row.why}</TableCell>
                <TableCell>{row.severity ?? '—'}</TableCell>
                <TableCell>{row.state}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
