import type {
  DeploymentRequest,
  RolloutAction,
} from '@sparki/deployments-common';
import type {
  DeploymentRequestView,
  DeploymentsApi,
} from '../api/DeploymentsApi';

export function deploymentRequest(
  overrides: Partial<DeploymentRequest> = {},
): DeploymentRequest {
  return {
    id: '6f1c0c3e-8a51-4a43-9d4e-0d6a1f4b2c11',
    serviceRef: 'component:default/payments',
    environment: 'prod',
    version: {
      commitSha: '0123456789abcdef0123456789abcdef01234567',
      tag: 'v1.4.2',
    },
    requester: { kind: 'user', userRef: 'user:default/carol' },
    reason: 'fixes the refund rounding',
    state: 'awaiting-approval',
    approvals: [],
    overrides: [],
    decisions: [],
    providerRefs: [],
    createdAt: '2026-12-02T08:00:00.000Z',
    updatedAt: '2026-12-02T08:00:00.000Z',
    revision: 1,
    ...overrides,
  };
}

export function requestView(
  request: DeploymentRequest,
  evaluation: Partial<DeploymentRequestView['evaluation']> = {},
  rolloutActions: RolloutAction[] = [],
): DeploymentRequestView {
  return {
    request,
    rolloutActions,
    evaluation: {
      policyHash: 'hash-1',
      satisfied: false,
      rules: [
        {
          rule: 'approvals',
          status: 'not-met',
          message: 'needs 1 more approval from release-approvers',
        },
        {
          rule: 'change-window',
          status: 'met',
          message: 'inside the change window Mon–Fri 09:00–17:00 Europe/Paris',
        },
        {
          rule: 'posture-gate',
          status: 'unknown',
          message:
            'no posture snapshot of the target cluster: the gate does not pass',
        },
      ],
      canApprove: { allowed: true, reason: 'dave may approve' },
      ...evaluation,
    },
  };
}

/**
 * An API whose list and reads answer with `views` (the `attention` list with the failed ones, as
 * the backend lists them); decisions resolve with the first view.
 */
export function mockDeploymentsApi(
  views: DeploymentRequestView[],
): jest.Mocked<DeploymentsApi> {
  return {
    listRequests: jest.fn(async query => ({
      items: views
        .map(v => v.request)
        .filter(r => !query.attention || r.state === 'failed'),
    })),
    getRequest: jest.fn(async (id: string) => {
      const view = views.find(v => v.request.id === id);
      if (!view) throw new Error(`no request ${id}`);
      return view;
    }),
    approveRequest: jest.fn().mockResolvedValue(views[0]),
    rejectRequest: jest.fn().mockResolvedValue(views[0]),
    overrideRequest: jest.fn().mockResolvedValue(views[0]),
    getServiceEnvironments: jest.fn().mockResolvedValue({ environments: [] }),
    getHistory: jest.fn().mockResolvedValue({ items: [] }),
    promoteRequest: jest.fn().mockResolvedValue(views[0]),
    rollbackRequest: jest.fn().mockResolvedValue(views[0]),
    createRequest: jest.fn().mockResolvedValue(views[0]),
    cancelRequest: jest.fn().mockResolvedValue(views[0]),
    listGitHubRuns: jest
      .fn()
      .mockResolvedValue({ owner: '', repo: '', runs: [] }),
    reviewGitHubRun: jest.fn(),
    abortRequest: jest.fn().mockResolvedValue(views[0]),
    retryRequest: jest.fn().mockResolvedValue(views[0]),
  };
}
