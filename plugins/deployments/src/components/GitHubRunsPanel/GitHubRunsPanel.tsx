import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { githubAuthApiRef, useApi } from '@backstage/frontend-plugin-api';
import type {
  GitHubWaitingRun,
  GitHubWaitingRunsResponse,
} from '@sparki/deployments-common';
import { describeError } from '@sparki/error-message';
import { deploymentsApiRef } from '../../api/DeploymentsApi';

/** GitHub's scope for reviewing pending deployments of a repository's workflow runs. */
const GITHUB_SCOPES = ['repo'];
const MAX_COMMENT_LENGTH = 2000;

type Decision = 'approved' | 'rejected';

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } })?.response?.status;
}

/** Why the buttons are off: the environments GitHub does not let this person review. */
function notReviewable(run: GitHubWaitingRun): string {
  const others = run.environments.filter(e => !e.currentUserCanApprove);
  if (run.environments.length === 0) return 'It waits on no environment.';
  return `GitHub does not let you review ${others
    .map(e => `${e.name} (reviewers: ${e.reviewers.join(', ') || 'none'})`)
    .join(', ')}.`;
}

const ReviewDialog = ({
  run,
  decision,
  review,
  onClose,
  onDone,
}: {
  run: GitHubWaitingRun;
  decision: Decision;
  review: (comment: string) => Promise<{ environments: string[] }>;
  onClose: () => void;
  /** Closes the dialog with what to tell the person; the list is read again. */
  onDone: (message: string) => void;
}) => {
  const [comment, setComment] = useState('');
  const [validation, setValidation] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const verb = decision === 'approved' ? 'Approve' : 'Reject';

  const submit = async () => {
    const trimmed = comment.trim();
    if (decision === 'rejected' && !trimmed) {
      setValidation('A comment is required to reject.');
      return;
    }
    if (trimmed.length > MAX_COMMENT_LENGTH) {
      setValidation(`At most ${MAX_COMMENT_LENGTH} characters.`);
      return;
    }
    setValidation(undefined);
    setFailure(undefined);
    setSending(true);
    try {
      const result = await review(trimmed);
      onDone(
        `${decision === 'approved' ? 'Approved' : 'Rejected'} ${
          run.name ?? `run ${run.id}`
        } for ${result.environments.join(', ')}.`,
      );
    } catch (error) {
      if (statusOf(error) === 409) {
        // GitHub's 422: not eligible or decided meanwhile. Never retried: the list is read again.
        onDone(describeError(error));
        return;
      }
      setFailure(describeError(error));
      setSending(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {verb} {run.name ?? `run ${run.id}`} for{' '}
        {run.environments.map(e => e.name).join(', ')}?
      </DialogTitle>
      <DialogContent>
        {failure && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {failure}
          </Alert>
        )}
        <TextField
          label={decision === 'rejected' ? 'Comment (required)' : 'Comment'}
          value={comment}
          onChange={event => setComment(event.target.value)}
          error={Boolean(validation)}
          helperText={validation}
          multiline
          minRows={3}
          fullWidth
          margin="dense"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color={decision === 'approved' ? 'primary' : 'error'}
          disabled={sending}
          onClick={submit}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/**
 * Workflow runs of the service's repository waiting on GitHub environments with required
 * reviewers, approved or rejected (every waiting environment at once) with the person's own
 * GitHub token: asked from GitHub sign-in for each request and passed along, never kept by the
 * portal. GitHub decides who may review (`current_user_can_approve` drives the buttons); when it
 * refuses a review anyway (not eligible, or decided meanwhile) the list is read again.
 */
export const GitHubRunsPanel = ({ serviceRef }: { serviceRef: string }) => {
  const api = useApi(deploymentsApiRef);
  const githubAuth = useApi(githubAuthApiRef);
  const [listing, setListing] = useState<GitHubWaitingRunsResponse>();
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [reviewing, setReviewing] = useState<{
    run: GitHubWaitingRun;
    decision: Decision;
  }>();

  const load = async () => {
    setLoading(true);
    setFailure(undefined);
    try {
      const token = await githubAuth.getAccessToken(GITHUB_SCOPES);
      setListing(await api.listGitHubRuns(serviceRef, token));
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Box aria-label="GitHub environments" component="section">
      {!listing && (
        <Button variant="outlined" disabled={loading} onClick={load}>
          Show runs waiting on GitHub environments
        </Button>
      )}
      {loading && <Progress />}
      {failure && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {failure}
        </Alert>
      )}
      {notice && (
        <Alert
          severity="info"
          sx={{ mt: 1 }}
          onClose={() => setNotice(undefined)}
        >
          {notice}
        </Alert>
      )}
      {listing && (
        <>
          <Typography variant="body2" color="text.secondary">
            {listing.owner}/{listing.repo}:{' '}
            {listing.runs.length === 0
              ? 'no run waits on an environment.'
              : `${listing.runs.length} run(s) waiting.`}{' '}
            <Button size="small" disabled={loading} onClick={load}>
              Refresh
            </Button>
          </Typography>
          {listing.runs.map(run => (
            <Box
              key={run.id}
              component="article"
              aria-label={`run ${run.id}`}
              sx={{ borderTop: 1, borderColor: 'divider', pt: 1, mt: 1 }}
            >
              <Typography variant="subtitle2">
                <Link href={run.url} target="_blank" rel="noopener">
                  {run.name ?? `run ${run.id}`}
                </Link>{' '}
                {run.headBranch ?? ''} {run.headSha.slice(0, 7)}
                {run.actor ? ` by ${run.actor}` : ''}
              </Typography>
              <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', my: 1 }}>
                {run.environments.map(environment => (
                  <Chip
                    key={environment.id}
                    size="small"
                    color={
                      environment.currentUserCanApprove ? 'primary' : 'default'
                    }
                    label={`${environment.name}${
                      environment.waitTimerMinutes
                        ? `, wait ${environment.waitTimerMinutes} min`
                        : ''
                    }`}
                  />
                ))}
              </Box>
              {!run.canReview && (
                <Typography variant="body2" color="text.secondary">
                  {notReviewable(run)}
                </Typography>
              )}
              <Box sx={{ display: 'flex', gap: 1 }}>
                <Button
                  size="small"
                  variant="contained"
                  disabled={!run.canReview}
                  onClick={() => setReviewing({ run, decision: 'approved' })}
                >
                  Approve on GitHub
                </Button>
                <Button
                  size="small"
                  color="error"
                  disabled={!run.canReview}
                  onClick={() => setReviewing({ run, decision: 'rejected' })}
                >
                  Reject on GitHub
                </Button>
              </Box>
            </Box>
          ))}
        </>
      )}
      {reviewing && (
        <ReviewDialog
          run={reviewing.run}
          decision={reviewing.decision}
          onClose={() => setReviewing(undefined)}
          onDone={message => {
            setReviewing(undefined);
            setNotice(message);
            load();
          }}
          review={async comment => {
            const token = await githubAuth.getAccessToken(GITHUB_SCOPES);
            return api.reviewGitHubRun(
              {
                owner: reviewing.run.owner,
                repo: reviewing.run.repo,
                runId: reviewing.run.id,
                state: reviewing.decision,
                ...(comment ? { comment } : {}),
              },
              token,
            );
          }}
        />
      )}
    </Box>
  );
};
