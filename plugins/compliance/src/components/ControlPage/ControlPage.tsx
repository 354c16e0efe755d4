import { lazy, Suspense, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { RunbookLink, SeverityChip } from '@sparki/runbooks-react';
import {
  checkStatesWorstFirst,
  complianceAttestPermission,
  complianceWaivePermission,
  type CheckResultView,
  type CheckState,
  type ControlDetail,
  parseScopeKey,
} from '@sparki/compliance-common';
import { complianceApiRef } from '../../api/ComplianceApi';
import { CheckStateChip, ControlStatusChip } from '../common/Chips';
import { CursorPager, useCursorPages } from '../common/CursorPager';
import { checkStateLabels, describeScope, formatTime } from '../common/format';
import { useCompliancePaths } from '../common/paths';
import { AttestationDialog } from '../forms/AttestationDialog';
import { WaiverDialog } from '../forms/WaiverDialog';
import { ControlRegisters } from './ControlRegisters';
import { ResourcesDialog } from './ResourcesDialog';

const PAGE_SIZE = 50;

// The chart (and recharts, the largest chunk of the page) loads after the results show.
const ControlHistoryChart = lazy(() =>
  import('./ControlHistoryChart').then(m => ({
    default: m.ControlHistoryChart,
  })),
);

type Action =
  | { kind: 'objects' | 'waive' | 'attest'; result: CheckResultView }
  | undefined;

const Text = ({ title, children }: { title: string; children: string }) => (
  <div>
    <Typography variant="subtitle2" component="h2">
      {title}
    </Typography>
    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
      {children}
    </Typography>
  </div>
);

const ControlText = ({ detail }: { detail: ControlDetail }) => {
  const { control, checks } = detail;
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Text title="Description">{control.description}</Text>
          <Text title="Rationale">{control.rationale}</Text>
          <Text title="Remediation">{control.remediation}</Text>
          <div>
            <Typography variant="subtitle2" component="h2">
              Runbook
            </Typography>
            {control.runbookId ? (
              <RunbookLink id={control.runbookId} />
            ) : (
              <Typography variant="body2" color="text.secondary">
                No runbook linked.
              </Typography>
            )}
          </div>
          <div>
            <Typography variant="subtitle2" component="h2">
              Required checks (the control is satisfied only when every one
              passes)
            </Typography>
            <ul style={{ margin: 0 }}>
              {checks.map(check => (
                <li key={check.id}>
                  {check.title} <code>{check.id}</code>
                  {check.evidenceRequired &&
                    ` · evidence: ${check.evidenceRequired}`}
                </li>
              ))}
            </ul>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
};

const ResultRow = ({
  result,
  canWaive,
  canAttest,
  onAction,
}: {
  result: CheckResultView;
  canWaive: boolean;
  canAttest: boolean;
  onAction(action: Action): void;
}) => {
  const waivable = result.state === 'fail' || result.state === 'unknown';
  const attestable =
    result.check.source === 'attestation' && result.state !== 'attested';
  return (
    <TableRow data-testid="result-row">
      <TableCell>
        {result.check.title}
        <Typography variant="caption" component="div" color="text.secondary">
          {result.checkId}
        </Typography>
      </TableCell>
      <TableCell>{describeScope(result.scope)}</TableCell>
      <TableCell>
        <CheckStateChip state={result.state} reason={result.reason} />
        {result.state !== result.raw.state && (
          <Typography variant="caption" component="div" color="text.secondary">
            raw: {checkStateLabels[result.raw.state]}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {result.message ?? '—'}
        {result.population && (
          <Typography variant="caption" component="div" color="text.secondary">
            {result.population.failing} of {result.population.applicable}{' '}
            objects fail
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {formatTime(result.observedAt)}
        {result.validUntil && (
          <Typography variant="caption" component="div">
            {result.state} until {formatTime(result.validUntil)}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Stack direction="row" spacing={1}>
          <Button
            size="small"
            onClick={() => onAction({ kind: 'objects', result })}
          >
            Objects
          </Button>
          {waivable && canWaive && (
            <Button
              size="small"
              onClick={() => onAction({ kind: 'waive', result })}
            >
              Request waiver
            </Button>
          )}
          {attestable && canAttest && (
            <Button
              size="small"
              onClick={() => onAction({ kind: 'attest', result })}
            >
              Attest
            </Button>
          )}
        </Stack>
      </TableCell>
    </TableRow>
  );
};

/**
 * One control: its text, its checks, its status per scope, its results (one per check and scope,
 * worst first, filtered by state, a page at a time), the objects behind each, and its waivers and
 * attestations. `?scope=` narrows everything to one scope, `?state=` the results to one state.
 */
export const ControlPage = () => {
  const { frameworkId = '', controlId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const scope = parseScopeKey(params.get('scope'));
  const state = checkStatesWorstFirst.find(s => s === params.get('state'));
  const api = useApi(complianceApiRef);
  const paths = useCompliancePaths();
  const pages = useCursorPages();
  const [action, setAction] = useState<Action>();
  const [notice, setNotice] = useState<string>();
  const [registersVersion, setRegistersVersion] = useState(0);
  const { allowed: canWaive } = usePermission({
    permission: complianceWaivePermission,
  });
  const { allowed: canAttest } = usePermission({
    permission: complianceAttestPermission,
  });

  const detailState = useAsyncRetry(
    () =>
      api.getControl(frameworkId, controlId, {
        scope,
        state,
        limit: PAGE_SIZE,
        cursor: pages.cursor,
      }),
    [api, frameworkId, controlId, scope?.kind, scope?.id, state, pages.cursor],
  );

  const selectState = (next: CheckState | 'all') => {
    pages.reset();
    const query = new URLSearchParams(params);
    if (next === 'all') query.delete('state');
    else query.set('state', next);
    setParams(query);
  };

  if (detailState.loading && !detailState.value) return <Progress />;
  if (detailState.error)
    return <ResponseErrorPanel error={detailState.error} />;
  const detail = detailState.value!;
  const { control, framework } = detail;
  const statusHere = scope
    ? detail.scopes.find(
        s => s.scope.kind === scope.kind && s.scope.id === scope.id,
      )
    : undefined;

  return (
    <Stack spacing={3}>
      <div>
        <Typography variant="body2">
          {paths.framework ? (
            <Link to={paths.framework(framework.id, scope)}>
              {framework.title}
            </Link>
          ) : (
            framework.title
          )}{' '}
          v{framework.version}
        </Typography>
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="h4" component="h1">
            {control.id} {control.title}
          </Typography>
          <SeverityChip severity={control.severity} />
          {statusHere && <ControlStatusChip status={statusHere.status} />}
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {scope ? describeScope(scope) : 'every scope'} · evaluated{' '}
          {formatTime(detail.evaluatedAt)}
        </Typography>
      </div>
      {notice && (
        <Alert severity="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <ControlText detail={detail} />
      {!scope && detail.scopes.length > 0 && (
        <Card variant="outlined">
          <CardHeader
            title="Status per scope, worst first"
            subheader={
              // The backend lists the worst 100: say so, and where the rest are.
              detail.scopeCount > detail.scopes.length ? (
                <>
                  The worst {detail.scopes.length} of {detail.scopeCount}; the{' '}
                  {paths.framework ? (
                    <Link to={paths.framework(framework.id)}>
                      framework page
                    </Link>
                  ) : (
                    'framework page'
                  )}{' '}
                  lists every scope.
                </>
              ) : undefined
            }
          />
          <CardContent>
            <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
              {detail.scopes.map(s => (
                <Stack
                  key={`${s.scope.kind}:${s.scope.id}`}
                  direction="row"
                  spacing={1}
                  alignItems="center"
                >
                  {paths.control ? (
                    <Link
                      to={paths.control(framework.id, control.id, {
                        scope: s.scope,
                      })}
                    >
                      {describeScope(s.scope)}
                    </Link>
                  ) : (
                    describeScope(s.scope)
                  )}
                  <ControlStatusChip status={s.status} />
                </Stack>
              ))}
            </Stack>
          </CardContent>
        </Card>
      )}
      <Card variant="outlined">
        <CardHeader
          title="Results"
          subheader={`${detail.total} results${
            state ? ` in state ${checkStateLabels[state]}` : ''
          }, one per check and scope, worst first`}
        />
        <CardContent>
          <Tabs
            value={state ?? 'all'}
            onChange={(_, next) => selectState(next)}
            variant="scrollable"
            aria-label="result state"
          >
            <Tab value="all" label="All" />
            {checkStatesWorstFirst.map(s => (
              <Tab key={s} value={s} label={checkStateLabels[s]} />
            ))}
          </Tabs>
          {detail.results.length === 0 ? (
            <Typography color="text.secondary" sx={{ p: 2 }}>
              No result{state ? ` in state ${checkStateLabels[state]}` : ''}.
            </Typography>
          ) : (
            <Table size="small" aria-label="results">
              <TableHead>
                <TableRow>
                  <TableCell>Check</TableCell>
                  <TableCell>Scope</TableCell>
                  <TableCell>State</TableCell>
                  <TableCell>Message</TableCell>
                  <TableCell>Observed</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {detail.results.map(result => (
                  <ResultRow
                    key={`${result.checkId}-${result.scope.kind}:${result.scope.id}`}
                    result={result}
                    canWaive={canWaive}
                    canAttest={canAttest}
                    onAction={setAction}
                  />
                ))}
              </TableBody>
            </Table>
          )}
          {detailState.loading && <Progress />}
          <CursorPager
            page={pages.page}
            nextCursor={detail.nextCursor}
            onNext={pages.next}
            onBack={pages.back}
            summary={`${detail.total} in all`}
          />
        </CardContent>
      </Card>
      <Suspense fallback={<Progress />}>
        <ControlHistoryChart
          frameworkId={framework.id}
          controlId={control.id}
          scope={scope}
        />
      </Suspense>
      <ControlRegisters
        key={registersVersion}
        checkIds={detail.checks.map(check => check.id)}
        attestationCheckIds={detail.checks
          .filter(check => check.source === 'attestation')
          .map(check => check.id)}
      />
      {action?.kind === 'objects' && (
        <ResourcesDialog
          frameworkId={framework.id}
          controlId={control.id}
          result={action.result}
          onClose={() => setAction(undefined)}
        />
      )}
      {action?.kind === 'waive' && (
        <WaiverDialog
          check={action.result.check}
          scope={action.result.scope}
          onClose={() => setAction(undefined)}
          onRequested={waiver => {
            setAction(undefined);
            setNotice(
              `Waiver requested for ${describeScope(
                waiver.scope,
              )} until ${formatTime(
                waiver.expiresAt,
              )}: it holds once someone else approves it.`,
            );
            setRegistersVersion(v => v + 1);
          }}
        />
      )}
      {action?.kind === 'attest' && (
        <AttestationDialog
          check={action.result.check}
          scope={action.result.scope}
          onClose={() => setAction(undefined)}
          onRecorded={attestation => {
            setAction(undefined);
            setNotice(
              `Attestation recorded for ${describeScope(
                attestation.scope,
              )} until ${formatTime(attestation.expiresAt)}.`,
            );
            setRegistersVersion(v => v + 1);
            detailState.retry();
          }}
        />
      )}
    </Stack>
  );
};
