import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ApproverCheck,
  DeploymentRequest,
  DeploymentState,
  RuleOutcome,
} from '@sparki/deployments-common';

/** `GET /requests` filters; `waitingForMe`: awaiting approval and the caller may approve now. */
export interface RequestListQuery {
  state?: DeploymentState;
  environment?: string;
  service?: string;
  waitingForMe?: boolean;
  limit?: number;
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
}

/** Client of the deployments backend (`/api/deployments`). */
export interface DeploymentsApi {
  listRequests(query: RequestListQuery): Promise<DeploymentRequest[]>;
  getRequest(id: string): Promise<DeploymentRequestView>;
  approveRequest(
    id: string,
    comment: string | undefined,
  ): Promise<DeploymentRequestView>;
  /** The comment is mandatory: the backend refuses an empty one. */
  rejectRequest(id: string, comment: string): Promise<DeploymentRequestView>;
}

export const deploymentsApiRef = createApiRef<DeploymentsApi>().with({
  id: 'plugin.deployments.api',
  pluginId: 'deployments',
});
