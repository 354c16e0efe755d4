import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { DeploymentHistoryItem } from '@sparki/deployments-common';
import { describeError } from '@sparki/error-message';
import { RunbookLink } from '@sparki/runbooks-react';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  DeployActionDialog,
  type ActionTarget,
  type DeployAction,
} from './DeployActionDialog';
import { GitHubRunsPanel } from '../GitHubRunsPanel/GitHubRunsPanel';
import { NeedsAttentionCard } from '../NeedsAttention/NeedsAttentionCard';
import { EnvironmentCard } from './EnvironmentCard';
import { RequestDeployDialog } from './RequestDeployDialog';
import { HistoryTimeline } from './HistoryTimeline';

/** The runbooks of `runbooks/` about deploying, blue-green switches and rolling back. */
export const DEPLOYMENT_RUNBOOKS = [
  'production-deployment',
  'blue-green-deployment',
  'rollback',
];

const HISTORY_PAGE_SIZE = 20;
/** Failed or stuck requests shown on the tab; more than that is a matter for the inbox. */
const ATTENTION_LIMIT = 10;

/** The history of one service, a page at a time (newest first). */
function useHistory(serviceRef: string) {
  const api = useApi(deploymentsApiRef);
  const [items, setItems] = useState<DeploymentHistoryItem[]>([]);
  const [nextBefore, setNextBefore] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (before: string | undefined) => {
      setLoading(true);
      try {
        const page = await api.getHistory({
          serviceRef,
          limit: HISTORY_PAGE_SIZE,
          ...(before ? { before } : {}),
        });
        setItems(previous =>
          before ? [...previous, ...page.items] : page.items,
        );
        setNextBefore(page.nextBefore);
        setError(undefined);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [api, serviceRef],
  );

  useEffect(() => {
    load(undefined);
  }, [load]);

  return {
    items,
    error,
    loading,
    hasMore: nextBefore !== undefined,
    reload: () => load(undefined),
    more: () => load(nextBefore),
  };
}

/**
 * The entity tab of a service: dev → staging → prod with the live version of each since when,
 * a deploy request per environment, the pending requests with their gates and the promote,
 * rollback, abort and cancel actions, the workflow runs waiting on GitHub environments, the
 * history of decisions (with a retry of an abort), and the runbooks to follow.
 */
export const EntityDeploymentsContent = () => {
  const { entity } = useEntity();
  const api = useApi(deploymentsApiRef);
  const serviceRef = stringifyEntityRef(entity);
  const [acting, setActing] = useState<{
    action: DeployAction;
    target: ActionTarget;
  }>();
  const environments = useAsyncRetry(async () => {
    const { namespace, kind, name } = getCompoundEntityRef(entity);
    const response = await api.getServiceEnvironments({
      namespace,
      kind,
      name,
    });
    return { ...response, loadedAt: new Date() };
  }, [api, entity]);
  // Failed requests are not pending, so they are listed apart, each with what it accepts.
  const attention = useAsyncRetry(async () => {
    const page = await api.listRequests({
      attention: true,
      service: serviceRef,
      limit: ATTENTION_LIMIT,
    });
    const views = await Promise.all(page.items.map(r => api.getRequest(r.id)));
    return { views, more: page.nextAfter !== undefined, loadedAt: new Date() };
  }, [api, serviceRef]);
  const [requestingFor, setRequestingFor] = useState<string>();
  const history = useHistory(serviceRef);
  const reload = () => {
    environments.retry();
    attention.retry();
    history.reload();
  };

  return (
    <Stack spacing={3}>
      <Box>
        <Typography variant="h5" component="h2" sx={{ mb: 1 }}>
          Environments
        </Typography>
        {environments.loading && <Progress />}
        {environments.error && (
          <Alert severity="error">
            Could not load the environments: {describeError(environments.error)}
          </Alert>
        )}
        {environments.value && (
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            {environments.value.environments.map(environment => (
              <EnvironmentCard
                key={environment.name}
                serviceRef={serviceRef}
                environment={environment}
                now={environments.value!.loadedAt}
                onAction={(action, target) => setActing({ action, target })}
                onRequestDeploy={() => setRequestingFor(environment.name)}
              />
            ))}
          </Box>
        )}
      </Box>
      {attention.error && (
        <Alert severity="error">
          Could not load the failed or stuck deploys:{' '}
          {describeError(attention.error)}
        </Alert>
      )}
      {attention.value && attention.value.views.length > 0 && (
        <Box component="section" aria-label="needs attention">
          <Typography variant="h5" component="h2" sx={{ mb: 1 }}>
            Needs attention
          </Typography>
          {attention.value.views.map(view => (
            <NeedsAttentionCard
              key={view.request.id}
              view={view}
              now={attention.value!.loadedAt}
              onAction={(action, target) => setActing({ action, target })}
            />
          ))}
          {attention.value.more && (
            <Typography variant="body2" color="text.secondary">
              Only the newest {ATTENTION_LIMIT} are shown: the Approvals page
              lists them all under "Needs attention".
            </Typography>
          )}
        </Box>
      )}
      <Box>
        <Typography variant="h5" component="h2" sx={{ mb: 1 }}>
          GitHub environments
        </Typography>
        <GitHubRunsPanel serviceRef={serviceRef} />
      </Box>
      <Box>
        <Typography variant="h5" component="h2">
          History
        </Typography>
        {history.error !== undefined && (
          <Alert severity="error">
            Could not load the history: {describeError(history.error)}
          </Alert>
        )}
        <HistoryTimeline
          items={history.items}
          onRetry={item =>
            setActing({
              action: 'retry',
              target: {
                requestId: item.requestId,
                serviceRef,
                environment: item.environment,
                version: item.version,
              },
            })
          }
        />
        {history.loading && <Progress />}
        {history.hasMore && !history.loading && (
          <Button onClick={history.more}>Older decisions</Button>
        )}
      </Box>
      <Box>
        <Typography variant="h5" component="h2">
          Runbooks
        </Typography>
        <Stack spacing={1} sx={{ mt: 1 }} aria-label="deployment runbooks">
          {DEPLOYMENT_RUNBOOKS.map(id => (
            <RunbookLink key={id} id={id} />
          ))}
        </Stack>
      </Box>
      {acting && (
        <DeployActionDialog
          action={acting.action}
          target={acting.target}
          onClose={() => setActing(undefined)}
          onDone={() => {
            setActing(undefined);
            reload();
          }}
        />
      )}
      {requestingFor && (
        <RequestDeployDialog
          serviceRef={serviceRef}
          environment={requestingFor}
          onClose={() => setRequestingFor(undefined)}
          onDone={() => {
            setRequestingFor(undefined);
            reload();
          }}
        />
      )}
    </Stack>
  );
};
