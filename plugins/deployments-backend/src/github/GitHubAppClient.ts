import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';

/** The HTTP status of a failed GitHub call; undefined for a network error. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * GitHub as the portal's GitHub App: every call carries an installation token of the installation
 * that sent the event, minted from the app id and private key (and cached until it expires).
 */
export class GitHubAppClient {
  private readonly clients = new Map<string, Octokit>();

  constructor(
    private readonly options: {
      baseUrl: string;
      appId: number | string;
      privateKey: string;
    },
  ) {}

  private client(installationId: string): Octokit {
    let client = this.clients.get(installationId);
    if (!client) {
      client = new Octokit({
        baseUrl: this.options.baseUrl,
        authStrategy: createAppAuth,
        auth: {
          appId: this.options.appId,
          privateKey: this.options.privateKey,
          installationId,
        },
        // Failures are retried by the sync with its own backoff, and logged there.
        log: { debug() {}, info() {}, warn() {}, error() {} },
      });
      this.clients.set(installationId, client);
    }
    return client;
  }

  /** Whether a URL from an event points at the configured GitHub (the token goes nowhere else). */
  isGitHubUrl(url: string): boolean {
    return url.startsWith(`${this.options.baseUrl}/`);
  }

  /** Answers a deployment protection rule through the event's `deployment_callback_url`. */
  async answerProtectionRule(input: {
    installationId: string;
    callbackUrl: string;
    environmentName: string;
    state: 'approved' | 'rejected';
    comment: string;
  }): Promise<void> {
    if (!this.isGitHubUrl(input.callbackUrl)) {
      throw new Error(`callback URL ${input.callbackUrl} is not on GitHub`);
    }
    await this.client(input.installationId).request(
      `POST ${input.callbackUrl}`,
      {
        environment_name: input.environmentName,
        state: input.state,
        comment: input.comment,
      },
    );
  }

  /** Comments on the pull request when there is one, else on the commit. */
  async comment(input: {
    installationId: string;
    owner: string;
    repo: string;
    sha: string;
    pullRequest?: number;
    body: string;
  }): Promise<void> {
    const client = this.client(input.installationId);
    if (input.pullRequest !== undefined) {
      await client.rest.issues.createComment({
        owner: input.owner,
        repo: input.repo,
        issue_number: input.pullRequest,
        body: input.body,
      });
    } else {
      await client.rest.repos.createCommitComment({
        owner: input.owner,
        repo: input.repo,
        commit_sha: input.sha,
        body: input.body,
      });
    }
  }

  /** The GitHub login of the commit's author, when GitHub could link it to an account. */
  async commitAuthorLogin(input: {
    installationId: string;
    owner: string;
    repo: string;
    sha: string;
  }): Promise<string | undefined> {
    const { data } = await this.client(
      input.installationId,
    ).rest.repos.getCommit({
      owner: input.owner,
      repo: input.repo,
      ref: input.sha,
    });
    return data.author?.login ?? undefined;
  }
}
