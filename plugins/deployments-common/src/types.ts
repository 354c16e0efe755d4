/**
 * The deployment request and what is recorded on it. Everything is plain JSON (timestamps are ISO
 * 8601 strings), so the same objects travel through the API, the database rows and the UI.
 */

/** A catalog entity reference in its string form, e.g. `user:default/carol`. */
export type EntityRef = string;

/** What is deployed: the commit always, the tag and the image digest when the pipeline knows them. */
export interface DeploymentVersion {
  commitSha: string;
  tag?: string;
  imageDigest?: string;
}

/**
 * Who asked for the deploy: a person in the portal, or a pipeline identity (an external-access
 * token's subject) on behalf of the commit's author. `commitAuthor` is the author's user entity ref
 * when it could be resolved; the author may never approve the deploy of their own commit.
 */
export type Requester =
  | { kind: 'user'; userRef: EntityRef; commitAuthor?: EntityRef }
  | { kind: 'pipeline'; identity: string; commitAuthor?: EntityRef };

/** Who caused a transition: a person, a pipeline, or the portal itself (expiry, automated rollback). */
export type Actor =
  | { kind: 'user'; userRef: EntityRef }
  | { kind: 'pipeline'; identity: string }
  | { kind: 'system'; name: string };

export const deploymentStates = [
  'requested',
  'awaiting-approval',
  'approved',
  'deploying',
  'preview-ready',
  'promoted',
  'live',
  'rejected',
  'expired',
  'cancelled',
  'failed',
  'rolled-back',
] as const;

export type DeploymentState = (typeof deploymentStates)[number];

/** One person's approval; a request holds at most one per person. */
export interface Approval {
  userRef: EntityRef;
  at: string;
  comment?: string;
  /** The hash of the environment policy the approver saw. */
  policyHash: string;
  /** The event that recorded it, so a replayed event is recognised. */
  eventId: string;
}

/**
 * A lifted gate. `freeze` covers change windows and freezes; `posture` covers the posture gate.
 * Whether `by` holds `deployments.override` is checked by the backend before it is recorded.
 */
export interface Override {
  kind: 'freeze' | 'posture';
  reason: string;
  by: EntityRef;
  at: string;
}

/** Where the deployment lives in the systems that carry it out. */
export interface ProviderReference {
  provider:
    | 'portal'
    | 'github-environment'
    | 'github-protection-rule'
    | 'kubernetes-blue-green'
    | 'argo-rollouts'
    | 'gitops';
  /** The provider's own id: a workflow run id, a deployment id, a rollout name, a commit sha. */
  id: string;
  url?: string;
}

/** One applied event: who did what, when, why, from which state to which, under which policy. */
export interface Decision {
  /** Unique within the request. */
  eventId: string;
  event: DeploymentEventType;
  by: Actor;
  at: string;
  comment?: string;
  policyHash: string;
  from: DeploymentState;
  to: DeploymentState;
}

export interface DeploymentRequest {
  id: string;
  /** The service's catalog entity, e.g. `component:default/payments`. */
  serviceRef: EntityRef;
  /** The target environment's name as configured under `deployments.environments`. */
  environment: string;
  version: DeploymentVersion;
  requester: Requester;
  reason: string;
  state: DeploymentState;
  approvals: Approval[];
  overrides: Override[];
  /** Every applied event, oldest first; never rewritten. */
  decisions: Decision[];
  providerRefs: ProviderReference[];
  createdAt: string;
  updatedAt: string;
  /** Incremented by every transition; a writer names the revision it read (optimistic concurrency). */
  revision: number;
}

export const deploymentEventTypes = [
  'submit',
  'approve',
  'override',
  'policy-met',
  'reject',
  'expire',
  'cancel',
  'start-deploy',
  'preview-ready',
  'promote',
  'live',
  'fail',
  'rollback',
  'retry',
] as const;

export type DeploymentEventType = (typeof deploymentEventTypes)[number];
