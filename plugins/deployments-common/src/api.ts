/**
 * Response types of the deployments backend's read routes (openapi.yaml is the contract), shared
 * by the backend that serves them and the frontend that shows them.
 */
import type {
  Actor,
  Decision,
  DeploymentRequest,
  DeploymentState,
  DeploymentVersion,
  EntityRef,
} from './types';

/** A request as listed with its environment: enough to show it, not its whole record. */
export interface DeploymentRequestSummary {
  id: string;
  serviceRef: EntityRef;
  environment: string;
  version: DeploymentVersion;
  requester: DeploymentRequest['requester'];
  reason: string;
  state: DeploymentState;
  /** Who approved so far, in order. */
  approvedBy: EntityRef[];
  createdAt: string;
  updatedAt: string;
}

/**
 * A deploy action a request's state, its history and its environment's rollout allow now (the
 * caller's permission aside: the route checks it): promote a preview, roll back, abort a rollout
 * in progress (Argo Rollouts), retry an aborted one.
 */
export type RolloutAction = 'promote' | 'rollback' | 'abort' | 'retry';

/** What carries the traffic switch of an environment, when a rollout provider reports it. */
export interface RolloutStatus {
  kind: 'kubernetes-blue-green' | 'argo-rollouts' | 'gitops';
  /** The color the live Service selects. */
  activeColor?: 'blue' | 'green';
  /** The idle color, where a new version is previewed. */
  previewColor?: 'blue' | 'green';
  /** The provider's own words about its state, e.g. "Paused" or "Degraded". */
  phase?: string;
}

/** One environment of a service: what runs there since when, and what waits to go there. */
export interface ServiceEnvironment {
  name: string;
  /** Position in the promotion order, 0 first (dev → staging → prod). */
  order: number;
  /** The latest request that reached `live` there and was not rolled back; absent: unknown. */
  live?: { requestId: string; version: DeploymentVersion; since: string };
  /**
   * Without `live`: the latest request rolled back here, so the card can say what was taken
   * off (what serves now came from no request through the portal).
   */
  rolledBack?: {
    requestId: string;
    version: DeploymentVersion;
    at: string;
    by: Actor;
  };
  /** Requests not yet live, failed or decided against (requested … promoted), newest first. */
  pending: DeploymentRequestSummary[];
  rollout?: RolloutStatus;
}

/** `GET /services/{namespace}/{kind}/{name}/environments` */
export interface ServiceEnvironmentsResponse {
  environments: ServiceEnvironment[];
}

/** One decision of the history: who did what to which request, when, under which policy. */
export interface DeploymentHistoryItem extends Decision {
  requestId: string;
  serviceRef: EntityRef;
  environment: string;
  version: DeploymentVersion;
}

/** `GET /history`: newest first; pass `nextBefore` as `before` for the next page. */
export interface DeploymentHistoryResponse {
  items: DeploymentHistoryItem[];
  /** Absent on the last page. */
  nextBefore?: string;
}

/** One environment a GitHub workflow run waits on, as GitHub reports it to the approver. */
export interface GitHubWaitingEnvironment {
  id: number;
  name: string;
  /** GitHub's word on whether this approver may review it (required reviewers). */
  currentUserCanApprove: boolean;
  waitTimerMinutes: number;
  reviewers: string[];
}

/** A workflow run waiting on environments with required reviewers (`GET /github/runs`). */
export interface GitHubWaitingRun {
  owner: string;
  repo: string;
  id: number;
  name?: string;
  url: string;
  headSha: string;
  headBranch?: string;
  actor?: string;
  createdAt: string;
  environments: GitHubWaitingEnvironment[];
  /** True when the approver may review every environment the run waits on. */
  canReview: boolean;
}

/** `GET /github/runs`: the service's repository and its waiting runs. */
export interface GitHubWaitingRunsResponse {
  owner: string;
  repo: string;
  runs: GitHubWaitingRun[];
}

/** `POST /github/runs/{owner}/{repo}/{runId}/review`: what was reviewed, all environments at once. */
export interface GitHubReviewResult {
  outcome: 'approved' | 'rejected';
  owner: string;
  repo: string;
  runId: number;
  environments: string[];
}
