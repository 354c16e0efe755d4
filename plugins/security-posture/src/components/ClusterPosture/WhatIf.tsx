import { FormEvent, useState } from 'react';
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
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ClusterWhatIfRequest,
  WhatIfResponse,
} from '@sparki/security-posture-common';
import { describeError } from '@sparki/error-message';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import { formatTime } from '../common/format';

const levels: ClusterWhatIfRequest['level'][] = [
  'baseline',
  'restricted',
  'privileged',
];

/**
 * Pod Security what-if: before labelling a namespace `pod-security.kubernetes.io/enforce`, see
 * which pods and pod templates the API server would then reject, and why.
 */
export const WhatIf = ({
  cluster,
  namespaces,
}: {
  cluster: string;
  namespaces: string[];
}) => {
  const api = useApi(securityPostureApiRef);
  const [namespace, setNamespace] = useState('');
  const [level, setLevel] =
    useState<ClusterWhatIfRequest['level']>('restricted');
  const [version, setVersion] = useState('latest');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<WhatIfResponse>();

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    setError(undefined);
    try {
      setResult(
        await api.whatIf({
          cluster,
          namespace: namespace || undefined,
          level,
          version: version.trim() || 'latest',
        }),
      );
    } catch (e) {
      setResult(undefined);
      setError(describeError(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack spacing={2}>
      <form onSubmit={run} aria-label="what-if">
        <Stack direction="row" spacing={2} alignItems="center">
          <TextField
            select
            size="small"
            label="Namespace"
            value={namespace}
            sx={{ minWidth: 200 }}
            onChange={e => setNamespace(e.target.value)}
          >
            <MenuItem value="">Every namespace</MenuItem>
            {namespaces.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="Enforce level"
            value={level}
            sx={{ minWidth: 160 }}
            onChange={e =>
              setLevel(e.target.value as ClusterWhatIfRequest['level'])
            }
          >
            {levels.map(option => (
              <MenuItem key={option} value={option}>
                {option}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label="Version"
            helperText="latest or v1.N"
            value={version}
            onChange={e => setVersion(e.target.value)}
          />
          <Button type="submit" variant="outlined" disabled={running}>
            Simulate
          </Button>
        </Stack>
      </form>
      {running && <Progress />}
      {error && <Alert severity="error">{error}</Alert>}
      {result && (
        <Box data-testid="what-if-result">
          <Typography variant="body2" sx={{ mb: 1 }}>
            Enforcing <strong>{result.target}</strong> would reject{' '}
            <strong>{result.rejectedCount}</strong> of {result.evaluated} pods
            and pod templates (inventory collected{' '}
            {formatTime(result.inventoryCollectedAt)}).
          </Typography>
          <Table size="small" aria-label="what-if rejections">
            <TableHead>
              <TableRow>
                <TableCell>Namespace</TableCell>
                <TableCell>Enforces today</TableCell>
                <TableCell>Resource</TableCell>
                <TableCell>Container</TableCell>
                <TableCell>Check</TableCell>
                <TableCell>Why</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.namespaces.flatMap(ns =>
                ns.rejected.length === 0
                  ? [
                      <TableRow key={ns.namespace}>
                        <TableCell>{ns.namespace}</TableCell>
                        <TableCell>{ns.currentEnforce}</TableCell>
                        <TableCell colSpan={4}>
                          <Typography variant="body2" color="success.main">
                            Nothing rejected ({ns.evaluated} evaluated)
                          </Typography>
                        </TableCell>
                      </TableRow>,
                    ]
                  : ns.rejected.flatMap(({ resource, violations }) =>
                      violations.map((violation, index) => (
                        <TableRow
                          key={`${ns.namespace}/${resource.kind}/${resource.name}/${index}`}
                        >
                          <TableCell>{ns.namespace}</TableCell>
                          <TableCell>{ns.currentEnforce}</TableCell>
                          <TableCell>
                            {resource.kind}/{resource.name}
                          </TableCell>
                          <TableCell>
                            {violation.container ?? '(pod)'}
                          </TableCell>
                          <TableCell>
                            <code>{violation.checkId}</code>
                          </TableCell>
                          <TableCell>
                            {violation.forbiddenReason}:{' '}
                            {violation.forbiddenDetail}
                          </TableCell>
                        </TableRow>
                      )),
                    ),
              )}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
};
