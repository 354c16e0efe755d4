import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ApproverCheck,
  DeploymentHistoryResponse,
  DeploymentRequest,
  DeploymentState,
  DeploymentVersion,
  GitHubReviewResult,
  GitHubWaitingRunsResponse,
  RolloutAction,
  RuleOutcome,
  ServiceEnvironmentsResponse,
} from '@sparki/deployments-common';

/** `GET /requests` filters; `waitingForMe`: awaiting approval and the caller may approve now. */
export interface RequestListQuery {
  state?: DeploymentState;
  environment?: string;
  service?: string;
  waitingForMe?: boolean;
  /** Failed requests and deploys stuck on their way (not with `state` or `waitingForMe`). */
  attention?: boolean;
  limit?: number;
  /** The `nextAfter` of the previous page. */
  after?: string;
}

/** One page of `GET /requests`, newest first. */
export interface RequestListPage {
  items: DeploymentRequest[];
  /** Absent on the last page. */
  nextAfter?: string;
}

/** A request with its policy evaluation as the backend serves it (`RequestView` in openapi.yaml). */
export interface DeploymentRequestView {
  request: DeploymentRequest;
  evaluation: {
    policyHash: string;
    satisfied: boolean;
    rules: RuleOutcome[];
    /** Whether the signed-in person may approve now, and why not. */
    canApprove?: ApproverCheck;
  };
  /** What promote, rollback, abort and retry accept now; the permissions are checked apart. */
  rolloutActions: RolloutAction[];
}

/** `POST /requests` from the portal: the signed-in person is the requester. */
export interface NewDeploymentRequest {
  serviceRef: string;
  environment: string;
  version: DeploymentVersion;
  reason: string;
}

/** An approval or rejection of every environment a GitHub workflow run waits on. */
export interface GitHubRunReview {
  owner: string;
  repo: string;
  runId: number;
  state: 'approved' | 'rejected';
  /** Mandatory when rejecting. */
  comment?: string;
}

/** `freeze` lifts change windows and freezes, `posture` the posture gate. */
export type OverrideKind = 'freeze' | 'posture';

/** `GET /history` filters; `before` is the `nextBefore` of the previous page. */
export interface HistoryQuery {
  serviceRef?: string;
  environment?: string;
  limit?: number;
  before?: string;
}

/** A catalog entity as the backend's `/services/{namespace}/{kind}/{name}` routes name it. */
export interface ServiceName {
  namespace: string;
  kind: string;
  name: string;
}

/** Client of the deployments backend (`/api/deployments`). */
export interface DeploymentsApi {
  listRequests(query: RequestListQuery): Promise<RequestListPage>;
  getRequest(id: string): Promise<DeploymentRequestView>;
  approveRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView>;
  /** The comment is mandatory: the backend refuses an empty one. */
  rejectRequest(id: string, comment: string): Promise<DeploymentRequestView>;
  /** Lifts a gate (`deployments.override`); the reason is mandatory and kept forever. */
  overrideRequest(
    id: string,
    kind: OverrideKind,
    reason: string,
  ): Promise<DeploymentRequestView>;
  /** What runs where: the service's environments in promotion order. */
  getServiceEnvironments(
    service: ServiceName,
  ): Promise<ServiceEnvironmentsResponse>;
  /** Decisions, newest first. */
  getHistory(query: HistoryQuery): Promise<DeploymentHistoryResponse>;
  /** Switches traffic to the previewed version (`deployments.promote`). */
  promoteRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView>;
  /** Asks for a deploy (`deployments.request`); the policy is evaluated at once. */
  createRequest(input: NewDeploymentRequest): Promise<DeploymentRequestView>;
  /**
   * Withdraws a request not yet deploying (`deployments.request`; someone else's also needs
   * `deployments.approve`).
   */
  cancelRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView>;
  /** Switches back; the reason is mandatory (`deployments.rollback`). */
  rollbackRequest(id: string, reason: string): Promise<DeploymentRequestView>;
  /**
   * Workflow runs of the service's repository waiting on GitHub environments, as GitHub shows
   * them to the holder of `githubToken` (the approver's own, sent with this request only).
   */
  listGitHubRuns(
    serviceRef: string,
    githubToken: string,
  ): Promise<GitHubWaitingRunsResponse>;
  /** Reviews every environment the run waits on, with the approver's own GitHub token. */
  reviewGitHubRun(
    review: GitHubRunReview,
    githubToken: string,
  ): Promise<GitHubReviewResult>;
  /** Stops a rollout in progress, the request becomes failed; reason mandatory (`deployments.rollback`). */
  abortRequest(id: string, reason: string): Promise<DeploymentRequestView>;
  /** Tries an aborted rollout again, back to deploying; reason mandatory (`deployments.promote`). */
  retryRequest(id: string, reason: string): Promise<DeploymentRequestView>;
}

export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments.api',
  pluginId: 'deployments',
});
