import { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import { verify } from '@octokit/webhooks-methods';
import {
  DeploymentRequest,
  DeploymentState,
  EnvironmentPolicy,
} from '@sparki/deployments-common';
import { z } from 'zod';
import { DeploymentService } from '../service/DeploymentService';
import { DeploymentStore } from '../store/DeploymentStore';
import {
  GitHubConfig,
  ProtectionRuleConfig,
  serviceOfRepository,
} from './config';
import { GitHubAppClient, statusOf } from './GitHubAppClient';
import { GitHubStore, ProtectionRuleRecord } from './GitHubStore';

/** How often a held deploy is looked at while it waits for the portal's decision. */
const WAITING_RECHECK_MS = 15_000;
/** How long a sync holds a record before another replica may take it over. */
const LEASE_MS = 2 * 60_000;
const MAX_RETRY_DELAY_MS = 15 * 60_000;

const approvedStates: DeploymentState[] = [
  'approved',
  'deploying',
  'preview-ready',
  'promoted',
  'live',
];
const rejectedStates: DeploymentState[] = [
  'rejected',
  'expired',
  'cancelled',
  'failed',
  'rolled-back',
];

/** The part of a `deployment_protection_rule` event the gate reads. */
const protectionRuleEvent = z.object({
  action: z.string(),
  environment: z.string().min(1).max(255),
  deployment_callback_url: z.string().url(),
  deployment: z.object({
    id: z.number().int(),
    sha: z.string().regex(/^[0-9a-f]{40}$/, 'expected a commit sha'),
    ref: z.string().max(255),
    url: z.string().optional(),
  }),
  repository: z.object({
    name: z.string(),
    owner: z.object({ login: z.string() }),
    html_url: z.string().optional(),
  }),
  installation: z.object({ id: z.number().int() }),
  pull_requests: z
    .array(z.object({ number: z.number().int() }))
    .optional()
    .default([]),
});

export type WebhookOutcome =
  | { status: 200; body: { result: 'ignored' | 'replayed'; reason: string } }
  | { status: 202; body: { result: 'requested'; requestId: string } }
  | { status: 422; body: { error: { name: string; message: string } } };

/** What GitHub is told for a request's state; undefined while the portal has not decided. */
function answerOf(state: DeploymentState): 'approved' | 'rejected' | undefined {
  if (approvedStates.includes(state)) return 'approved';
  if (rejectedStates.includes(state)) return 'rejected';
  return undefined;
}

function userName(userRef: string): string {
  return userRef.replace(/^user:(default\/)?/, '');
}

/**
 * The GitHub custom deployment protection rule: a signed `deployment_protection_rule` event
 * becomes a deployment request under the portal's policy, and the portal's decision goes back
 * through the event's callback URL as the GitHub App. The database holds what is owed to GitHub,
 * so a failed answer is retried by the next sync on any replica.
 */
export class ProtectionRuleGate {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      github: GitHubConfig;
      rule: ProtectionRuleConfig;
      app: GitHubAppClient;
      store: GitHubStore;
      deployments: DeploymentStore;
      service: DeploymentService;
      policies: Record<string, EnvironmentPolicy>;
      /** The catalog user of a GitHub login, when there is one. */
      userByLogin: (login: string) => Promise<string | undefined>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Handles one delivery. The signature is checked before anything else is read; a delivery id
   * seen before (on any replica) is a no-op.
   */
  async handleWebhook(input: {
    rawBody: Buffer;
    signature?: string;
    event?: string;
    deliveryId?: string;
  }): Promise<WebhookOutcome> {
    const payload = input.rawBody.toString('utf8');
    // SHA-256 only: the library would also accept a legacy `sha1=` signature.
    if (
      !input.signature?.startsWith('sha256=') ||
      !(await verify(this.options.rule.webhookSecret, payload, input.signature))
    ) {
      throw new AuthenticationError(
        'missing or invalid X-Hub-Signature-256 signature',
      );
    }
    if (input.event !== 'deployment_protection_rule') {
      return {
        status: 200,
        body: {
          result: 'ignored',
          reason: `event ${input.event} is not handled`,
        },
      };
    }
    if (!input.deliveryId || !/^[A-Za-z0-9-]{1,64}$/.test(input.deliveryId)) {
      throw new InputError('missing or invalid X-GitHub-Delivery header');
    }
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      throw new InputError('the body is not JSON');
    }
    const parsed = protectionRuleEvent.safeParse(json);
    if (!parsed.success) {
      throw new InputError(
        `not a deployment_protection_rule event: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const event = parsed.data;
    if (event.action !== 'requested') {
      return {
        status: 200,
        body: {
          result: 'ignored',
          reason: `action ${event.action} is not handled`,
        },
      };
    }
    const owner = event.repository.owner.login;
    const repo = event.repository.name;
    const serviceRef = serviceOfRepository(this.options.github, owner, repo);
    if (!serviceRef) {
      return {
        status: 422,
        body: {
          error: {
            name: 'UngateableEventError',
            message: `repository ${owner}/${repo} is not mapped to a service under deployments.github.repositories`,
          },
        },
      };
    }
    if (!this.options.policies[event.environment]) {
      return {
        status: 422,
        body: {
          error: {
            name: 'UngateableEventError',
            message: `environment "${event.environment}" has no policy under deployments.environments`,
          },
        },
      };
    }
    // The installation token must go to GitHub only, never to a URL an event names elsewhere.
    if (!this.options.app.isGitHubUrl(event.deployment_callback_url)) {
      return {
        status: 422,
        body: {
          error: {
            name: 'UngateableEventError',
            message: `deployment_callback_url is not on ${this.options.github.baseUrl}`,
          },
        },
      };
    }
    if (
      !(await this.options.store.claimDelivery(input.deliveryId, this.now()))
    ) {
      return {
        status: 200,
        body: {
          result: 'replayed',
          reason: `delivery ${input.deliveryId} was handled before`,
        },
      };
    }
    try {
      const requestId = await this.createRequest(input.deliveryId, event, {
        serviceRef,
        owner,
        repo,
      });
      // Answer at once when the policy is already met (it never throws); the scheduled sync
      // retries what fails here.
      await this.syncRequest(requestId);
      return { status: 202, body: { result: 'requested', requestId } };
    } catch (error) {
      // Not handled: give the delivery back so GitHub's redelivery is.
      await this.options.store.releaseDelivery(input.deliveryId);
      throw error;
    }
  }

  private async createRequest(
    deliveryId: string,
    event: z.output<typeof protectionRuleEvent>,
    target: { serviceRef: string; owner: string; repo: string },
  ): Promise<string> {
    const installationId = String(event.installation.id);
    const commitAuthor = await this.commitAuthor(
      installationId,
      target,
      event.deployment.sha,
    );
    const { request } = await this.options.service.create(
      {
        serviceRef: target.serviceRef,
        environment: event.environment,
        version: { commitSha: event.deployment.sha },
        reason: `GitHub deployment ${event.deployment.id} of ${event.deployment.ref} in ${target.owner}/${target.repo}`,
        ...(commitAuthor ? { commitAuthor } : {}),
        providerRefs: [
          {
            provider: 'github-protection-rule',
            id: String(event.deployment.id),
            ...(event.repository.html_url
              ? { url: `${event.repository.html_url}/deployments` }
              : {}),
          },
        ],
      },
      { kind: 'pipeline', identity: this.options.rule.pipelineIdentity },
    );
    await this.options.store.insertProtectionRule(
      {
        requestId: request.id,
        deliveryId,
        owner: target.owner,
        repo: target.repo,
        installationId,
        environmentName: event.environment,
        callbackUrl: event.deployment_callback_url,
        sha: event.deployment.sha,
        ...(event.pull_requests[0]
          ? { pullRequest: event.pull_requests[0].number }
          : {}),
        nextAttemptAt: this.now().toISOString(),
      },
      this.now(),
    );
    return request.id;
  }

  /** The commit author as a catalog user; unknown when GitHub or the catalog cannot say. */
  private async commitAuthor(
    installationId: string,
    target: { owner: string; repo: string },
    sha: string,
  ): Promise<string | undefined> {
    try {
      const login = await this.options.app.commitAuthorLogin({
        installationId,
        owner: target.owner,
        repo: target.repo,
        sha,
      });
      return login ? await this.options.userByLogin(login) : undefined;
    } catch (error) {
      this.options.logger.warn(
        `Could not resolve the author of ${target.owner}/${target.repo}@${sha}: ${error}`,
      );
      return undefined;
    }
  }

  /** Syncs one request now if no other sync holds it. */
  private async syncRequest(requestId: string): Promise<void> {
    try {
      const now = this.now();
      const leased = await this.options.store.leaseOne(
        requestId,
        now,
        new Date(now.getTime() + LEASE_MS),
      );
      if (leased) await this.sync(leased);
    } catch (error) {
      this.options.logger.warn(
        `GitHub protection rule sync of ${requestId} failed: ${error}`,
      );
    }
  }

  /**
   * Brings every held deploy that is due up to date with GitHub: a progress comment for new
   * approvals, and the answer once the portal decided. Returns what it did per request.
   */
  async syncDue(limit = 50): Promise<Record<string, string>> {
    const now = this.now();
    const leased = await this.options.store.leaseDue(
      now,
      new Date(now.getTime() + LEASE_MS),
      limit,
    );
    const outcomes: Record<string, string> = {};
    for (const record of leased) {
      outcomes[record.requestId] = await this.sync(record);
    }
    return outcomes;
  }

  private async sync(record: ProtectionRuleRecord): Promise<string> {
    const request = await this.options.deployments.get(record.requestId);
    if (!request) return 'missing';
    const reportedApprovals = await this.reportProgress(record, request);
    const answer = answerOf(request.state);
    const now = this.now();
    if (!answer) {
      await this.options.store.update(
        record.requestId,
        {
          reportedApprovals,
          nextAttemptAt: new Date(
            now.getTime() + WAITING_RECHECK_MS,
          ).toISOString(),
        },
        now,
      );
      return 'waiting';
    }
    try {
      await this.options.app.answerProtectionRule({
        installationId: record.installationId,
        callbackUrl: record.callbackUrl,
        environmentName: record.environmentName,
        state: answer,
        comment: this.answerComment(request),
      });
      await this.options.store.update(
        record.requestId,
        {
          answer,
          reportedApprovals,
          nextAttemptAt: null,
          attempts: record.attempts + 1,
        },
        this.now(),
      );
      return answer;
    } catch (error) {
      const attempts = record.attempts + 1;
      const message = String(error).slice(0, 2000);
      // 422: GitHub no longer waits for this rule (answered or gone); another try cannot help.
      const final = statusOf(error) === 422;
      const delay = Math.min(15_000 * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
      this.options.logger.warn(
        `Answering GitHub for request ${
          record.requestId
        } failed (attempt ${attempts}${
          final ? ', not retried' : ''
        }): ${message}`,
      );
      await this.options.store.update(
        record.requestId,
        {
          reportedApprovals,
          attempts,
          lastError: message,
          nextAttemptAt: final
            ? null
            : new Date(this.now().getTime() + delay).toISOString(),
        },
        this.now(),
      );
      return final ? 'refused' : 'retrying';
    }
  }

  private progressLine(request: DeploymentRequest): string {
    const required =
      this.options.policies[request.environment]?.approvals.required;
    const names = request.approvals.map(a => userName(a.userRef)).join(', ');
    return `${request.approvals.length} of ${required ?? '?'} approvals${
      names ? `: ${names}` : ''
    }`;
  }

  /** Comments when approvals were added since the last comment; returns the count reported. */
  private async reportProgress(
    record: ProtectionRuleRecord,
    request: DeploymentRequest,
  ): Promise<number> {
    if (request.approvals.length <= record.reportedApprovals) {
      return record.reportedApprovals;
    }
    try {
      await this.options.app.comment({
        installationId: record.installationId,
        owner: record.owner,
        repo: record.repo,
        sha: record.sha,
        pullRequest: record.pullRequest,
        body: `Sparki Portal, deploy to ${
          request.environment
        }: ${this.progressLine(request)}`,
      });
      return request.approvals.length;
    } catch (error) {
      // The next sync tries again; the comment is progress, not the decision.
      this.options.logger.warn(
        `Progress comment for request ${record.requestId} failed: ${error}`,
      );
      return record.reportedApprovals;
    }
  }

  private answerComment(request: DeploymentRequest): string {
    const last = request.decisions[request.decisions.length - 1];
    if (approvedStates.includes(request.state)) {
      return `Approved in Sparki Portal (${this.progressLine(
        request,
      )}), request ${request.id}`;
    }
    return `${request.state} in Sparki Portal${
      last?.comment ? `: ${last.comment}` : ''
    }, request ${request.id}`.replace(/^./, c => c.toUpperCase());
  }
}
