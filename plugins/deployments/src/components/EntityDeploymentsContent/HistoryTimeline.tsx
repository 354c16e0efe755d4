import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import {
  displayRef,
  type Actor,
  type DeploymentHistoryItem,
} from '@sparki/deployments-common';
import { describeVersion } from '../ApprovalsPage/format';

function describeActor(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return displayRef(actor.userRef);
    case 'pipeline':
      return `pipeline ${actor.identity}`;
    default:
      return `the portal (${actor.name})`;
  }
}

/** Every decision, newest first: when, who, what (from → to), and the comment or reason. */
export const HistoryTimeline = ({
  items,
}: {
  items: DeploymentHistoryItem[];
}) => {
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No decision recorded yet.
      </Typography>
    );
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
        </ListItem>
      ))}
    </List>
  );
};
