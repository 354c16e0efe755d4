import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { displayRef, type RuleOutcome } from '@sparki/deployments-common';
import type { DeploymentRequestView } from '../../api/DeploymentsApi';
import { decisionLabels, type Decision } from './DecisionDialog';
import { PolicyExplanation } from './PolicyExplanation';
import { describeAge, describeRequester, describeVersion } from './format';

/** States in which the backend still accepts an approval, a rejection or an override. */
const undecidedStates = new Set(['requested', 'awaiting-approval']);

/** The gates an override lifts, by the rule that holds the request. */
const overridableRules: Partial<Record<RuleOutcome['rule'], Decision>> = {
  'posture-gate': 'override-posture',
  'change-window': 'override-freeze',
  freeze: 'override-freeze',
};

const Fact = ({ label, value }: { label: string; value: string }) => (
  <Box>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2">{value}</Typography>
  </Box>
);

/** One request: what, where, who, how old, the policy in words, and the decision buttons. */
export const RequestCard = ({
  view,
  now,
  onDecide,
}: {
  view: DeploymentRequestView;
  now: Date;
  onDecide: (decision: Decision) => void;
}) => {
  const { request, evaluation } = view;
  const service = displayRef(request.serviceRef);
  const canApprove = evaluation.canApprove;
  const undecided = undecidedStates.has(request.state);
  // Unknown holds too: unknown posture data never passes, only an override lifts it.
  const overrides = [
    ...new Set(
      evaluation.rules
        .filter(rule => rule.status !== 'met')
        .map(rule => overridableRules[rule.rule])
        .filter((decision): decision is Decision => decision !== undefined),
    ),
  ];
  return (
    <Card
      variant="outlined"
      sx={{ mb: 2 }}
      component="article"
      aria-label={`${service} to ${request.environment}`}
    >
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
          <Typography variant="h6" component="h2">
            {service}
          </Typography>
          <Chip size="small" label={request.state} />
        </Box>
        <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap', mb: 1 }}>
          <Fact label="Version" value={describeVersion(request.version)} />
          <Fact label="Environment" value={request.environment} />
          <Fact
            label="Requested by"
            value={describeRequester(request.requester)}
          />
          <Fact label="Age" value={describeAge(request.createdAt, now)} />
        </Box>
        <Typography variant="body2" sx={{ mb: 1 }}>
          {request.reason}
        </Typography>
        <Typography variant="subtitle2">
          {evaluation.satisfied
            ? 'The policy is met.'
            : 'The policy is not met yet:'}
        </Typography>
        <PolicyExplanation rules={evaluation.rules} />
      </CardContent>
      {undecided && (
        <CardActions sx={{ flexWrap: 'wrap' }}>
          <Button
            variant="contained"
            disabled={!canApprove?.allowed}
            onClick={() => onDecide('approve')}
          >
            Approve
          </Button>
          <Button color="error" onClick={() => onDecide('reject')}>
            Reject
          </Button>
          {overrides.map(decision => (
            <Button
              key={decision}
              color="warning"
              onClick={() => onDecide(decision)}
            >
              {decisionLabels[decision]}
            </Button>
          ))}
          {canApprove && !canApprove.allowed && (
            <Typography variant="body2" color="text.secondary" sx={{ ml: 1 }}>
              You cannot approve: {canApprove.reason}
            </Typography>
          )}
        </CardActions>
      )}
    </Card>
  );
};
