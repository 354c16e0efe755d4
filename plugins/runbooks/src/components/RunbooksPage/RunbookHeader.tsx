import { ReactNode } from 'react';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import { InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { RunbookSummary } from '@sparki/runbooks-common';
import { SeverityChip, StalenessChip } from '@sparki/runbooks-react';

const Ids = ({ ids }: { ids: string[] }) =>
  ids.length ? (
    <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
      {ids.map(id => (
        <Chip key={id} size="small" variant="outlined" label={id} />
      ))}
    </Stack>
  ) : (
    <>—</>
  );

/** The runbook's frontmatter: who owns it, when it was reviewed and tested, what it is for. */
export const RunbookHeader = ({ runbook }: { runbook: RunbookSummary }) => {
  const tested = runbook.lastTested;
  const rows: Array<[string, ReactNode]> = [
    ['Owner', <EntityRefLink entityRef={runbook.owner} defaultKind="group" />],
    ['Severity', <SeverityChip severity={runbook.severity} />],
    ['Staleness', <StalenessChip runbook={runbook} />],
    ['Last reviewed', runbook.lastReviewed],
    [
      'Last tested',
      tested
        ? `${tested.date}: ${tested.outcome}, by ${tested.by}${
            runbook.lastTestedSource === 'portal'
              ? ' (recorded in the portal)'
              : ''
          }`
        : 'never tested',
    ],
    ['Controls', <Ids ids={runbook.controls} />],
    ['Detections', <Ids ids={runbook.detections} />],
    ['Deploy steps', <Ids ids={runbook.deploySteps} />],
    ['Applies to', <Ids ids={runbook.appliesTo} />],
    ['Tags', <Ids ids={runbook.tags} />],
    ...(runbook.location
      ? ([
          ['Location', <Link to={runbook.location}>{runbook.location}</Link>],
        ] as Array<[string, ReactNode]>)
      : []),
  ];
  return (
    <InfoCard title={runbook.title} subheader={runbook.summary}>
      <Table size="small" aria-label="runbook details">
        <TableBody>
          {rows.map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row" sx={{ width: 160 }}>
                {label}
              </TableCell>
              <TableCell>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
};
