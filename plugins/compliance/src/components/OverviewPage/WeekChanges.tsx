import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatTime } from '../common/format';
import { describeDelta, type WeekChange } from './figures';

const Delta = ({ text }: { text: string | null }) => (
  <>
    {text ?? (
      <Typography component="span" color="text.secondary">
        no figure
      </Typography>
    )}
  </>
);

/** Per framework: today's roll-up against the last snapshot taken a week ago or before. */
export const WeekChanges = ({ changes }: { changes: WeekChange[] }) => {
  if (changes.length === 0) return null;
  return (
    <Table size="small" aria-label="changes since last week">
      <TableHead>
        <TableRow>
          <TableCell>Framework</TableCell>
          <TableCell>Compared with</TableCell>
          <TableCell>Operational</TableCell>
          <TableCell>Audit</TableCell>
          <TableCell>Coverage</TableCell>
          <TableCell>Failing controls</TableCell>
          <TableCell>Unknown controls</TableCell>
          <TableCell>Waivers</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {changes.map(change => (
          <TableRow key={change.frameworkId}>
            <TableCell>{change.frameworkTitle}</TableCell>
            {change.then === null ? (
              <TableCell colSpan={7}>
                <Typography color="text.secondary" variant="body2">
                  No snapshot from a week ago: history does not reach back that
                  far yet.
                </Typography>
              </TableCell>
            ) : (
              <>
                <TableCell>
                  {formatTime(change.then.takenAt)}
                  {change.methodChanged &&
                    ` (scoring method v${change.then.methodVersion} then)`}
                </TableCell>
                <TableCell>
                  <Delta text={describeDelta(change.operational, 'points')} />
                </TableCell>
                <TableCell>
                  <Delta text={describeDelta(change.audit, 'points')} />
                </TableCell>
                <TableCell>
                  <Delta text={describeDelta(change.coverage, 'points')} />
                </TableCell>
                <TableCell>
                  <Delta
                    text={describeDelta(change.failingControls, 'count')}
                  />
                </TableCell>
                <TableCell>
                  <Delta
                    text={describeDelta(change.unknownControls, 'count')}
                  />
                </TableCell>
                <TableCell>
                  <Delta text={describeDelta(change.waivers, 'count')} />
                </TableCell>
              </>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
