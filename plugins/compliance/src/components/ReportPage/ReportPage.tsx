import { useParams, useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Button from '@mui/material/Button';
import GlobalStyles from '@mui/material/GlobalStyles';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  getFramework,
  parseScopeKey,
  type ScopeRef,
} from '@sparki/compliance-common';
import { complianceApiRef } from '../../api/ComplianceApi';
import {
  controlStatusLabels,
  describeScope,
  formatPercent,
  formatTime,
} from '../common/format';
import { ProblemsAlert } from '../common/ProblemsAlert';
import { AttestationTable, WaiverTable } from '../RegistersPage/RegisterTables';

/**
 * On paper only the report: the portal's navigation, header and buttons are left out, tables
 * keep their rows together and every section starts on its own heading.
 */
const printStyles = (
  <GlobalStyles
    styles={{
      '@media print': {
        'nav, header, aside, [class*="BackstageSidebar"], [class*="MuiDrawer"], .compliance-no-print':
          { display: 'none !important' },
        'main, [class*="BackstageContent"]': {
          padding: '0 !important',
          overflow: 'visible !important',
        },
        'body, #root': { background: 'white !important' },
        '.compliance-report tr': { breakInside: 'avoid' },
        '.compliance-report h2': { breakAfter: 'avoid' },
      },
      '@page': { margin: '15mm' },
    }}
  />
);

const Section = ({
  title,
  children,
}: {
  title: string;
  children: React.ReactNode;
}) => (
  <section>
    <Typography variant="h6" component="h2" gutterBottom>
      {title}
    </Typography>
    {children}
  </section>
);

const Registers = ({
  frameworkId,
  scope,
}: {
  frameworkId: string;
  scope?: ScopeRef;
}) => {
  const api = useApi(complianceApiRef);
  const state = useAsyncRetry(async () => {
    const checks = new Set(
      getFramework(frameworkId)?.controls.flatMap(c => c.requiredChecks) ?? [],
    );
    const [waivers, attestations] = await Promise.all([
      api.listWaivers({ scope }),
      api.listAttestations({ scope }),
    ]);
    return {
      waivers: waivers.filter(w => checks.has(w.checkId)),
      attestations: attestations.filter(a => checks.has(a.checkId)),
    };
  }, [api, frameworkId, scope?.kind, scope?.id]);
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  return (
    <>
      <Section title="Waivers">
        <WaiverTable waivers={state.value!.waivers} whole />
      </Section>
      <Section title="Attestations">
        <AttestationTable attestations={state.value!.attestations} whole />
      </Section>
    </>
  );
};

/**
 * A printable report of one framework in one scope (`?scope=`, else every scope): the figures
 * with coverage and waivers, what could not be read, every control's status and progress, and
 * the waiver and attestation registers of the framework's checks.
 */
export const ReportPage = () => {
  const { frameworkId = '' } = useParams();
  const [params] = useSearchParams();
  const scope = parseScopeKey(params.get('scope'));
  const api = useApi(complianceApiRef);
  const state = useAsyncRetry(
    () => api.getFramework(frameworkId, scope),
    [api, frameworkId, scope?.kind, scope?.id],
  );
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const detail = state.value!;
  const { operational, audit } = detail.score;
  const figures: Array<[string, string]> = [
    [
      'Operational score (waived checks left out)',
      formatPercent(operational.score),
    ],
    [
      `Audit score (${
        detail.score.waivers === 1
          ? '1 waiver'
          : `${detail.score.waivers} waivers`
      } as approved deviations)`,
      formatPercent(audit.score),
    ],
    [
      'Conservative score (unknown counts as 0)',
      formatPercent(audit.conservativeScore),
    ],
    [
      'Coverage (controls with data ÷ applicable)',
      `${formatPercent(audit.coverage)} (${audit.controlsWithData} of ${
        audit.applicableControls
      })`,
    ],
  ];
  return (
    <Stack spacing={3} className="compliance-report">
      {printStyles}
      <div>
        <Stack direction="row" spacing={2} alignItems="center">
          <Typography variant="h4" component="h1">
            Compliance report: {detail.framework.title}
          </Typography>
          <Button
            className="compliance-no-print"
            variant="outlined"
            onClick={() => window.print()}
          >
            Print
          </Button>
        </Stack>
        <Typography variant="body2">
          Version {detail.framework.version} · {detail.framework.section} ·{' '}
          {scope
            ? describeScope(scope)
            : 'every scope (the worst result counts)'}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Evaluated {formatTime(detail.evaluatedAt)} · scoring method version{' '}
          {detail.methodVersion} · printed{' '}
          {formatTime(new Date().toISOString())}
        </Typography>
      </div>
      <Section title="Scores">
        <Table size="small" aria-label="scores">
          <TableBody>
            {figures.map(([name, value]) => (
              <TableRow key={name}>
                <TableCell component="th" scope="row">
                  {name}
                </TableCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
      <ProblemsAlert problems={detail.problems} />
      <Section title="Controls">
        <Table size="small" aria-label="controls">
          <TableHead>
            <TableRow>
              <TableCell>Control</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Progress (audit)</TableCell>
              <TableCell align="right">Conservative (audit)</TableCell>
              {!scope && <TableCell align="right">Failing scopes</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {detail.controls.map(control => (
              <TableRow key={control.id}>
                <TableCell>
                  {control.id} {control.title}
                </TableCell>
                <TableCell>{control.severity}</TableCell>
                <TableCell>{controlStatusLabels[control.status]}</TableCell>
                <TableCell align="right">
                  {formatPercent(control.progress.audit)}
                </TableCell>
                <TableCell align="right">
                  {formatPercent(control.conservativeProgress.audit)}
                </TableCell>
                {!scope && (
                  <TableCell align="right">{control.failingScopes}</TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
      <Registers frameworkId={frameworkId} scope={scope} />
    </Stack>
  );
};
