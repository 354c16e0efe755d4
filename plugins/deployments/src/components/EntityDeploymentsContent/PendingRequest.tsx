import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  deploymentsPromotePermission,
  deploymentsRequestPermission,
  deploymentsRollbackPermission,
  type DeploymentRequestSummary,
} from '@sparki/deployments-common';
import { describeError } from '@sparki/error-message';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { PolicyExplanation } from '../ApprovalsPage/PolicyExplanation';
import {
  describeAge,
  describeRequester,
  describeVersion,
} from '../ApprovalsPage/format';
import type { DeployAction } from './DeployActionDialog';
import { PermittedActionButton } from './PermittedActionButton';

/** States from which the backend accepts a promotion, a rollback, and an abort. */
const promotable = new Set(['preview-ready']);
const rollbackable = new Set(['preview-ready', 'promoted']);
const abortable = new Set(['deploying', 'preview-ready', 'promoted']);
/** Not yet deploying: what a cancellation can still withdraw. */
const cancellable = new Set(['requested', 'awaiting-approval', 'approved']);

/**
 * A request on its way to the environment: who asked for what, its gate states (the policy
 * evaluation, read per request because it depends on the caller) and the deploy actions.
 */
export const PendingRequest = ({
  summary,
  now,
  canAbort,
  onAction,
}: {
  summary: DeploymentRequestSummary;
  now: Date;
  /** The environment's rollout can stop a switch in progress (Argo Rollouts). */
  canAbort: boolean;
  onAction: (action: DeployAction) => void;
}) => {
  const api = useApi(deploymentsApiRef);
  const view = useAsync(() => api.getRequest(summary.id), [api, summary.id]);
  return (
    <Box
      component="article"
      aria-label={`request ${describeVersion(summary.version)}`}
      sx={{ borderTop: 1, borderColor: 'divider', pt: 1, mt: 1 }}
    >
      <Box
        sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}
      >
        <Typography variant="subtitle2">
          {describeVersion(summary.version)}
        </Typography>
        <Chip size="small" label={summary.state} />
        <Typography variant="body2" color="text.secondary">
          {describeRequester(summary.requester)},{' '}
          {describeAge(summary.createdAt, now)}
        </Typography>
      </Box>
      <Typography variant="body2">{summary.reason}</Typography>
      {view.loading && <Progress />}
      {view.error && (
        <Alert severity="warning">
          Gate states unknown: {describeError(view.error)}
        </Alert>
      )}
      {view.value && <PolicyExplanation rules={view.value.evaluation.rules} />}
      <Box sx={{ display: 'flex', gap: 1 }}>
        {promotable.has(summary.state) && (
          <PermittedActionButton
            permission={deploymentsPromotePermission}
            requestId={summary.id}
            verb="promote"
            variant="contained"
            onClick={() => onAction('promote')}
          >
            Promote
          </PermittedActionButton>
        )}
        {rollbackable.has(summary.state) && (
          <PermittedActionButton
            permission={deploymentsRollbackPermission}
            requestId={summary.id}
            verb="roll back"
            color="error"
            onClick={() => onAction('rollback')}
          >
            Roll back
          </PermittedActionButton>
        )}
        {cancellable.has(summary.state) && (
          // The backend also lets only the requester, or an approver, cancel it.
          <PermittedActionButton
            permission={deploymentsRequestPermission}
            verb="cancel a request"
            onClick={() => onAction('cancel')}
          >
            Cancel request
          </PermittedActionButton>
        )}
        {canAbort && abortable.has(summary.state) && (
          <PermittedActionButton
            permission={deploymentsRollbackPermission}
            requestId={summary.id}
            verb="abort"
            color="error"
            onClick={() => onAction('abort')}
          >
            Abort
          </PermittedActionButton>
        )}
      </Box>
    </Box>
  );
};
