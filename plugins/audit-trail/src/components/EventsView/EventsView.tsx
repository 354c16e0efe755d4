import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import type {
  AuditEvent,
  AuditEventPage,
  AuditEventQuery,
} from '@sparki/audit-trail-common';
import { describeError } from '@sparki/error-message';
import { formatTime, shortArn } from '../common/format';
import { EventCountsChart } from './EventCountsChart';
import { EventDetails } from './EventDetails';
import { EventFilters } from './EventFilters';
import { ExportButtons } from './ExportButtons';

const PAGE_SIZE = 50;

/**
 * Event search with filters and cursor pagination ("Load more"). `load` decides the scope (all
 * events, or one catalog entity's); exports are offered when the scope is the whole trail.
 */
export const EventsView = ({
  load,
  exportable = false,
  showAccountFilter = true,
}: {
  load(query: AuditEventQuery): Promise<AuditEventPage>;
  /** Whole-trail scope: offers exports and the event count chart. */
  exportable?: boolean;
  showAccountFilter?: boolean;
}) => {
  const [query, setQuery] = useState<AuditEventQuery>({});
  const [items, setItems] = useState<AuditEvent[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [selected, setSelected] = useState<AuditEvent>();

  const fetchPage = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await load({ ...query, cursor, limit: PAGE_SIZE });
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
    [load, query],
  );

  useEffect(() => {
    fetchPage();
  }, [fetchPage]);

  return (
    <Stack spacing={2}>
      <EventFilters onSearch={setQuery} showAccount={showAccountFilter} />
      {exportable && <EventCountsChart query={query} />}
      <Box
        sx={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
        }}
      >
        <Typography variant="body2" color="text.secondary">
          {items.length} event{items.length === 1 ? '' : 's'} shown
          {nextCursor ? ', more available' : ''}
        </Typography>
        {exportable && <ExportButtons query={query} />}
      </Box>
      {error && (
        <Alert severity="error">
          Could not load events: {describeError(error)}
        </Alert>
      )}
      {!loading && !error && items.length === 0 ? (
        <Typography color="text.secondary">No events match.</Typography>
      ) : (
        <Table size="small" aria-label="events">
          <TableHead>
            <TableRow>
              <TableCell>Time</TableCell>
              <TableCell>Event</TableCell>
              <TableCell>Actor</TableCell>
              <TableCell>Account</TableCell>
              <TableCell>Region</TableCell>
              <TableCell>Source IP</TableCell>
              <TableCell>Result</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(event => (
              <TableRow
                key={event.eventId}
                hover
                sx={{ cursor: 'pointer' }}
                onClick={() => setSelected(event)}
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatTime(event.eventTime)}
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{event.eventName}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    {event.eventSource}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Typography variant="body2">
                    {event.actorName ?? shortArn(event.actorArn)}
                  </Typography>
                  <Typography variant="caption" color="text.secondary">
                    {event.actorType}
                  </Typography>
                </TableCell>
                <TableCell>{event.accountId}</TableCell>
                <TableCell>{event.region}</TableCell>
                <TableCell>{event.sourceIp ?? '—'}</TableCell>
                <TableCell>
                  {event.errorCode ? (
                    <Chip
                      size="small"
                      color="error"
                      variant="outlined"
                      label={event.errorCode}
                    />
                  ) : (
                    <Chip size="small" variant="outlined" label="ok" />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {loading && <Progress />}
      {nextCursor && !loading && (
        <Box>
          <Button onClick={() => fetchPage(nextCursor)}>Load more</Button>
        </Box>
      )}
      <EventDetails event={selected} onClose={() => setSelected(undefined)} />
    </Stack>
  );
};
