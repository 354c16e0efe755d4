import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  deploymentsPromotePermission,
  deploymentsRollbackPermission,
  displayRef,
  type RolloutAction,
} from '@sparki/deployments-common';
import type { DeploymentRequestView } from '../../api/DeploymentsApi';
import {
  describeAttention,
  describeRequester,
  describeVersion,
} from '../ApprovalsPage/format';
import type { ActionTarget } from '../EntityDeploymentsContent/DeployActionDialog';
import { PermittedActionButton } from '../EntityDeploymentsContent/PermittedActionButton';

/** Each action's button, and the permission its route authorizes (as the backend's router). */
const actionButtons: Record<
  RolloutAction,
  {
    label: string;
    verb: string;
    permission: ResourcePermission;
    color: 'primary' | 'error';
  }
> = {
  retry: {
    label: 'Retry',
    verb: 'retry',
    permission: deploymentsPromotePermission,
    color: 'primary',
  },
  promote: {
    label: 'Promote',
    verb: 'promote',
    permission: deploymentsPromotePermission,
    color: 'primary',
  },
  abort: {
    label: 'Abort',
    verb: 'abort',
    permission: deploymentsRollbackPermission,
    color: 'error',
  },
  rollback: {
    label: 'Roll back',
    verb: 'roll back',
    permission: deploymentsRollbackPermission,
    color: 'error',
  },
};

/** Retry first: it is what a failed deploy most often needs. */
const actionOrder: RolloutAction[] = ['retry', 'promote', 'abort', 'rollback'];

/**
 * A failed or stuck deploy: what, where, why it needs a person, and the actions the backend says
 * it accepts now (`rolloutActions`), each enabled only for holders of its permission.
 */
export const NeedsAttentionCard = ({
  view,
  now,
  onAction,
}: {
  view: DeploymentRequestView;
  now: Date;
  onAction: (action: RolloutAction, target: ActionTarget) => void;
}) => {
  const { request, rolloutActions } = view;
  const service = displayRef(request.serviceRef);
  const target: ActionTarget = {
    requestId: request.id,
    serviceRef: request.serviceRef,
    environment: request.environment,
    version: request.version,
  };
  const actions = actionOrder.filter(action => rolloutActions.includes(action));
  return (
    <Card
      variant="outlined"
      sx={{ mb: 2 }}
      component="article"
      aria-label={`needs attention: ${service} ${describeVersion(
        request.version,
      )} in ${request.environment}`}
    >
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
          <Typography variant="h6" component="h3">
            {service}
          </Typography>
          <Chip
            size="small"
            color={request.state === 'failed' ? 'error' : 'warning'}
            label={request.state}
          />
          <Typography variant="body2" color="text.secondary">
            {describeVersion(request.version)} to {request.environment},
            requested by {describeRequester(request.requester)}
          </Typography>
        </Box>
        <Alert severity={request.state === 'failed' ? 'error' : 'warning'}>
          {describeAttention(request, now)}
        </Alert>
      </CardContent>
      <CardActions sx={{ flexWrap: 'wrap' }}>
        {actions.map(action => {
          const button = actionButtons[action];
          return (
            <PermittedActionButton
              key={action}
              permission={button.permission}
              requestId={request.id}
              verb={button.verb}
              color={button.color}
              variant={action === 'retry' ? 'contained' : 'text'}
              onClick={() => onAction(action, target)}
            >
              {button.label}
            </PermittedActionButton>
          );
        })}
        {actions.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ ml: 1 }}>
            No portal action applies: the pipeline has to report its progress,
            or the version has to be requested again.
          </Typography>
        )}
      </CardActions>
    </Card>
  );
};
