import List from '@mui/material/List';
import { deploymentsPromotePermission } from '@sparki/deployments-common';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { DeploymentHistoryItem } from '@sparki/deployments-common';
import { describeActor, describeVersion } from '../ApprovalsPage/format';
import { PermittedActionButton } from './PermittedActionButton';

/** An abort is `fail` under the event id `abort` (first attempt) or `abort:<attempt>`. */
function isAbort(item: DeploymentHistoryItem) {
  return item.event === 'fail' && /^abort(:\d+)?$/.test(item.eventId);
}

/**
 * Every decision, newest first: when, who, what (from → to), and the comment or reason. An
 * abort that is still its request's latest decision offers a retry (the backend decides whether
 * the request may still be retried).
 */
export const HistoryTimeline = ({
  items,
  onRetry,
}: {
  items: DeploymentHistoryItem[];
  onRetry?: (item: DeploymentHistoryItem) => void;
}) => {
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No decision recorded yet.
      </Typography>
    );
  }
  const latestOfRequest = new Set<string>();
  const seen = new Set<string>();
  for (const item of items) {
    if (!seen.has(item.requestId)) {
      seen.add(item.requestId);
      latestOfRequest.add(`${item.requestId}/${item.eventId}`);
    }
  }
  return (
    <List dense aria-label="deployment history">
      {items.map(item => (
        <ListItem
          key={`${item.requestId}/${item.eventId}`}
          disableGutters
          divider
        >
          <ListItemText
            primary={`${item.environment}: ${item.event} ${describeVersion(
              item.version,
            )} by ${describeActor(item.by)} (${item.from} → ${item.to})`}
            secondary={[new Date(item.at).toLocaleString(), item.comment]
              .filter(Boolean)
              .join(' · ')}
          />
          {onRetry &&
            isAbort(item) &&
            latestOfRequest.has(`${item.requestId}/${item.eventId}`) && (
              <PermittedActionButton
                permission={deploymentsPromotePermission}
                requestId={item.requestId}
                verb="retry"
                onClick={() => onRetry(item)}
              >
                Retry
              </PermittedActionButton>
            )}
        </ListItem>
      ))}
    </List>
  );
};
