import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { githubAuthApiRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { GitHubWaitingRun } from '@sparki/deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { mockDeploymentsApi } from '../../__testUtils__/fixtures';
import { GitHubRunsPanel } from './GitHubRunsPanel';

const serviceRef = 'component:default/payments';

function run(overrides: Partial<GitHubWaitingRun>): GitHubWaitingRun {
  return {
    owner: 'sparki-org',
    repo: 'payments',
    id: 101,
    name: 'deploy',
    url: 'https://github.example/sparki-org/payments/actions/runs/101',
    headSha: 'abcdef1234567',
    headBranch: 'main',
    actor: 'carol',
    createdAt: '2026-12-02T09:00:00Z',
    environments: [
      {
        id: 7,
        name: 'prod',
        currentUserCanApprove: true,
        waitTimerMinutes: 0,
        reviewers: ['release-approvers'],
      },
    ],
    canReview: true,
    ...overrides,
  };
}

const theirs = run({
  id: 102,
  name: 'hotfix',
  environments: [
    {
      id: 8,
      name: 'staging',
      currentUserCanApprove: false,
      waitTimerMinutes: 5,
      reviewers: ['qa'],
    },
  ],
  canReview: false,
});

async function conflict() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'ConflictError',
          message:
            'GitHub refused the review of run 101 of sparki-org/payments (not eligible or already decided); it now waits on no environment',
        },
        response: { statusCode: 409 },
      }),
      { status: 409, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function setup() {
  const api = mockDeploymentsApi([]);
  api.listGitHubRuns.mockResolvedValue({
    owner: 'sparki-org',
    repo: 'payments',
    runs: [run({}), theirs],
  });
  api.reviewGitHubRun.mockResolvedValue({
    outcome: 'approved',
    owner: 'sparki-org',
    repo: 'payments',
    runId: 101,
    environments: ['prod'],
  });
  const githubAuth = {
    getAccessToken: jest.fn().mockResolvedValue('gho_approvers_own_token_123'),
  };
  renderInTestApp(
    <TestApiProvider
      apis={[
        [deploymentsApiRef, api],
        [githubAuthApiRef, githubAuth as any],
      ]}
    >
      <GitHubRunsPanel serviceRef={serviceRef} />
    </TestApiProvider>,
  );
  return { api, githubAuth };
}

describe('GitHubRunsPanel', () => {
  it('lists waiting runs with the approver token, buttons by current_user_can_approve', async () => {
    const { api, githubAuth } = setup();
    // No GitHub sign-in until the person asks.
    expect(githubAuth.getAccessToken).not.toHaveBeenCalled();
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Show runs waiting on GitHub environments',
      }),
    );
    const mine = await screen.findByRole('article', { name: 'run 101' });
    expect(githubAuth.getAccessToken).toHaveBeenCalledWith(['repo']);
    expect(api.listGitHubRuns).toHaveBeenCalledWith(
      serviceRef,
      'gho_approvers_own_token_123',
    );
    expect(
      within(mine).getByRole('button', { name: 'Approve on GitHub' }),
    ).toBeEnabled();
    const other = screen.getByRole('article', { name: 'run 102' });
    expect(
      within(other).getByRole('button', { name: 'Approve on GitHub' }),
    ).toBeDisabled();
    expect(
      within(other).getByRole('button', { name: 'Reject on GitHub' }),
    ).toBeDisabled();
    expect(other).toHaveTextContent(
      'GitHub does not let you review staging (reviewers: qa).',
    );
  });

  it('approves every environment at once with the token, then reads the runs again', async () => {
    const { api } = setup();
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Show runs waiting on GitHub environments',
      }),
    );
    const mine = await screen.findByRole('article', { name: 'run 101' });
    fireEvent.click(
      within(mine).getByRole('button', { name: 'Approve on GitHub' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Approve deploy for prod?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.reviewGitHubRun).toHaveBeenCalledWith(
        {
          owner: 'sparki-org',
          repo: 'payments',
          runId: 101,
          state: 'approved',
        },
        'gho_approvers_own_token_123',
      ),
    );
    expect(
      await screen.findByText('Approved deploy for prod.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.listGitHubRuns).toHaveBeenCalledTimes(2));
  });

  it('requires a comment to reject, and on a refusal (GitHub 422) re-reads instead of retrying', async () => {
    const { api } = setup();
    api.reviewGitHubRun.mockRejectedValueOnce(await conflict());
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Show runs waiting on GitHub environments',
      }),
    );
    const mine = await screen.findByRole('article', { name: 'run 101' });
    fireEvent.click(
      within(mine).getByRole('button', { name: 'Reject on GitHub' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      within(dialog).getByText('A comment is required to reject.'),
    ).toBeInTheDocument();
    expect(api.reviewGitHubRun).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Comment (required)'), {
      target: { value: 'wrong commit' },
    });
    api.listGitHubRuns.mockResolvedValue({
      owner: 'sparki-org',
      repo: 'payments',
      runs: [theirs],
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      await screen.findByText(/not eligible or already decided/),
    ).toBeInTheDocument();
    expect(api.reviewGitHubRun).toHaveBeenCalledTimes(1);
    expect(api.reviewGitHubRun).toHaveBeenCalledWith(
      {
        owner: 'sparki-org',
        repo: 'payments',
        runId: 101,
        state: 'rejected',
        comment: 'wrong commit',
      },
      'gho_approvers_own_token_123',
    );
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: 'run 101' })).toBeNull(),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
