import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  ComplianceOverview,
  ScoreHistory,
} from '@sparki/compliance-common';
import { describeError } from '@sparki/error-message';
import { complianceApiRef, type ComplianceApi } from '../../api/ComplianceApi';
import { ScoreChip } from '../common/Chips';
import { describeScope, formatPercent, formatTime } from '../common/format';
import { useCompliancePaths } from '../common/paths';
import { ScopeLink } from '../common/ScopeLink';
import { ProblemsAlert } from '../common/ProblemsAlert';
import { TrendChart } from '../common/TrendChart';
import { overallFigures, scopesWorstFirst, weekChange } from './figures';
import { WeekChanges } from './WeekChanges';

const day = 24 * 60 * 60 * 1000;
/**
 * Worst scopes listed on the overview; the framework page pages through them all. The backend
 * lists each framework's this many worst, so the worst over every framework are among them.
 */
const WORST_SCOPES = 10;

/** Each framework's roll-up history over 30 days and its snapshot of a week ago. */
async function loadHistories(
  api: ComplianceApi,
  overview: ComplianceOverview,
  now: Date,
) {
  const settled = await Promise.allSettled(
    overview.frameworks.map(f =>
      api.getHistory({
        framework: f.framework.id,
        from: new Date(now.getTime() - 30 * day).toISOString(),
        asOf: new Date(now.getTime() - 7 * day).toISOString(),
        limit: 1000,
      }),
    ),
  );
  return settled.map((result, index) => ({
    framework: overview.frameworks[index],
    history: result.status === 'fulfilled' ? result.value : undefined,
    error: result.status === 'rejected' ? result.reason : undefined,
  }));
}

const Overall = ({ overview }: { overview: ComplianceOverview }) => {
  const overall = overallFigures(overview.frameworks);
  const { failing, unknown, waived, satisfied } = overall.controlsByStatus;
  return (
    <Card variant="outlined">
      <CardHeader
        title="Overall"
        subheader={`Mean over ${overall.frameworksWithData} of ${overview.frameworks.length} frameworks with data; each framework weighs the same`}
      />
      <CardContent>
        <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
          <Stack
            spacing={0.5}
            role="group"
            aria-label="Overall operational score"
          >
            <Typography variant="caption">Operational score</Typography>
            <ScoreChip score={overall.operational} size="medium" />
          </Stack>
          <Stack spacing={0.5} role="group" aria-label="Overall audit score">
            <Typography variant="caption">Audit score</Typography>
            <Stack direction="row" spacing={1} alignItems="center">
              <ScoreChip score={overall.audit} size="medium" />
              <Typography variant="body2">
                {overall.waivers === 1
                  ? '1 waiver'
                  : `${overall.waivers} waivers`}
              </Typography>
            </Stack>
          </Stack>
          <Stack
            spacing={0.5}
            role="group"
            aria-label="Overall conservative score"
          >
            <Typography variant="caption">Conservative score</Typography>
            <ScoreChip score={overall.conservative} size="medium" />
          </Stack>
          <Stack spacing={0.5} role="group" aria-label="Overall coverage">
            <Typography variant="caption">Coverage</Typography>
            <Typography>{formatPercent(overall.coverage)}</Typography>
          </Stack>
          <Stack spacing={0.5} role="group" aria-label="Controls">
            <Typography variant="caption">Controls</Typography>
            <Typography>
              {failing} failing · {unknown} unknown · {waived} waived ·{' '}
              {satisfied} satisfied
            </Typography>
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
};

const FrameworkTable = ({ overview }: { overview: ComplianceOverview }) => {
  const paths = useCompliancePaths();
  return (
    <Table size="small" aria-label="frameworks">
      <TableHead>
        <TableRow>
          <TableCell>Framework</TableCell>
          <TableCell>Operational</TableCell>
          <TableCell>Audit (waivers)</TableCell>
          <TableCell>Conservative</TableCell>
          <TableCell>Coverage</TableCell>
          <TableCell align="right">Failing</TableCell>
          <TableCell align="right">Unknown</TableCell>
          <TableCell>Worst scope</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {overview.frameworks.map(f => {
          const worst = f.scopes[0];
          return (
            <TableRow
              key={f.framework.id}
              data-testid={`framework-${f.framework.id}`}
            >
              <TableCell>
                {paths.framework ? (
                  <Link to={paths.framework(f.framework.id)}>
                    {f.framework.title}
                  </Link>
                ) : (
                  f.framework.title
                )}
                <Typography
                  variant="caption"
                  component="div"
                  color="text.secondary"
                >
                  v{f.framework.version} · {f.framework.section}
                </Typography>
              </TableCell>
              <TableCell>
                <ScoreChip score={f.operational.score} />
              </TableCell>
              <TableCell>
                <ScoreChip score={f.audit.score} /> ({f.waivers})
              </TableCell>
              <TableCell>
                <ScoreChip score={f.audit.conservativeScore} />
              </TableCell>
              <TableCell>{formatPercent(f.audit.coverage)}</TableCell>
              <TableCell align="right">{f.controlsByStatus.failing}</TableCell>
              <TableCell align="right">{f.controlsByStatus.unknown}</TableCell>
              <TableCell>
                {worst?.scope ? describeScope(worst.scope) : '—'}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

const WorstScopes = ({ overview }: { overview: ComplianceOverview }) => {
  const rows = scopesWorstFirst(overview.frameworks).slice(0, WORST_SCOPES);
  if (rows.length === 0) {
    return (
      <Typography color="text.secondary">
        No scope has results yet: no source reported a cluster or account.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="scopes worst first">
      <TableHead>
        <TableRow>
          <TableCell>Scope</TableCell>
          <TableCell>Framework</TableCell>
          <TableCell>Conservative</TableCell>
          <TableCell>Operational</TableCell>
          <TableCell>Coverage</TableCell>
          <TableCell align="right">Failing controls</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ frameworkId, frameworkTitle, score }) => (
          <TableRow
            key={`${frameworkId}-${score.scope?.kind}-${score.scope?.id}`}
          >
            <TableCell>
              <ScopeLink frameworkId={frameworkId} scope={score.scope} />
            </TableCell>
            <TableCell>{frameworkTitle}</TableCell>
            <TableCell>
              <ScoreChip score={score.audit.conservativeScore} />
            </TableCell>
            <TableCell>
              <ScoreChip score={score.operational.score} />
            </TableCell>
            <TableCell>{formatPercent(score.audit.coverage)}</TableCell>
            <TableCell align="right">
              {score.controlsByStatus.failing}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const Trends = ({ overview }: { overview: ComplianceOverview }) => {
  const api = useApi(complianceApiRef);
  const state = useAsyncRetry(
    () => loadHistories(api, overview, new Date()),
    [api, overview],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const loaded = state.value ?? [];
  const failed = loaded.filter(entry => entry.error);
  const histories = loaded.filter(
    (entry): entry is typeof entry & { history: ScoreHistory } =>
      entry.history !== undefined,
  );
  return (
    <Stack spacing={3}>
      {failed.length > 0 && (
        <Alert severity="error">
          Could not load the history of{' '}
          {failed
            .map(
              f => `${f.framework.framework.title} (${describeError(f.error)})`,
            )
            .join(', ')}
        </Alert>
      )}
      <Card variant="outlined">
        <CardHeader title="Trend" subheader="Operational score, last 30 days" />
        <CardContent>
          <TrendChart
            series={histories.map(({ framework, history }) => ({
              id: framework.framework.id,
              name: framework.framework.title,
              points: history.points,
            }))}
          />
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardHeader title="What changed since last week" />
        <CardContent>
          <WeekChanges
            changes={histories.map(({ framework, history }) =>
              weekChange(
                framework,
                history.asOf ?? null,
                overview.methodVersion,
              ),
            )}
          />
        </CardContent>
      </Card>
    </Stack>
  );
};

/** Every framework's scores with coverage, the worst scopes, the trend and the week's changes. */
export const OverviewPage = () => {
  const api = useApi(complianceApiRef);
  const paths = useCompliancePaths();
  const state = useAsyncRetry(
    () => api.getOverview({ worstScopes: WORST_SCOPES }),
    [api],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const overview = state.value!;
  if (overview.frameworks.length === 0) {
    return (
      <Alert severity="info">No compliance framework is configured.</Alert>
    );
  }
  return (
    <Stack spacing={3}>
      <Typography variant="body2" color="text.secondary">
        Evaluated {formatTime(overview.evaluatedAt)} · scoring method version{' '}
        {overview.methodVersion}
        {paths.registers && (
          <>
            {' '}
            ·{' '}
            <Link to={paths.registers()}>
              Waivers, attestations and approvals
            </Link>
          </>
        )}
      </Typography>
      <ProblemsAlert problems={overview.problems} />
      <Overall overview={overview} />
      <Card variant="outlined">
        <CardHeader title="Frameworks" />
        <CardContent>
          <FrameworkTable overview={overview} />
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardHeader
          title="Scopes, worst first"
          subheader={`The ${WORST_SCOPES} lowest conservative audit scores over every framework`}
        />
        <CardContent>
          <WorstScopes overview={overview} />
        </CardContent>
      </Card>
      <Trends overview={overview} />
    </Stack>
  );
};
