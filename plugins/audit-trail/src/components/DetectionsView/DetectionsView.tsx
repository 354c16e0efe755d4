import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  Detection,
  DetectionQuery,
  Severity,
} from '@sparki/audit-trail-common';
import { RunbookLink, SeverityChip } from '@sparki/runbooks-react';
import { describeError } from '@sparki/error-message';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { formatTime, shortArn } from '../common/format';

const PAGE_SIZE = 50;
const severities: Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * Events that match a CIS AWS Foundations monitoring control (4.x), newest first, with the rule,
 * its severity and runbook. `accountId` fixes the scope (an account's entity page).
 */
export const DetectionsView = ({ accountId }: { accountId?: string }) => {
  const api = useApi(auditTrailApiRef);
  const rules = useAsync(() => api.listRules(), [api]);
  const rulesById = useMemo(
    () => new Map((rules.value ?? []).map(rule => [rule.id, rule])),
    [rules.value],
  );
  const [filters, setFilters] = useState<DetectionQuery>({});
  const [items, setItems] = useState<Detection[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();

  const fetchPage = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.listDetections({
          ...filters,
          accountId: accountId ?? filters.accountId,
          cursor,
          limit: PAGE_SIZE,
        });
        setItems(previous =>
          cursor ? [...previous, ...page.items] : page.items,
        );
        setNextCursor(page.nextCursor);
      } catch (e) {
        setError(e as Error);
        if (!cursor) setItems([]);
      } finally {
        setLoading(false);
      }
    },
    [api, filters, accountId],
  );

  useEffect(() => {
    fetchPage();
  }, [fetchPage]);

  const select = (
    label: string,
    key: 'severity' | 'ruleId',
    options: Array<{ value: string; label: string }>,
  ) => (
    <TextField
      select
      size="small"
      label={label}
      value={filters[key] ?? ''}
      sx={{ minWidth: 200 }}
      onChange={e =>
        setFilters({ ...filters, [key]: e.target.value || undefined })
      }
    >
      <MenuItem value="">Any</MenuItem>
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2}>
        {select(
          'Severity',
          'severity',
          severities.map(s => ({ value: s, label: s })),
        )}
        {select(
          'CIS control',
          'ruleId',
          (rules.value ?? []).map(rule => ({
            value: rule.id,
            label: `${rule.cisControlId} ${rule.title}`,
          })),
        )}
        {!accountId && (
          <TextField
            size="small"
            label="Account id"
            value={filters.accountId ?? ''}
            onChange={e =>
              setFilters({
                ...filters,
                accountId: e.target.value.trim() || undefined,
              })
            }
          />
        )}
      </Stack>
      {(error || rules.error) && (
        <Alert severity="error">
          Could not load detections: {describeError(error ?? rules.error)}
        </Alert>
      )}
      {!loading && !error && items.length === 0 ? (
        <Typography color="text.secondary">No detections.</Typography>
      ) : (
        <Table size="small" aria-label="detections">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>CIS</TableCell>
              <TableCell>Detection</TableCell>
              <TableCell>Event</TableCell>
              <TableCell>Actor</TableCell>
              <TableCell>Account</TableCell>
              <TableCell>Runbook</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(detection => {
              const rule = rulesById.get(detection.ruleId);
              return (
                <TableRow key={`${detection.eventId}:${detection.ruleId}`}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatTime(detection.eventTime)}
                  </TableCell>
                  <TableCell>
                    <SeverityChip severity={detection.severity} />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Tooltip
                      title={
                        rule?.securityHubControlId
                          ? `Security Hub ${rule.securityHubControlId}`
                          : ''
                      }
                    >
                      <span>CIS {detection.cisControlId}</span>
                    </Tooltip>
                  </TableCell>
                  <TableCell>{rule?.title ?? detection.ruleId}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Typography variant="body2">
                      {detection.eventName}
                    </Typography>
                    <Tooltip title={`Event id ${detection.eventId}`}>
                      <Typography variant="caption" color="text.secondary">
                        {detection.eventId.slice(0, 8)}…
                      </Typography>
                    </Tooltip>
                  </TableCell>
                  <TableCell>{shortArn(detection.actorArn)}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Typography variant="body2">
                      {detection.accountId}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      {detection.region}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {rule ? <RunbookLink id={rule.runbookId} /> : '—'}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {(loading || rules.loading) && <Progress />}
      {nextCursor && !loading && (
        <Box>
          <Button onClick={() => fetchPage(nextCursor)}>Load more</Button>
        </Box>
      )}
    </Stack>
  );
};
