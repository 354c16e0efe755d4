import type {
  Actor,
  DeploymentEventType,
  DeploymentRequest,
  DeploymentState,
  DeploymentVersion,
  EntityRef,
  Override,
  ProviderReference,
  Requester,
} from './types';
import { deploymentStates } from './types';

/**
 * Every allowed transition, as data: the backend mirrors it in database constraints and the UI
 * reads it to offer only possible actions. Where an event has two rows, the event's
 * `policySatisfied` (the backend's `evaluatePolicy` with the event applied) picks the target.
 */
export const deploymentTransitions: ReadonlyArray<{
  from: DeploymentState;
  event: DeploymentEventType;
  to: DeploymentState;
}> = [
  { from: 'requested', event: 'submit', to: 'awaiting-approval' },
  { from: 'requested', event: 'submit', to: 'approved' },
  { from: 'requested', event: 'cancel', to: 'cancelled' },
  { from: 'requested', event: 'expire', to: 'expired' },
  { from: 'awaiting-approval', event: 'approve', to: 'awaiting-approval' },
  { from: 'awaiting-approval', event: 'approve', to: 'approved' },
  { from: 'awaiting-approval', event: 'override', to: 'awaiting-approval' },
  { from: 'awaiting-approval', event: 'override', to: 'approved' },
  // A re-evaluation found every rule met without a new approval (a change window opened).
  { from: 'awaiting-approval', event: 'policy-met', to: 'approved' },
  { from: 'awaiting-approval', event: 'reject', to: 'rejected' },
  { from: 'awaiting-approval', event: 'expire', to: 'expired' },
  { from: 'awaiting-approval', event: 'cancel', to: 'cancelled' },
  { from: 'approved', event: 'start-deploy', to: 'deploying' },
  { from: 'approved', event: 'reject', to: 'rejected' },
  { from: 'approved', event: 'expire', to: 'expired' },
  { from: 'approved', event: 'cancel', to: 'cancelled' },
  // Blue-green and rollouts stop at a preview; a plain rolling deploy goes live directly.
  { from: 'deploying', event: 'preview-ready', to: 'preview-ready' },
  { from: 'deploying', event: 'live', to: 'live' },
  { from: 'deploying', event: 'fail', to: 'failed' },
  { from: 'preview-ready', event: 'promote', to: 'promoted' },
  { from: 'preview-ready', event: 'rollback', to: 'rolled-back' },
  { from: 'preview-ready', event: 'fail', to: 'failed' },
  { from: 'promoted', event: 'live', to: 'live' },
  { from: 'promoted', event: 'rollback', to: 'rolled-back' },
  { from: 'promoted', event: 'fail', to: 'failed' },
  { from: 'live', event: 'rollback', to: 'rolled-back' },
  { from: 'failed', event: 'rollback', to: 'rolled-back' },
  // An aborted rollout tried again (Argo Rollouts' retry); the backend allows it only before a
  // promotion and while the request's approvals still hold.
  { from: 'failed', event: 'retry', to: 'deploying' },
];

/** States no event leaves. */
export const terminalDeploymentStates: ReadonlyArray<DeploymentState> =
  deploymentStates.filter(
    state => !deploymentTransitions.some(row => row.from === state),
  );

interface EventBase {
  /** Unique per event (a webhook delivery id, a client's idempotency key); replays are no-ops. */
  id: string;
  by: Actor;
  /** The revision the caller read; a different current revision means someone else wrote first. */
  expectedRevision: number;
  /** The hash of the environment policy in force, recorded with the decision. */
  policyHash: string;
  comment?: string;
}

export type DeploymentEvent =
  | (EventBase & { type: 'submit' | 'approve'; policySatisfied: boolean })
  | (EventBase & {
      type: 'override';
      kind: Override['kind'];
      reason: string;
      policySatisfied: boolean;
    })
  | (EventBase & { type: 'reject' | 'rollback' | 'retry'; comment: string })
  | (EventBase & {
      type: 'start-deploy' | 'preview-ready';
      providerRefs?: ProviderReference[];
    })
  | (EventBase & {
      type: 'policy-met' | 'expire' | 'cancel' | 'promote' | 'live' | 'fail';
    });

export type TransitionError =
  | {
      kind: 'illegal-transition';
      from: DeploymentState;
      event: DeploymentEventType;
      message: string;
    }
  | {
      kind: 'stale-revision';
      expected: number;
      actual: number;
      message: string;
    }
  | { kind: 'duplicate-approval'; userRef: EntityRef; message: string }
  | { kind: 'self-approval'; userRef: EntityRef; message: string }
  | { kind: 'event-id-conflict'; eventId: string; message: string }
  | { kind: 'invalid-event'; message: string };

export type TransitionResult =
  | { ok: true; request: DeploymentRequest; replayed: boolean }
  | { ok: false; error: TransitionError };

export interface NewDeploymentRequest {
  id: string;
  serviceRef: EntityRef;
  environment: string;
  version: DeploymentVersion;
  requester: Requester;
  reason: string;
  providerRefs?: ProviderReference[];
}

/** A request as it is first stored: `requested`, revision 0, nothing decided yet. */
export function createDeploymentRequest(
  input: NewDeploymentRequest,
  now: Date,
): DeploymentRequest {
  const at = now.toISOString();
  return {
    ...input,
    providerRefs: input.providerRefs ?? [],
    state: 'requested',
    approvals: [],
    overrides: [],
    decisions: [],
    createdAt: at,
    updatedAt: at,
    revision: 0,
  };
}

function sameActor(a: Actor, b: Actor): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function fail(error: TransitionError): TransitionResult {
  return { ok: false, error };
}

/** Checks that need only the event: who may cause it and what it must carry. */
function invalidEvent(event: DeploymentEvent): string | undefined {
  if (!event.id.trim()) return 'the event needs an id';
  if (
    (event.type === 'approve' || event.type === 'override') &&
    event.by.kind !== 'user'
  ) {
    return `only a person can ${event.type}`;
  }
  if (event.type === 'override' && !event.reason.trim())
    return 'an override needs a reason';
  if (event.type === 'reject' && !event.comment.trim())
    return 'a rejection needs a comment';
  if (event.type === 'rollback' && !event.comment.trim())
    return 'a rollback needs a reason';
  if (event.type === 'retry' && !event.comment.trim())
    return 'a retry needs a reason';
  return undefined;
}

function approvalConflict(
  request: DeploymentRequest,
  userRef: EntityRef,
): TransitionError | undefined {
  if (request.approvals.some(approval => approval.userRef === userRef)) {
    return {
      kind: 'duplicate-approval',
      userRef,
      message: `${userRef} has already approved this request`,
    };
  }
  // Also refused by the policy engine; checked here too because it holds under every policy.
  const { requester } = request;
  if (
    (requester.kind === 'user' && requester.userRef === userRef) ||
    requester.commitAuthor === userRef
  ) {
    return {
      kind: 'self-approval',
      userRef,
      message: `${userRef} requested it or wrote the commit, so cannot approve it`,
    };
  }
  return undefined;
}

function targetState(
  request: DeploymentRequest,
  event: DeploymentEvent,
): DeploymentState | undefined {
  const rows = deploymentTransitions.filter(
    row => row.from === request.state && row.event === event.type,
  );
  if (rows.length <= 1) return rows[0]?.to;
  const satisfied = 'policySatisfied' in event && event.policySatisfied;
  return rows.find(row => (row.to === 'approved') === satisfied)?.to;
}

/**
 * Applies one event to a request and returns the new request (the input is not changed), or
 * why not. An event whose id was already applied returns the request unchanged (`replayed`).
 */
export function transition(
  request: DeploymentRequest,
  event: DeploymentEvent,
  now: Date,
): TransitionResult {
  const applied = request.decisions.find(
    decision => decision.eventId === event.id,
  );
  if (applied) {
    if (applied.event === event.type && sameActor(applied.by, event.by)) {
      return { ok: true, request, replayed: true };
    }
    return fail({
      kind: 'event-id-conflict',
      eventId: event.id,
      message: `event ${event.id} was already applied as a different event (${applied.event})`,
    });
  }
  const invalid = invalidEvent(event);
  if (invalid) return fail({ kind: 'invalid-event', message: invalid });
  if (event.expectedRevision !== request.revision) {
    return fail({
      kind: 'stale-revision',
      expected: event.expectedRevision,
      actual: request.revision,
      message: `the request changed meanwhile (revision ${request.revision}, not ${event.expectedRevision}): read it again`,
    });
  }
  const to = targetState(request, event);
  if (!to) {
    return fail({
      kind: 'illegal-transition',
      from: request.state,
      event: event.type,
      message: `cannot ${event.type} a request that is ${request.state}`,
    });
  }

  const at = now.toISOString();
  const comment = event.type === 'override' ? event.reason : event.comment;
  const next: DeploymentRequest = {
    ...request,
    state: to,
    revision: request.revision + 1,
    updatedAt: at,
    decisions: [
      ...request.decisions,
      {
        eventId: event.id,
        event: event.type,
        by: event.by,
        at,
        ...(comment !== undefined ? { comment } : {}),
        policyHash: event.policyHash,
        from: request.state,
        to,
      },
    ],
  };
  if (event.type === 'approve' && event.by.kind === 'user') {
    const conflict = approvalConflict(request, event.by.userRef);
    if (conflict) return fail(conflict);
    next.approvals = [
      ...request.approvals,
      {
        userRef: event.by.userRef,
        at,
        ...(event.comment !== undefined ? { comment: event.comment } : {}),
        policyHash: event.policyHash,
        eventId: event.id,
      },
    ];
  }
  if (event.type === 'override' && event.by.kind === 'user') {
    next.overrides = [
      ...request.overrides,
      { kind: event.kind, reason: event.reason, by: event.by.userRef, at },
    ];
  }
  if (
    (event.type === 'start-deploy' || event.type === 'preview-ready') &&
    event.providerRefs
  ) {
    next.providerRefs = [...request.providerRefs, ...event.providerRefs];
  }
  return { ok: true, request: next, replayed: false };
}
