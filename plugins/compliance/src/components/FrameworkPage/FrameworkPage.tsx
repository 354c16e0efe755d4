import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { RunbookLink, SeverityChip } from '@sparki/runbooks-react';
import {
  complianceEvidencePackPermission,
  parseScopeKey,
  type ControlSummary,
  type FrameworkDetail,
  type ScopeRef,
} from '@sparki/compliance-common';
import { complianceApiRef } from '../../api/ComplianceApi';
import { ControlStatusChip, ScoreChip } from '../common/Chips';
import { describeScope, formatPercent, formatTime } from '../common/format';
import { useCompliancePaths } from '../common/paths';
import { ScopeLink } from '../common/ScopeLink';
import { ProblemsAlert } from '../common/ProblemsAlert';
import { ScoreSummary } from '../common/ScoreSummary';
import { TrendChart } from '../common/TrendChart';
import { EvidencePackDialog } from '../EvidencePack/EvidencePackDialog';

const day = 24 * 60 * 60 * 1000;

/**
 * The control's operational progress. Waived checks drop out of it, so a control whose checks
 * are all waived has none: it shows as waived, with the count and its audit progress, not as
 * "No data".
 */
const ControlProgress = ({ control }: { control: ControlSummary }) => {
  const { operational, audit } = control.progress;
  if (operational !== null || control.waivedChecks === 0) {
    return <ScoreChip score={operational} />;
  }
  return (
    <Tooltip title="Waived checks are left out of the operational progress; the audit progress counts them as approved deviations">
      <Chip
        size="small"
        color="info"
        variant="outlined"
        label={`Waived (${
          control.waivedChecks === 1
            ? '1 check'
            : `${control.waivedChecks} checks`
        }) · audit ${formatPercent(audit)}`}
      />
    </Tooltip>
  );
};

const ControlTable = ({
  detail,
  scope,
}: {
  detail: FrameworkDetail;
  scope?: ScopeRef;
}) => {
  const paths = useCompliancePaths();
  const frameworkId = detail.framework.id;
  return (
    <Table size="small" aria-label="controls">
      <TableHead>
        <TableRow>
          <TableCell>Control</TableCell>
          <TableCell>Severity</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Progress</TableCell>
          <TableCell align="right">
            {scope ? 'Failing' : 'Failing scopes'}
          </TableCell>
          <TableCell align="right">
            {scope ? 'Unknown' : 'Unknown scopes'}
          </TableCell>
          <TableCell>Runbook</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {detail.controls.map(control => (
          <TableRow key={control.id} data-testid={`control-${control.id}`}>
            <TableCell>
              {paths.control ? (
                <Link to={paths.control(frameworkId, control.id, { scope })}>
                  {control.id} {control.title}
                </Link>
              ) : (
                `${control.id} ${control.title}`
              )}
            </TableCell>
            <TableCell>
              <SeverityChip severity={control.severity} />
            </TableCell>
            <TableCell>
              <ControlStatusChip status={control.status} />
            </TableCell>
            <TableCell>
              <ControlProgress control={control} />
            </TableCell>
            <TableCell align="right">{control.failingScopes}</TableCell>
            <TableCell align="right">{control.unknownScopes}</TableCell>
            <TableCell>
              {control.runbookId ? <RunbookLink id={control.runbookId} /> : '—'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const scopeRowsPerPage = [25, 50, 100];

/**
 * The scopes worst first, a page at a time from the backend (`GET /frameworks/{id}/scopes`): a
 * fleet's namespaces can be thousands, the answer and the DOM hold only the page in view. The
 * rows of the page before stay shown while the next one loads.
 */
const ScopeTable = ({ detail }: { detail: FrameworkDetail }) => {
  const api = useApi(complianceApiRef);
  const frameworkId = detail.framework.id;
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(scopeRowsPerPage[0]);
  const state = useAsyncRetry(
    () =>
      api.getFrameworkScopes(frameworkId, {
        offset: page * rowsPerPage,
        limit: rowsPerPage,
      }),
    // A new evaluation of the framework reloads the page in view.
    [api, frameworkId, page, rowsPerPage, detail.evaluatedAt],
  );
  const total = state.value?.total;
  const lastPage =
    total === undefined
      ? page
      : Math.max(0, Math.ceil(total / rowsPerPage) - 1);
  // A reload can bring fewer scopes: move to the last page there is.
  useEffect(() => {
    if (page > lastPage) setPage(lastPage);
  }, [page, lastPage]);

  if (state.error) {
    return (
      <Stack spacing={1} alignItems="flex-start">
        <ResponseErrorPanel error={state.error} />
        <Button variant="outlined" onClick={state.retry}>
          Try again
        </Button>
      </Stack>
    );
  }
  if (!state.value) return <Progress />;
  if (state.value.total === 0) {
    return (
      <Typography color="text.secondary">
        No scope has results for this framework yet.
      </Typography>
    );
  }
  const { items } = state.value;
  return (
    <>
      <Table size="small" aria-label="scopes" aria-busy={state.loading}>
        <TableHead>
          <TableRow>
            <TableCell>Scope</TableCell>
            <TableCell>Conservative</TableCell>
            <TableCell>Operational</TableCell>
            <TableCell>Audit (waivers)</TableCell>
            <TableCell>Coverage</TableCell>
            <TableCell align="right">Failing controls</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(score => (
            <TableRow key={`${score.scope?.kind}:${score.scope?.id}`}>
              <TableCell>
                <ScopeLink frameworkId={frameworkId} scope={score.scope} />
              </TableCell>
              <TableCell>
                <ScoreChip score={score.audit.conservativeScore} />
              </TableCell>
              <TableCell>
                <ScoreChip score={score.operational.score} />
              </TableCell>
              <TableCell>
                <ScoreChip score={score.audit.score} /> ({score.waivers})
              </TableCell>
              <TableCell>{formatPercent(score.audit.coverage)}</TableCell>
              <TableCell align="right">
                {score.controlsByStatus.failing}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {state.value.total > scopeRowsPerPage[0] && (
        <TablePagination
          component="div"
          count={state.value.total}
          page={Math.min(page, lastPage)}
          onPageChange={(_event, next) => setPage(next)}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={scopeRowsPerPage}
          onRowsPerPageChange={event => {
            setRowsPerPage(Number(event.target.value));
            setPage(0);
          }}
          labelRowsPerPage="Scopes per page"
          showFirstButton
          showLastButton
        />
      )}
    </>
  );
};

const FrameworkTrend = ({
  frameworkId,
  scope,
}: {
  frameworkId: string;
  scope?: ScopeRef;
}) => {
  const api = useApi(complianceApiRef);
  const state = useAsyncRetry(
    () =>
      api.getHistory({
        framework: frameworkId,
        scope,
        from: new Date(Date.now() - 30 * day).toISOString(),
        limit: 1000,
      }),
    [api, frameworkId, scope?.kind, scope?.id],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  return (
    <TrendChart
      series={[
        {
          id: frameworkId,
          name: 'Operational score',
          points: state.value!.points,
        },
      ]}
    />
  );
};

/** One framework over every scope (`?scope=` for one): figures, scopes, controls, trend. */
export const FrameworkPage = () => {
  const { frameworkId = '' } = useParams();
  const [params] = useSearchParams();
  const scope = parseScopeKey(params.get('scope'));
  const api = useApi(complianceApiRef);
  const paths = useCompliancePaths();
  const [packOpen, setPackOpen] = useState(false);
  const { allowed: canDownloadPack } = usePermission({
    permission: complianceEvidencePackPermission,
  });
  const state = useAsyncRetry(
    () => api.getFramework(frameworkId, scope),
    [api, frameworkId, scope?.kind, scope?.id],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const detail = state.value!;
  return (
    <Stack spacing={3}>
      <div>
        <Typography variant="h4" component="h1">
          {detail.framework.title}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Version {detail.framework.version} · {detail.framework.section} ·{' '}
          {scope
            ? describeScope(scope)
            : 'every scope (the worst result counts)'}
          {scope && paths.framework && (
            <>
              {' '}
              · <Link to={paths.framework(frameworkId)}>every scope</Link>
            </>
          )}{' '}
          · evaluated {formatTime(detail.evaluatedAt)} · scoring method version{' '}
          {detail.methodVersion}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {canDownloadPack && (
            <Button variant="outlined" onClick={() => setPackOpen(true)}>
              Evidence pack
            </Button>
          )}
          {paths.report && (
            <Button
              variant="outlined"
              component={Link}
              to={paths.report(frameworkId, scope)}
            >
              Printable report
            </Button>
          )}
        </Stack>
      </div>
      <ProblemsAlert problems={detail.problems} />
      <Card variant="outlined">
        <CardContent>
          <ScoreSummary score={detail.score} />
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardHeader title="Controls" />
        <CardContent>
          <ControlTable detail={detail} scope={scope} />
        </CardContent>
      </Card>
      {!scope && (
        <Card variant="outlined">
          <CardHeader title="Scopes, worst first" />
          <CardContent>
            <ScopeTable key={frameworkId} detail={detail} />
          </CardContent>
        </Card>
      )}
      <Card variant="outlined">
        <CardHeader title="History" subheader="Last 30 days" />
        <CardContent>
          <FrameworkTrend frameworkId={frameworkId} scope={scope} />
        </CardContent>
      </Card>
      {packOpen && (
        <EvidencePackDialog
          framework={detail.framework}
          scope={scope}
          onClose={() => setPackOpen(false)}
        />
      )}
    </Stack>
  );
};
