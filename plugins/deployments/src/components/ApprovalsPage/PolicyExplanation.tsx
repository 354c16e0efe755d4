import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import type { PolicyRuleId, RuleOutcome } from '@sparki/deployments-common';
import { ruleStatusLabels } from './format';

const ruleTitles: Record<PolicyRuleId, string> = {
  approvals: 'Approvals',
  'change-window': 'Change window',
  freeze: 'Freeze',
  'posture-gate': 'Posture gate',
  'bake-time': 'Bake time',
  'request-expiry': 'Request expiry',
};

const statusColors = {
  met: 'success',
  'not-met': 'error',
  unknown: 'warning',
} as const;

/** Each rule of the environment policy with its outcome and the backend's sentence. */
export const PolicyExplanation = ({ rules }: { rules: RuleOutcome[] }) => (
  <List dense aria-label="policy evaluation">
    {rules.map(rule => (
      <ListItem key={rule.rule} disableGutters>
        <Chip
          size="small"
          sx={{ mr: 1, minWidth: 80 }}
          color={statusColors[rule.status]}
          label={ruleStatusLabels[rule.status]}
        />
        <ListItemText
          primary={`${ruleTitles[rule.rule] ?? rule.rule}: ${rule.message}`}
        />
      </ListItem>
    ))}
  </List>
);
