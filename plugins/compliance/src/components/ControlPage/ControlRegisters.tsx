import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { complianceApiRef } from '../../api/ComplianceApi';
import { AttestationTable, WaiverTable } from '../RegistersPage/RegisterTables';

/** The waivers and attestations of a control's checks, newest first: the control's decisions. */
export const ControlRegisters = ({
  checkIds,
  attestationCheckIds,
}: {
  checkIds: string[];
  attestationCheckIds: string[];
}) => {
  const api = useApi(complianceApiRef);
  const key = checkIds.join(',');
  const state = useAsyncRetry(async () => {
    const [waivers, attestations] = await Promise.all([
      Promise.all(checkIds.map(checkId => api.listWaivers({ checkId }))),
      Promise.all(
        attestationCheckIds.map(checkId => api.listAttestations({ checkId })),
      ),
    ]);
    const newestFirst = <
      T extends { requestedAt?: string; recordedAt?: string },
    >(
      a: T,
      b: T,
    ) =>
      (b.requestedAt ?? b.recordedAt ?? '').localeCompare(
        a.requestedAt ?? a.recordedAt ?? '',
      );
    return {
      waivers: waivers.flat().sort(newestFirst),
      attestations: attestations.flat().sort(newestFirst),
    };
  }, [api, key]);

  let waivers;
  let attestations;
  if (state.loading && !state.value) {
    waivers = attestations = <Progress />;
  } else if (state.error) {
    waivers = attestations = <ResponseErrorPanel error={state.error} />;
  } else {
    waivers = <WaiverTable waivers={state.value!.waivers} />;
    attestations = (
      <AttestationTable attestations={state.value!.attestations} />
    );
  }
  return (
    <>
      <Card variant="outlined">
        <CardHeader title="Waivers" />
        <CardContent>{waivers}</CardContent>
      </Card>
      {attestationCheckIds.length > 0 && (
        <Card variant="outlined">
          <CardHeader title="Attestations" />
          <CardContent>{attestations}</CardContent>
        </Card>
      )}
    </>
  );
};
