import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  Actor,
  Decision,
  DeploymentRequest,
  displayRef,
  EnvironmentPolicy,
} from '@sparki/deployments-common';

/**
 * The environment whose approvers hear of every failed or rolled-back deploy, besides the
 * requester and those who approved: a broken production deploy is everyone's concern there.
 */
export const PRODUCTION_ENVIRONMENT = 'prod';

/** What went wrong, told from the request's last decision. */
type Trouble = 'failed' | 'automated-rollback';

function troubleOf(decision: Decision | undefined): Trouble | undefined {
  if (decision?.event === 'fail') return 'failed';
  if (decision?.event === 'rollback' && decision.by.kind === 'system') {
    return 'automated-rollback';
  }
  return undefined;
}

/** The approvals page's tab that lists the request. */
function linkOf(trouble: Trouble): string {
  return trouble === 'failed'
    ? '/deployments?tab=attention'
    : '/deployments?tab=all&state=rolled-back';
}

function actorName(actor: Actor): string {
  if (actor.kind === 'user') return displayRef(actor.userRef);
  if (actor.kind === 'pipeline') return `pipeline ${actor.identity}`;
  return actor.name;
}

/**
 * Tells people when a deploy fails (the pipeline reports a failure, or someone aborts the
 * rollout), the health watch rolls it back, or it is stuck (`StuckDeployNotices`): the requester, everyone who approved it, and for
 * `prod` the environment's approvers (allowed users, members of the allowed and required groups),
 * minus the person who made the decision themself.
 */
export class RolloutNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      policies: Record<string, EnvironmentPolicy>;
      /** Every user in these groups, nested groups included. */
      membersOf: (groupRefs: string[]) => Promise<string[]>;
      logger: LoggerService;
    },
  ) {}

  /** The users to notify of the request's last decision; empty when it is no trouble. */
  async recipients(request: DeploymentRequest): Promise<string[]> {
    const decision = request.decisions.at(-1);
    if (!decision || !troubleOf(decision)) return [];
    const decidedBy =
      decision.by.kind === 'user' ? decision.by.userRef : undefined;
    return (await this.concerned(request)).filter(ref => ref !== decidedBy);
  }

  /** The requester (a person), who approved, and in prod the environment's approvers. */
  private async concerned(request: DeploymentRequest): Promise<string[]> {
    const people = [
      ...(request.requester.kind === 'user' ? [request.requester.userRef] : []),
      ...request.approvals.map(a => a.userRef),
    ];
    const policy = this.options.policies[request.environment];
    if (policy && request.environment === PRODUCTION_ENVIRONMENT) {
      const { allowedUsers, allowedGroups, requiredGroups } = policy.approvals;
      people.push(
        ...allowedUsers,
        ...(await this.options.membersOf([
          ...allowedGroups,
          ...requiredGroups,
        ])),
      );
    }
    return [...new Set(people)];
  }

  /**
   * Sends the notice of the request's last decision when it is a failure or an automated
   * rollback. The decision's event id is in the scope, so a second call for the same transition
   * replaces the notice instead of adding one; callers call once per recorded (not replayed)
   * transition. Never throws: the request's history is the truth, a notice only points to it.
   */
  async transitioned(request: DeploymentRequest): Promise<void> {
    const decision = request.decisions.at(-1);
    const trouble = troubleOf(decision);
    if (!decision || !trouble) return;
    try {
      const recipients = await this.recipients(request);
      if (recipients.length === 0) return;
      const service = displayRef(request.serviceRef);
      const version =
        request.version.tag ?? request.version.commitSha.slice(0, 7);
      const what =
        trouble === 'failed'
          ? `failed in ${request.environment}`
          : `was rolled back automatically in ${request.environment}`;
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title: `${service} ${version} ${what}`,
          description: `${
            decision.comment ?? 'No reason given.'
          } (by ${actorName(decision.by)}; request "${request.reason}")`,
          link: linkOf(trouble),
          severity: 'high',
          topic: 'deployment-trouble',
          scope: `deployment-request:${request.id}:${decision.eventId}`,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify of the ${trouble} of deployment request ${request.id}: ${error}`,
      );
    }
  }

  /**
   * Tells the same people that a deploy has not moved on for `stuckAfterMinutes` (the caller
   * claims the request's revision first, so each stuck revision is told once). Never throws.
   */
  async stuck(
    request: DeploymentRequest,
    stuckAfterMinutes: number,
  ): Promise<void> {
    try {
      const recipients = await this.concerned(request);
      if (recipients.length === 0) return;
      const service = displayRef(request.serviceRef);
      const version =
        request.version.tag ?? request.version.commitSha.slice(0, 7);
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title: `${service} ${version} is stuck ${request.state} in ${request.environment}`,
          description: `Nothing has changed since ${request.updatedAt}, more than ${stuckAfterMinutes} minutes (request "${request.reason}").`,
          link: '/deployments?tab=attention',
          severity: 'high',
          topic: 'deployment-trouble',
          scope: `deployment-request:${request.id}:stuck:${request.revision}`,
        },
      });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify that deployment request ${request.id} is stuck: ${error}`,
      );
    }
  }
}
