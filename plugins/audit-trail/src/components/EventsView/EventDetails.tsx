import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import type { AuditEvent } from '@sparki/audit-trail-common';
import { formatTime } from '../common/format';

/** The normalized fields of an event and the raw CloudTrail record, as evidence. */
export const EventDetails = ({
  event,
  onClose,
}: {
  event: AuditEvent | undefined;
  onClose(): void;
}) => (
  <Dialog open={Boolean(event)} onClose={onClose} maxWidth="md" fullWidth>
    {event && (
      <>
        <DialogTitle>
          {event.eventName} · {formatTime(event.eventTime)}
        </DialogTitle>
        <DialogContent dividers>
          <Table size="small">
            <TableBody>
              {(
                [
                  ['Event id', event.eventId],
                  ['Source', event.eventSource],
                  ['Account', event.accountId],
                  ['Region', event.region],
                  ['Actor', event.actorArn ?? event.actorName],
                  ['Actor type', event.actorType],
                  ['Source IP', event.sourceIp],
                  ['User agent', event.userAgent],
                  [
                    'Error',
                    event.errorCode &&
                      `${event.errorCode}: ${event.errorMessage ?? ''}`,
                  ],
                  ['Resources', event.resources.map(r => r.arn).join(', ')],
                ] as Array<[string, string | undefined]>
              ).map(([label, value]) => (
                <TableRow key={label}>
                  <TableCell component="th" sx={{ width: 140 }}>
                    {label}
                  </TableCell>
                  <TableCell sx={{ wordBreak: 'break-all' }}>
                    {value || '—'}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Box
            component="pre"
            aria-label="raw CloudTrail record"
            sx={{
              fontSize: 12,
              bgcolor: 'action.hover',
              p: 1,
              overflow: 'auto',
            }}
          >
            {JSON.stringify(event.raw, null, 2)}
          </Box>
        </DialogContent>
      </>
    )}
  </Dialog>
);
