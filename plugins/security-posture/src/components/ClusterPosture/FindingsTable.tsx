import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  FindingFilters,
  PostureFinding,
} from '@sparki/security-posture-common';
import { SeverityChip } from '@sparki/runbooks-react';
import { describeError } from '@sparki/error-message';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import { StatusChip } from '../common/StatusChip';

const PAGE_SIZE = 25;

function describeResource(finding: PostureFinding): string {
  if (!finding.resourceKind && !finding.resourceName) return '—';
  return `${finding.resourceKind ?? ''}/${finding.resourceName ?? ''}`;
}

/**
 * The evidence behind a score: failing resources (and controls that could not be judged) for the
 * given filters, a page at a time with the backend's cursor.
 */
export const FindingsTable = ({
  filters,
  showControl = true,
}: {
  filters: FindingFilters;
  showControl?: boolean;
}) => {
  const api = useApi(securityPostureApiRef);
  const [items, setItems] = useState<PostureFinding[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const filterKey = JSON.stringify(filters);

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await api.listFindings(JSON.parse(filterKey), {
          limit: PAGE_SIZE,
          cursor,
        });
        setItems(previous =>
          cursor ? [...previous, ...page.items] : page.items,
        );
        setNextCursor(page.nextCursor);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [api, filterKey],
  );

  useEffect(() => {
    setItems([]);
    setNextCursor(undefined);
    load();
  }, [load]);

  return (
    <Box>
      {error && (
        <Alert severity="error" sx={{ mb: 1 }}>
          Could not load findings: {describeError(error)}
        </Alert>
      )}
      {!loading && !error && items.length === 0 ? (
        <Typography color="text.secondary" sx={{ p: 1 }}>
          No findings for these filters.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label="findings"
          sx={{ '& th': { whiteSpace: 'nowrap' } }}
        >
          <TableHead>
            <TableRow>
              {showControl && <TableCell>Control</TableCell>}
              <TableCell>Severity</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Namespace</TableCell>
              <TableCell>Resource</TableCell>
              <TableCell>Container</TableCell>
              <TableCell>Message</TableCell>
              <TableCell>Evidence</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(finding => (
              <TableRow key={finding.id}>
                {showControl && (
                  <TableCell>
                    <code>{finding.controlId}</code>
                  </TableCell>
                )}
                <TableCell>
                  <SeverityChip severity={finding.severity} />
                </TableCell>
                <TableCell>
                  <StatusChip status={finding.status} />
                </TableCell>
                <TableCell>{finding.namespace ?? '(cluster)'}</TableCell>
                <TableCell>{describeResource(finding)}</TableCell>
                <TableCell>{finding.container ?? '—'}</TableCell>
                <TableCell>{finding.message}</TableCell>
                <TableCell>
                  {finding.evidence &&
                  Object.keys(finding.evidence).length > 0 ? (
                    <details>
                      <summary>show</summary>
                      <Box
                        component="pre"
                        sx={{
                          m: 0,
                          fontSize: 11,
                          whiteSpace: 'pre-wrap',
                          wordBreak: 'break-all',
                          maxWidth: 360,
                        }}
                      >
                        {JSON.stringify(finding.evidence, null, 1)}
                      </Box>
                    </details>
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {loading && <Progress />}
      {nextCursor && !loading && (
        <Box sx={{ mt: 1 }}>
          <Button size="small" onClick={() => load(nextCursor)}>
            Load more findings
          </Button>
        </Box>
      )}
    </Box>
  );
};
