import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DeploymentRequest,
  displayRef,
  EnvironmentPolicy,
  evaluatePolicy,
} from '@sparki/deployments-common';
import { PolicyFactsSource } from './PolicyFactsSource';

/** Where approvers act: the approvals page of `@sparki/deployments`. */
export const APPROVALS_PAGE_LINK = '/deployments';

/**
 * Tells the people who could approve a waiting request that it waits for them: the
 * environment's allowed users and the members of its allowed and required groups, minus whoever
 * the policy refuses (the requester, the commit author, the owning group under separation of
 * duties, those who already approved).
 */
export class ApproverNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      policies: Record<string, EnvironmentPolicy>;
      facts: PolicyFactsSource;
      /** Every user in these groups, nested groups included. */
      membersOf: (groupRefs: string[]) => Promise<string[]>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** The users to notify; empty when nobody can approve (or the request does not wait). */
  async recipients(request: DeploymentRequest): Promise<string[]> {
    const policy = this.options.policies[request.environment];
    if (!policy || request.state !== 'awaiting-approval') return [];
    const { allowedUsers, allowedGroups, requiredGroups } = policy.approvals;
    const members = await this.options.membersOf([
      ...allowedGroups,
      ...requiredGroups,
    ]);
    const candidates = [...new Set([...allowedUsers, ...members])];
    if (candidates.length === 0) return [];
    const facts = await this.options.facts.gather(request, [
      ...request.approvals.map(a => a.userRef),
      ...candidates,
    ]);
    const evaluation = evaluatePolicy({
      policy,
      request,
      approverCandidates: candidates,
      facts: { ...facts, now: this.options.now?.() ?? new Date() },
    });
    return evaluation.approvers
      .filter(approver => approver.allowed)
      .map(approver => approver.userRef);
  }

  /**
   * Sends (or, for the same request, replaces) the notification. Never throws: the inbox is the
   * truth, a notification only points to it.
   */
  async requestWaiting(request: DeploymentRequest): Promise<void> {
    try {
      const recipients = await this.recipients(request);
      if (recipients.length === 0) return;
      const service = displayRef(request.serviceRef);
      const version =
        request.version.tag ?? request.version.commitSha.slice(0, 7);
      const approvals = request.approvals.map(a => displayRef(a.userRef));
      const requester =
        request.requester.kind === 'user'
          ? displayRef(request.requester.userRef)
          : `pipeline ${request.requester.identity}`;
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title: `${service} ${version} to ${request.environment} waits for your approval`,
          description: `Requested by ${requester} ("${request.reason}"). ${
            approvals.length > 0
              ? `Approved so far by ${approvals.join(', ')}.`
              : 'No approval yet.'
          }`,
          link: APPROVALS_PAGE_LINK,
          topic: 'deployment-approval',
          // Same scope: each later notice of this request replaces the earlier one.
          scope: `deployment-request:${request.id}`,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the approvers of deployment request ${request.id}: ${error}`,
      );
    }
  }
}
