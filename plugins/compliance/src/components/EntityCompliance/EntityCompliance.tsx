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
import { useEntity } from '@backstage/plugin-catalog-react';
import { SeverityChip } from '@sparki/runbooks-react';
import {
  sameScope,
  type ComplianceOverview,
  type ScopeRef,
  type ScopeScore,
} from '@sparki/compliance-common';
import { complianceApiRef } from '../../api/ComplianceApi';
import { ControlStatusChip, ScoreChip } from '../common/Chips';
import { describeScope, formatPercent } from '../common/format';
import { useCompliancePaths } from '../common/paths';
import { ProblemsAlert } from '../common/ProblemsAlert';
import { entityScope } from './entityScope';

interface ScopedFramework {
  frameworkId: string;
  title: string;
  score: ScopeScore;
}

/**
 * The frameworks with figures in `scope`, from the overview asked for that scope
 * (`getOverview({ scope })`): each framework's scopes then hold that scope's figures alone, never
 * a truncated list of the worst ones to search.
 */
function frameworksInScope(
  overview: ComplianceOverview,
  scope: ScopeRef,
): ScopedFramework[] {
  return overview.frameworks.flatMap(f => {
    const score = f.scopes.find(s => s.scope && sameScope(s.scope, scope));
    return score
      ? [{ frameworkId: f.framework.id, title: f.framework.title, score }]
      : [];
  });
}

const problemsInScope = (overview: ComplianceOverview, scope: ScopeRef) =>
  overview.problems.filter(p => !p.scope || sameScope(p.scope, scope));

const NoResults = ({ scope }: { scope: ScopeRef }) => (
  <Alert severity="info">
    No compliance results for {describeScope(scope)}: no source reports this
    scope, so nothing about it is known (not a pass).
  </Alert>
);

const ScoreRows = ({
  frameworks,
  scope,
}: {
  frameworks: ScopedFramework[];
  scope: ScopeRef;
}) => {
  const paths = useCompliancePaths();
  return (
    <Table size="small" aria-label="compliance scores">
      <TableHead>
        <TableRow>
          <TableCell>Framework</TableCell>
          <TableCell>Operational</TableCell>
          <TableCell>Audit (waivers)</TableCell>
          <TableCell>Conservative</TableCell>
          <TableCell>Coverage</TableCell>
          <TableCell align="right">Failing</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {frameworks.map(({ frameworkId, title, score }) => (
          <TableRow key={frameworkId}>
            <TableCell>
              {paths.framework ? (
                <Link to={paths.framework(frameworkId, scope)}>{title}</Link>
              ) : (
                title
              )}
            </TableCell>
            <TableCell>
              <ScoreChip score={score.operational.score} />
            </TableCell>
            <TableCell>
              <ScoreChip score={score.audit.score} /> ({score.waivers})
            </TableCell>
            <TableCell>
              <ScoreChip score={score.audit.conservativeScore} />
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

/** The entity page card: each framework's figures in the entity's scope. */
export const EntityComplianceCard = () => {
  const { entity } = useEntity();
  const scope = entityScope(entity);
  const api = useApi(complianceApiRef);
  const state = useAsyncRetry(
    async () => (scope ? api.getOverview({ scope }) : undefined),
    [api, scope?.kind, scope?.id],
  );
  let body;
  if (!scope) {
    body = <Alert severity="info">This entity has no compliance scope.</Alert>;
  } else if (state.loading && !state.value) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else {
    const frameworks = frameworksInScope(state.value!, scope);
    body = (
      <Stack spacing={2}>
        <ProblemsAlert problems={problemsInScope(state.value!, scope)} />
        {frameworks.length === 0 ? (
          <NoResults scope={scope} />
        ) : (
          <ScoreRows frameworks={frameworks} scope={scope} />
        )}
      </Stack>
    );
  }
  return (
    <Card>
      <CardHeader
        title="Compliance"
        subheader={scope && describeScope(scope)}
      />
      <CardContent>{body}</CardContent>
    </Card>
  );
};

/** The entity tab: the card's figures and, per framework, the controls failing in this scope. */
export const EntityComplianceContent = () => {
  const { entity } = useEntity();
  const scope = entityScope(entity);
  const api = useApi(complianceApiRef);
  const paths = useCompliancePaths();
  const state = useAsyncRetry(async () => {
    if (!scope) return undefined;
    const overview = await api.getOverview({ scope });
    const frameworks = frameworksInScope(overview, scope);
    const details = await Promise.all(
      frameworks.map(f => api.getFramework(f.frameworkId, scope)),
    );
    return { overview, frameworks, details };
  }, [api, scope?.kind, scope?.id]);

  if (!scope)
    return <Alert severity="info">This entity has no compliance scope.</Alert>;
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { overview, frameworks, details } = state.value!;
  return (
    <Stack spacing={3}>
      <ProblemsAlert problems={problemsInScope(overview, scope)} />
      {frameworks.length === 0 ? (
        <NoResults scope={scope} />
      ) : (
        <>
          <Card variant="outlined">
            <CardHeader title="Compliance" subheader={describeScope(scope)} />
            <CardContent>
              <ScoreRows frameworks={frameworks} scope={scope} />
            </CardContent>
          </Card>
          <Card variant="outlined">
            <CardHeader title="Failing and unknown controls" />
            <CardContent>
              {details.every(d =>
                d.controls.every(
                  c => c.status !== 'failing' && c.status !== 'unknown',
                ),
              ) ? (
                <Typography>No control fails or lacks data here.</Typography>
              ) : (
                <Table size="small" aria-label="failing controls">
                  <TableHead>
                    <TableRow>
                      <TableCell>Framework</TableCell>
                      <TableCell>Control</TableCell>
                      <TableCell>Severity</TableCell>
                      <TableCell>Status</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {details.flatMap(detail =>
                      detail.controls
                        .filter(
                          c => c.status === 'failing' || c.status === 'unknown',
                        )
                        .map(control => (
                          <TableRow
                            key={`${detail.framework.id}-${control.id}`}
                          >
                            <TableCell>{detail.framework.title}</TableCell>
                            <TableCell>
                              {paths.control ? (
                                <Link
                                  to={paths.control(
                                    detail.framework.id,
                                    control.id,
                                    { scope },
                                  )}
                                >
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
                          </TableRow>
                        )),
                    )}
                  </TableBody>
                </Table>
              )}
            </CardContent>
          </Card>
        </>
      )}
    </Stack>
  );
};
