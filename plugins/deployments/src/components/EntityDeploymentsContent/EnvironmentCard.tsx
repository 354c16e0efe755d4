import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import {
  deploymentsRequestPermission,
  deploymentsRollbackPermission,
  type ServiceEnvironment,
} from '@sparki/deployments-common';
import {
  describeActor,
  describeAge,
  describeVersion,
} from '../ApprovalsPage/format';
import type { ActionTarget, DeployAction } from './DeployActionDialog';
import { PendingRequest } from './PendingRequest';
import { PermittedActionButton } from './PermittedActionButton';

/** One environment: the live version since when (or that none is known) and what waits. */
export const EnvironmentCard = ({
  serviceRef,
  environment,
  now,
  onAction,
  onRequestDeploy,
}: {
  serviceRef: string;
  environment: ServiceEnvironment;
  now: Date;
  onAction: (action: DeployAction, target: ActionTarget) => void;
  onRequestDeploy: () => void;
}) => {
  const { live, pending, rollout } = environment;
  return (
    <Card
      variant="outlined"
      component="section"
      aria-label={`environment ${environment.name}`}
      sx={{ flex: '1 1 280px', minWidth: 260 }}
    >
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Typography variant="h6" component="h3" sx={{ flexGrow: 1 }}>
            {environment.name}
          </Typography>
          <PermittedActionButton
            permission={deploymentsRequestPermission}
            verb="request a deploy"
            variant="outlined"
            onClick={onRequestDeploy}
          >
            Request a deploy
          </PermittedActionButton>
        </Box>
        {live ? (
          <Box
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              flexWrap: 'wrap',
            }}
          >
            <Typography
              variant="body1"
              data-testid={`live-${environment.name}`}
            >
              {describeVersion(live.version)}
            </Typography>
            <Typography
              variant="body2"
              color="text.secondary"
              title={live.since}
            >
              live since {describeAge(live.since, now)}
            </Typography>
            <PermittedActionButton
              permission={deploymentsRollbackPermission}
              requestId={live.requestId}
              verb="roll back"
              color="error"
              onClick={() =>
                onAction('rollback', {
                  requestId: live.requestId,
                  serviceRef,
                  environment: environment.name,
                  version: live.version,
                })
              }
            >
              Roll back
            </PermittedActionButton>
          </Box>
        ) : (
          <Typography
            variant="body2"
            color="text.secondary"
            data-testid={`live-${environment.name}`}
          >
            {environment.rolledBack ? (
              <>
                {describeVersion(environment.rolledBack.version)} was rolled
                back{' '}
                <span title={environment.rolledBack.at}>
                  {describeAge(environment.rolledBack.at, now)}
                </span>{' '}
                by {describeActor(environment.rolledBack.by)}; the version
                serving now did not go live through the portal, so it is
                unknown.
              </>
            ) : (
              'No deploy through the portal has gone live here: the version is unknown.'
            )}
          </Typography>
        )}
        {rollout && (
          <Typography variant="body2" color="text.secondary">
            {rollout.kind}
            {rollout.activeColor ? `: ${rollout.activeColor} live` : ''}
            {rollout.previewColor ? `, ${rollout.previewColor} in preview` : ''}
            {rollout.phase ? ` (${rollout.phase})` : ''}
          </Typography>
        )}
        {pending.map(summary => (
          <PendingRequest
            key={summary.id}
            summary={summary}
            now={now}
            canAbort={rollout?.kind === 'argo-rollouts'}
            onAction={action =>
              onAction(action, {
                requestId: summary.id,
                serviceRef,
                environment: environment.name,
                version: summary.version,
              })
            }
          />
        ))}
      </CardContent>
    </Card>
  );
};
