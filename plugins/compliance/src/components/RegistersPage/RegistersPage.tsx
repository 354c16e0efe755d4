import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  complianceApprovePermission,
  complianceAttestPermission,
  type AttestationView,
  type WaiverState,
  type WaiverView,
} from '@sparki/compliance-common';
import { complianceApiRef } from '../../api/ComplianceApi';
import { describeScope, formatDate } from '../common/format';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { AttestationTable, WaiverTable } from './RegisterTables';
import { RevokeDialog } from './RevokeDialog';

type TabId = 'approvals' | 'waivers' | 'attestations';
const waiverStates: WaiverState[] = [
  'requested',
  'approved',
  'rejected',
  'revoked',
  'expired',
];

const Approvals = () => {
  const api = useApi(complianceApiRef);
  const identityApi = useApi(identityApiRef);
  const me = useAsync(
    async () => (await identityApi.getBackstageIdentity()).userEntityRef,
    [identityApi],
  );
  const { allowed: canApprove } = usePermission({
    permission: complianceApprovePermission,
  });
  const [deciding, setDeciding] = useState<{
    waiver: WaiverView;
    decision: Decision;
  }>();
  const state = useAsyncRetry(
    () => api.listWaivers({ state: 'requested' }),
    [api],
  );

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  return (
    <>
      {!canApprove && (
        <Typography color="text.secondary" gutterBottom>
          Deciding waivers needs compliance.approve (the security auditors).
        </Typography>
      )}
      <WaiverTable
        label="waivers waiting for approval"
        waivers={state.value!}
        actions={
          canApprove
            ? waiver =>
                waiver.requester === me.value ? (
                  <Typography variant="caption">
                    You asked for it: someone else decides.
                  </Typography>
                ) : (
                  <Stack direction="row" spacing={1}>
                    <Button
                      size="small"
                      variant="contained"
                      onClick={() =>
                        setDeciding({ waiver, decision: 'approve' })
                      }
                    >
                      Approve
                    </Button>
                    <Button
                      size="small"
                      color="error"
                      onClick={() =>
                        setDeciding({ waiver, decision: 'reject' })
                      }
                    >
                      Reject
                    </Button>
                  </Stack>
                )
            : undefined
        }
      />
      {deciding && (
        <DecisionDialog
          waiver={deciding.waiver}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDeciding(undefined);
            state.retry();
          }}
        />
      )}
    </>
  );
};

const Waivers = ({
  state: filter,
  onState,
}: {
  state?: WaiverState;
  onState(state?: WaiverState): void;
}) => {
  const api = useApi(complianceApiRef);
  const { allowed: canRevoke } = usePermission({
    permission: complianceApprovePermission,
  });
  const [revoking, setRevoking] = useState<WaiverView>();
  const state = useAsyncRetry(
    () => api.listWaivers({ state: filter }),
    [api, filter],
  );
  return (
    <>
      <TextField
        select
        label="State"
        size="small"
        sx={{ minWidth: 200, mb: 2 }}
        value={filter ?? ''}
        onChange={event =>
          onState((event.target.value || undefined) as WaiverState | undefined)
        }
      >
        <MenuItem value="">Any state</MenuItem>
        {waiverStates.map(s => (
          <MenuItem key={s} value={s}>
            {s}
          </MenuItem>
        ))}
      </TextField>
      {state.loading && !state.value && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.value && (
        <WaiverTable
          waivers={state.value}
          actions={
            canRevoke
              ? waiver =>
                  waiver.state === 'approved' && (
                    <Button
                      size="small"
                      color="error"
                      onClick={() => setRevoking(waiver)}
                    >
                      Revoke
                    </Button>
                  )
              : undefined
          }
        />
      )}
      {revoking && (
        <RevokeDialog
          title="Revoke the waiver"
          subject={`${revoking.checkId} in ${describeScope(
            revoking.scope,
          )}, approved until ${formatDate(
            revoking.expiresAt,
          )}: the raw result counts again from now on.`}
          onRevoke={reason => api.revokeWaiver(revoking.id, reason)}
          onClose={() => setRevoking(undefined)}
          onRevoked={() => {
            setRevoking(undefined);
            state.retry();
          }}
        />
      )}
    </>
  );
};

const Attestations = () => {
  const api = useApi(complianceApiRef);
  const { allowed: canRevoke } = usePermission({
    permission: complianceAttestPermission,
  });
  const [revoking, setRevoking] = useState<AttestationView>();
  const state = useAsyncRetry(() => api.listAttestations(), [api]);
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  return (
    <>
      <AttestationTable
        attestations={state.value!}
        actions={
          canRevoke
            ? attestation =>
                attestation.state === 'current' && (
                  <Button
                    size="small"
                    color="error"
                    onClick={() => setRevoking(attestation)}
                  >
                    Revoke
                  </Button>
                )
            : undefined
        }
      />
      {revoking && (
        <RevokeDialog
          title="Revoke the attestation"
          subject={`${revoking.checkId} in ${describeScope(
            revoking.scope,
          )}, valid until ${formatDate(
            revoking.expiresAt,
          )}: the check has no data again from now on.`}
          onRevoke={reason => api.revokeAttestation(revoking.id, reason)}
          onClose={() => setRevoking(undefined)}
          onRevoked={() => {
            setRevoking(undefined);
            state.retry();
          }}
        />
      )}
    </>
  );
};

/**
 * The registers: waiver requests waiting for a decision (`?tab=approvals`, the default), every
 * waiver by state, and the attestations with their expiry.
 */
export const RegistersPage = () => {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: TabId =
    requested === 'waivers' || requested === 'attestations'
      ? requested
      : 'approvals';
  const waiverState = waiverStates.find(s => s === params.get('state'));
  return (
    <Box>
      <Typography variant="h4" component="h1" gutterBottom>
        Waivers and attestations
      </Typography>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs value={tab} onChange={(_, next) => setParams({ tab: next })}>
          <Tab value="approvals" label="Waiting for approval" />
          <Tab value="waivers" label="All waivers" />
          <Tab value="attestations" label="Attestations" />
        </Tabs>
      </Box>
      {tab === 'approvals' && <Approvals />}
      {tab === 'waivers' && (
        <Waivers
          state={waiverState}
          onState={next =>
            setParams(
              next ? { tab: 'waivers', state: next } : { tab: 'waivers' },
            )
          }
        />
      )}
      {tab === 'attestations' && <Attestations />}
    </Box>
  );
};
