import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Content, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  deploymentStates,
  type DeploymentRequest,
  type DeploymentState,
} from '@sparki/deployments-common';
import { describeError } from '@sparki/error-message';
import {
  deploymentsApiRef,
  type RequestListQuery,
} from '../../api/DeploymentsApi';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { RequestCard } from './RequestCard';

type TabId = 'waiting' | 'all';

/** Requests per page: each is read again with its evaluation, so pages stay small. */
const PAGE_SIZE = 25;

/**
 * Deployment requests waiting for the signed-in person (`?tab=waiting`, the default) or all of
 * them with a state filter (`?tab=all&state=`), each with its policy evaluation in words.
 */
export const ApprovalsPage = () => {
  const api = useApi(deploymentsApiRef);
  const [params, setParams] = useSearchParams();
  const tab: TabId = params.get('tab') === 'all' ? 'all' : 'waiting';
  const requestedState = params.get('state');
  const state = deploymentStates.find(s => s === requestedState);
  const [deciding, setDeciding] = useState<{
    request: DeploymentRequest;
    decision: Decision;
  }>();

  const query: RequestListQuery =
    tab === 'waiting' ? { waitingForMe: true } : { state };
  /** One page of requests with their evaluations. */
  const loadPage = async (after?: string) => {
    const page = await api.listRequests({
      ...query,
      limit: PAGE_SIZE,
      ...(after ? { after } : {}),
    });
    // The list carries no evaluation: it is per caller, so each request is read with it.
    const views = await Promise.all(page.items.map(r => api.getRequest(r.id)));
    return { views, nextAfter: page.nextAfter };
  };
  // Pages after the first, appended by "More requests"; reloading starts again at the first.
  const [more, setMore] = useState<Awaited<ReturnType<typeof loadPage>>>();
  const [moreError, setMoreError] = useState<unknown>();
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    setMore(undefined);
    return { ...(await loadPage()), loadedAt: new Date() };
  }, [api, tab, state]);
  const views = [...(value?.views ?? []), ...(more?.views ?? [])];
  const nextAfter = more ? more.nextAfter : value?.nextAfter;
  const loadMore = async () => {
    try {
      const page = await loadPage(nextAfter);
      setMoreError(undefined);
      setMore(previous => ({
        views: [...(previous?.views ?? []), ...page.views],
        nextAfter: page.nextAfter,
      }));
    } catch (e) {
      setMoreError(e);
    }
  };

  return (
    <Content>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs value={tab} onChange={(_, next) => setParams({ tab: next })}>
          <Tab value="waiting" label="Waiting for me" />
          <Tab value="all" label="All requests" />
        </Tabs>
      </Box>
      {tab === 'all' && (
        <TextField
          select
          label="State"
          size="small"
          sx={{ minWidth: 200, mb: 2 }}
          value={state ?? ''}
          onChange={event =>
            setParams(
              event.target.value
                ? { tab: 'all', state: event.target.value }
                : { tab: 'all' },
            )
          }
        >
          <MenuItem value="">Any state</MenuItem>
          {deploymentStates.map((s: DeploymentState) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      )}
      {loading && !value && <Progress />}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          Could not load the requests: {describeError(error)}
        </Alert>
      )}
      {value && views.length === 0 && (
        <Typography color="text.secondary">
          {tab === 'waiting'
            ? 'No request is waiting for your approval.'
            : 'No deployment request matches.'}
        </Typography>
      )}
      {value &&
        views.map(view => (
          <RequestCard
            key={view.request.id}
            view={view}
            now={value.loadedAt}
            onDecide={decision =>
              setDeciding({ request: view.request, decision })
            }
          />
        ))}
      {moreError !== undefined && (
        <Alert severity="error" sx={{ mb: 2 }}>
          Could not load more requests: {describeError(moreError)}
        </Alert>
      )}
      {value && nextAfter && <Button onClick={loadMore}>More requests</Button>}
      {deciding && (
        <DecisionDialog
          request={deciding.request}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDecided={() => {
            setDeciding(undefined);
            retry();
          }}
        />
      )}
    </Content>
  );
};
