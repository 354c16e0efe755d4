import { Fragment, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Collapse from '@mui/material/Collapse';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import type {
  CatalogControl,
  ControlStatus,
  Snapshot,
  SnapshotControlResult,
} from '@sparki/security-posture-common';
import { RunbookLink, SeverityChip } from '@sparki/runbooks-react';
import { severityOrder } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { FindingsTable } from './FindingsTable';

/** Controls that need attention first: failing, then not judged (unknown, manual), then the rest. */
const statusOrder: Record<ControlStatus, number> = {
  fail: 0,
  unknown: 1,
  manual: 2,
  pass: 3,
  'not-applicable': 4,
};

interface Row {
  result: SnapshotControlResult;
  control?: CatalogControl;
}

export function sortControlRows(rows: Row[]): Row[] {
  return [...rows].sort(
    (a, b) =>
      statusOrder[a.result.status] - statusOrder[b.result.status] ||
      severityOrder[a.control?.severity ?? 'low'] -
        severityOrder[b.control?.severity ?? 'low'] ||
      b.result.failing - a.result.failing ||
      a.result.controlId.localeCompare(b.result.controlId),
  );
}

const needsAttention = (status: ControlStatus) =>
  status === 'fail' || status === 'unknown' || status === 'manual';

/**
 * The controls of a snapshot with severity, CIS ids and runbook; a row opens the findings that
 * are its evidence. By default only failing and unjudged controls are listed.
 */
export const ControlTable = ({
  snapshot,
  controls,
}: {
  snapshot: Snapshot;
  controls: CatalogControl[];
}) => {
  const [showAll, setShowAll] = useState(false);
  const [open, setOpen] = useState<string>();
  const rows = useMemo(() => {
    const byId = new Map(controls.map(c => [c.id, c]));
    return sortControlRows(
      snapshot.results.map(result => ({
        result,
        control: byId.get(result.controlId),
      })),
    );
  }, [snapshot, controls]);
  const visible = showAll
    ? rows
    : rows.filter(r => needsAttention(r.result.status));
  const passing = rows.filter(r => r.result.status === 'pass').length;

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
        <Typography variant="body2" color="text.secondary">
          {rows.length - passing} of {rows.length} controls need attention (
          {passing} passing).
        </Typography>
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={showAll}
              onChange={e => setShowAll(e.target.checked)}
            />
          }
          label="Show all controls"
        />
      </Box>
      <Table size="small" aria-label="controls">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>Control</TableCell>
            <TableCell>Severity</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>CIS</TableCell>
            <TableCell align="right">Failing / applicable</TableCell>
            <TableCell>Runbook</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {visible.map(({ result, control }) => {
            const expanded = open === result.controlId;
            const hasFindings =
              result.status === 'fail' ||
              result.status === 'unknown' ||
              result.status === 'manual';
            return (
              <Fragment key={result.controlId}>
                <TableRow hover>
                  <TableCell padding="checkbox">
                    {hasFindings && (
                      <IconButton
                        size="small"
                        aria-label={`${
                          expanded ? 'Hide' : 'Show'
                        } findings of ${result.controlId}`}
                        onClick={() =>
                          setOpen(expanded ? undefined : result.controlId)
                        }
                      >
                        {expanded ? (
                          <KeyboardArrowDownIcon />
                        ) : (
                          <KeyboardArrowRightIcon />
                        )}
                      </IconButton>
                    )}
                  </TableCell>
                  <TableCell>
                    <Typography variant="body2">
                      {control?.title ?? result.controlId}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {result.controlId}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {control ? (
                      <SeverityChip severity={control.severity} />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>
                    <StatusChip status={result.status} reason={result.reason} />
                  </TableCell>
                  <TableCell>
                    {[
                      control?.cisKubernetes && `K8s ${control.cisKubernetes}`,
                      control?.cisEks && `EKS ${control.cisEks}`,
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </TableCell>
                  <TableCell align="right">
                    {result.status === 'unknown' || result.status === 'manual'
                      ? '—'
                      : `${result.failing} / ${result.applicable}`}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {control?.runbook ? (
                      <RunbookLink id={control.runbook} />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                </TableRow>
                {expanded && (
                  <TableRow>
                    <TableCell colSpan={7} sx={{ bgcolor: 'action.hover' }}>
                      <Collapse in={expanded} unmountOnExit>
                        {control && (
                          <Box sx={{ mb: 1 }}>
                            <Typography variant="body2">
                              <strong>Why:</strong> {control.rationale}
                            </Typography>
                            <Typography variant="body2">
                              <strong>Fix:</strong> {control.remediation}
                            </Typography>
                          </Box>
                        )}
                        <FindingsTable
                          showControl={false}
                          filters={{
                            cluster: snapshot.cluster,
                            snapshot: snapshot.id,
                            control: result.controlId,
                          }}
                        />
                      </Collapse>
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
};
