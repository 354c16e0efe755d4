import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  deploymentsPromotePermission,
  deploymentsRollbackPermission,
  type DeploymentRequestSummary,
} from '@sparki/deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { PolicyExplanation } from '../ApprovalsPage/PolicyExplanation';
import {
  describeAge,
  describeError,
  describeRequester,
  describeVersion,
} from '../ApprovalsPage/format';
import type { DeployAction } from './DeployActionDialog';
import { PermittedActionButton } from './PermittedActionButton';

/** States from which the backend accepts a promotion, and a rollback. */
const promotable = new Set(['preview-ready']);
const rollbackable = new Set(['preview-ready', 'promoted']);

/**
 * A request on its way to the environment: who asked for what, its gate states (the policy
 * evaluation, read per request because it depends on the caller) and the deploy actions.
 */
export const PendingRequest = ({
  summary,
  now,
  onAction,
}: {
  summary: DeploymentRequestSummary;
  now: Date;
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
      </Box>
    </Box>
  );
};
