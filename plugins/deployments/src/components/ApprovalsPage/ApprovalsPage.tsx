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
import {
  DeployActionDialog,
  type ActionTarget,
  type DeployAction,
} from '../EntityDeploymentsContent/DeployActionDialog';
import { NeedsAttentionCard } from '../NeedsAttention/NeedsAttentionCard';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { RequestCard } from './RequestCard';

type TabId = 'waiting' | 'attention' | 'all';

const tabIds: TabId[] = ['waiting', 'attention', 'all'];

/** What each tab asks the backend for (the state filter is the "All requests" tab's own). */
function queryOf(
  tab: TabId,
  state: DeploymentState | undefined,
): RequestListQuery {
  if (tab === 'waiting') return { waitingForMe: true };
  if (tab === 'attention') return { attention: true };
  return { state };
}

const emptyMessages: Record<TabId, string> = {
  waiting: 'No request is waiting for your approval.',
  attention: 'No deploy has failed or is stuck.',
  all: 'No deployment request matches.',
};

/** Requests per page: each is read again with its evaluation, so pages stay small. */
const PAGE_SIZE = 25;

/** The "Needs attention" tab counts up to this many; more read e.g. "100+". */
const ATTENTION_COUNT_LIMIT = 100;

function tabCount(count: number, more: boolean) {
  return `${count}${more ? '+' : ''}`;
}

/**
 * Deployment requests waiting for the signed-in person (`?tab=waiting`, the default), those that
 * need attention (`?tab=attention`: failed, or stuck on their way, with retry, abort, rollback)
 * or all of them with a state filter (`?tab=all&state=`), each with its policy evaluation.
 */
export const ApprovalsPage = () => {
  const api = useApi(deploymentsApiRef);
  const [params, setParams] = useSearchParams();
  const tab: TabId = tabIds.find(t => t === params.get('tab')) ?? 'waiting';
  const requestedState = params.get('state');
  const state = deploymentStates.find(s => s === requestedState);
  const [deciding, setDeciding] = useState<{
    request: DeploymentRequest;
    decision: Decision;
  }>();
  const [acting, setActing] = useState<{
    action: DeployAction;
    target: ActionTarget;
  }>();

  const query = queryOf(tab, state);
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
  // Elsewhere one list call (without the per-request reads) counts what needs attention; on
  // that tab the loaded list is the count.
  const attention = useAsyncRetry(
    async () =>
      tab === 'attention'
        ? undefined
        : api.listRequests({ attention: true, limit: ATTENTION_COUNT_LIMIT }),
    [api, tab],
  );
  let attentionCount: string | undefined;
  if (tab === 'attention' && value) {
    attentionCount = tabCount(views.length, nextAfter !== undefined);
  } else if (tab !== 'attention' && attention.value) {
    attentionCount = tabCount(
      attention.value.items.length,
      attention.value.nextAfter !== undefined,
    );
  }
  const reload = () => {
    retry();
    attention.retry();
  };
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
          <Tab
            value="attention"
            label={
              attentionCount
                ? `Needs attention (${attentionCount})`
                : 'Needs attention'
            }
          />
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
        <Typography color="text.secondary">{emptyMessages[tab]}</Typography>
      )}
      {value &&
        tab === 'attention' &&
        views.map(view => (
          <NeedsAttentionCard
            key={view.request.id}
            view={view}
            now={value.loadedAt}
            onAction={(action, target) => setActing({ action, target })}
          />
        ))}
      {value &&
        tab !== 'attention' &&
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
            reload();
          }}
        />
      )}
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
    </Content>
  );
};
