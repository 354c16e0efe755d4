import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
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
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import {
  runbookSeverities,
  type RunbookProblem,
  type RunbookSummary,
} from '@sparki/runbooks-common';
import {
  SeverityChip,
  StalenessChip,
  runbookRouteRef,
} from '@sparki/runbooks-react';
import { runbooksApiRef } from '../../api/RunbooksApi';

/** Client-side filters over the list; an empty string means "any". */
interface Filters {
  query: string;
  severity: string;
  owner: string;
  stale: '' | 'stale' | 'current';
  tag: string;
}

const noFilters: Filters = {
  query: '',
  severity: '',
  owner: '',
  stale: '',
  tag: '',
};

function matches(runbook: RunbookSummary, filters: Filters): boolean {
  const text = `${runbook.id} ${runbook.title} ${runbook.summary}`;
  const query = filters.query.trim().toLocaleLowerCase();
  return (
    text.toLocaleLowerCase().includes(query) &&
    (!filters.severity || runbook.severity === filters.severity) &&
    (!filters.owner || runbook.owner === filters.owner) &&
    (!filters.stale || runbook.stale === (filters.stale === 'stale')) &&
    (!filters.tag || runbook.tags.includes(filters.tag))
  );
}

const distinct = (values: string[]) => [...new Set(values)].sort();

/** A native select: accessible by its label and cheap with a few dozen options. */
const FilterSelect = ({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) => (
  <TextField
    select
    label={label}
    size="small"
    value={value}
    onChange={event => onChange(event.target.value)}
    SelectProps={{ native: true }}
    InputLabelProps={{ shrink: true }}
    sx={{ minWidth: 160 }}
  >
    <option value="">Any</option>
    {options.map(option => (
      <option key={option.value} value={option.value}>
        {option.label}
      </option>
    ))}
  </TextField>
);

const asOptions = (values: readonly string[]) =>
  values.map(value => ({ value, label: value }));

/** `platform-team` for `group:default/platform-team`: the owner column's short form. */
const ownerOptions = (owners: readonly string[]) =>
  owners.map(owner => ({
    value: owner,
    label: humanizeEntityRef(parseEntityRef(owner), { defaultKind: 'group' }),
  }));

/** The repository path of a file, or its location (and the file within it). */
function whereIs(problem: RunbookProblem): string {
  if (!problem.location) return `runbooks/${problem.file}`;
  return problem.location === problem.file
    ? problem.location
    : `${problem.location}: ${problem.file}`;
}

/** Runbook files the backend could not list; shown so that an auditor knows they exist. */
const InvalidRunbooks = ({ problems }: { problems: RunbookProblem[] }) => (
  <InfoCard
    title="Invalid runbooks"
    subheader="These files (and unreadable locations) are not listed above until they are fixed"
  >
    <Table size="small" aria-label="invalid runbooks">
      <TableHead>
        <TableRow>
          <TableCell>File</TableCell>
          <TableCell>Field</TableCell>
          <TableCell>Reason</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {problems.map((problem, index) => (
          <TableRow key={`${problem.file}:${problem.field}:${index}`}>
            <TableCell>
              <code>{whereIs(problem)}</code>
            </TableCell>
            <TableCell>
              <code>{problem.field}</code>
            </TableCell>
            <TableCell>{problem.reason}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </InfoCard>
);

export const RunbookIndex = () => {
  const api = useApi(runbooksApiRef);
  const runbookPath = useRouteRef(runbookRouteRef);
  const { value, loading, error } = useAsync(() => api.listRunbooks(), [api]);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const items = useMemo(() => value?.items ?? [], [value]);
  const shown = useMemo(
    () => items.filter(runbook => matches(runbook, filters)),
    [items, filters],
  );
  const owners = useMemo(() => distinct(items.map(r => r.owner)), [items]);
  const tags = useMemo(() => distinct(items.flatMap(r => r.tags)), [items]);
  const setFilter = (key: keyof Filters) => (next: string) =>
    setFilters(current => ({ ...current, [key]: next }));

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
      <Stack spacing={3}>
        <InfoCard
          title="Runbooks"
          subheader="What a posture finding or an audit-trail detection means and how to fix it"
        >
          <Stack direction="row" spacing={2} flexWrap="wrap" useFlexGap mb={2}>
            <TextField
              label="Filter"
              size="small"
              value={filters.query}
              onChange={event => setFilter('query')(event.target.value)}
            />
            <FilterSelect
              label="Severity"
              value={filters.severity}
              options={asOptions(runbookSeverities)}
              onChange={setFilter('severity')}
            />
            <FilterSelect
              label="Owner"
              value={filters.owner}
              options={ownerOptions(owners)}
              onChange={setFilter('owner')}
            />
            <FilterSelect
              label="Staleness"
              value={filters.stale}
              options={[
                { value: 'stale', label: 'Stale' },
                { value: 'current', label: 'Current' },
              ]}
              onChange={setFilter('stale')}
            />
            <FilterSelect
              label="Tag"
              value={filters.tag}
              options={asOptions(tags)}
              onChange={setFilter('tag')}
            />
          </Stack>
          {shown.length === 0 ? (
            <Typography>
              {items.length ? 'No runbook matches the filter.' : 'No runbooks.'}
            </Typography>
          ) : (
            <Table size="small" aria-label="runbooks">
              <TableHead>
                <TableRow>
                  <TableCell>Runbook</TableCell>
                  <TableCell>Summary</TableCell>
                  <TableCell>Severity</TableCell>
                  <TableCell>Owner</TableCell>
                  <TableCell>Tags</TableCell>
                  <TableCell>Staleness</TableCell>
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
                        {runbook.location && ` · from ${runbook.location}`}
                      </Typography>
                    </TableCell>
                    <TableCell sx={{ '& p': { m: 0 } }}>
                      <MarkdownContent content={runbook.summary} />
                    </TableCell>
                    <TableCell>
                      <SeverityChip severity={runbook.severity} />
                    </TableCell>
                    <TableCell>
                      <EntityRefLink
                        entityRef={runbook.owner}
                        defaultKind="group"
                      />
                    </TableCell>
                    <TableCell>
                      <Stack
                        direction="row"
                        spacing={0.5}
                        flexWrap="wrap"
                        useFlexGap
                      >
                        {runbook.tags.map(tag => (
                          <Chip key={tag} size="small" label={tag} />
                        ))}
                      </Stack>
                    </TableCell>
                    <TableCell>
                      <StalenessChip runbook={runbook} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
        {value?.invalid.length ? (
          <InvalidRunbooks problems={value.invalid} />
        ) : null}
      </Stack>
    </Content>
  );
};
