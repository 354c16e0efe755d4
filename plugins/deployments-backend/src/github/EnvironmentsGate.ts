import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Octokit } from '@octokit/rest';
import type {
  GitHubReviewResult,
  GitHubWaitingEnvironment,
  GitHubWaitingRun,
  GitHubWaitingRunsResponse,
} from '@sparki/deployments-common';
import { GitHubConfig } from './config';
import { statusOf } from './GitHubAppClient';

const MAX_RUNS = 50;

/**
 * GitHub environments with required reviewers, acted on with the approver's own GitHub token
 * (passed per call, never stored or logged): GitHub itself decides who may review, and its
 * audit log names the person.
 */
export class EnvironmentsGate {
  constructor(private readonly github: GitHubConfig) {}

  private client(token: string): Octokit {
    return new Octokit({
      baseUrl: this.github.baseUrl,
      auth: token,
      // Nothing is logged: requests carry the approver's token.
      log: { debug() {}, info() {}, warn() {}, error() {} },
    });
  }

  /** The repository a service deploys from: config only, never a catalog annotation. */
  private repositoryOf(serviceRef: string): { owner: string; repo: string } {
    const repository = this.github.repositories.find(
      r => r.serviceRef.toLowerCase() === serviceRef.toLowerCase(),
    );
    if (!repository) {
      throw new NotFoundError(
        `no repository configured for ${serviceRef} under deployments.github.repositories`,
      );
    }
    return repository;
  }

  private assertConfigured(owner: string, repo: string) {
    const key = `${owner}/${repo}`.toLowerCase();
    if (
      !this.github.repositories.some(
        r => `${r.owner}/${r.repo}`.toLowerCase() === key,
      )
    ) {
      throw new NotFoundError(
        `repository ${owner}/${repo} is not configured under deployments.github.repositories`,
      );
    }
  }

  /** A GitHub failure as the HTTP error that says why. */
  private failure(error: unknown, what: string): Error {
    const status = statusOf(error);
    if (status === 401) {
      return new NotAllowedError(`GitHub refused the GitHub token (${what})`);
    }
    if (status === 403 || status === 404) {
      return new NotAllowedError(
        `GitHub answered ${status} to ${what}: the token cannot see or act on it`,
      );
    }
    return new Error(`GitHub failed on ${what}: ${status ?? error}`);
  }

  private async pending(
    client: Octokit,
    owner: string,
    repo: string,
    runId: number,
  ): Promise<GitHubWaitingEnvironment[]> {
    const { data } = await client.rest.actions.getPendingDeploymentsForRun({
      owner,
      repo,
      run_id: runId,
    });
    return data.map(pending => ({
      id: pending.environment.id ?? 0,
      name: pending.environment.name ?? String(pending.environment.id),
      currentUserCanApprove: pending.current_user_can_approve,
      waitTimerMinutes: pending.wait_timer,
      reviewers: pending.reviewers.map(reviewer => {
        const who = reviewer.reviewer as
          | { login?: string; slug?: string; name?: string }
          | undefined;
        return who?.login ?? who?.slug ?? who?.name ?? 'unknown';
      }),
    }));
  }

  /** Runs of the service's repository that wait on an environment, with what the approver may do. */
  async waitingRuns(
    serviceRef: string,
    token: string,
  ): Promise<GitHubWaitingRunsResponse> {
    const { owner, repo } = this.repositoryOf(serviceRef);
    const client = this.client(token);
    try {
      const { data } = await client.rest.actions.listWorkflowRunsForRepo({
        owner,
        repo,
        status: 'waiting',
        per_page: MAX_RUNS,
      });
      const runs = await Promise.all(
        data.workflow_runs.map(async (run): Promise<GitHubWaitingRun> => {
          const environments = await this.pending(client, owner, repo, run.id);
          return {
            owner,
            repo,
            id: run.id,
            ...(run.name ? { name: run.name } : {}),
            url: run.html_url,
            headSha: run.head_sha,
            ...(run.head_branch ? { headBranch: run.head_branch } : {}),
            ...(run.actor?.login ? { actor: run.actor.login } : {}),
            createdAt: run.created_at,
            environments,
            canReview:
              environments.length > 0 &&
              environments.every(e => e.currentUserCanApprove),
          };
        }),
      );
      return { owner, repo, runs };
    } catch (error) {
      throw this.failure(error, `the waiting runs of ${owner}/${repo}`);
    }
  }

  /**
   * Approves or rejects every environment the run waits on, at once. GitHub's 422 means "not
   * eligible or already decided": the run is read again and the refusal says what it now waits
   * on; it is never retried.
   */
  async review(
    input: {
      owner: string;
      repo: string;
      runId: number;
      state: 'approved' | 'rejected';
      comment: string;
    },
    token: string,
  ): Promise<GitHubReviewResult> {
    const { owner, repo, runId } = input;
    this.assertConfigured(owner, repo);
    const client = this.client(token);
    const what = `run ${runId} of ${owner}/${repo}`;
    let waiting: GitHubWaitingEnvironment[];
    try {
      waiting = await this.pending(client, owner, repo, runId);
    } catch (error) {
      throw this.failure(error, what);
    }
    if (waiting.length === 0) {
      throw new ConflictError(`${what} waits on no environment`);
    }
    const refused = waiting.filter(e => !e.currentUserCanApprove);
    if (refused.length > 0) {
      throw new NotAllowedError(
        `GitHub does not let you review ${refused
          .map(e => e.name)
          .join(', ')} of ${what}`,
      );
    }
    try {
      await client.rest.actions.reviewPendingDeploymentsForRun({
        owner,
        repo,
        run_id: runId,
        environment_ids: waiting.map(e => e.id),
        state: input.state,
        comment: input.comment,
      });
    } catch (error) {
      if (statusOf(error) !== 422) throw this.failure(error, what);
      const now = await this.pending(client, owner, repo, runId).catch(
        () => undefined,
      );
      throw new ConflictError(
        `GitHub refused the review of ${what} (not eligible or already decided); ${
          now === undefined
            ? 'it could not be read again'
            : `it now waits on ${
                now.map(e => e.name).join(', ') || 'no environment'
              }`
        }`,
      );
    }
    return {
      outcome: input.state,
      owner,
      repo,
      runId,
      environments: waiting.map(e => e.name),
    };
  }
}

/** The approver's GitHub token from its header, checked for shape only. */
export function githubTokenOf(header: string | undefined): string {
  const token = header?.trim();
  if (!token || !/^[A-Za-z0-9_.-]{20,255}$/.test(token)) {
    throw new InputError(
      'expected your GitHub token in the X-GitHub-Token header (sign in with GitHub)',
    );
  }
  return token;
}
