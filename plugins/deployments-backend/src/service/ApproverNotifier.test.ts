import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  createDeploymentRequest,
  DeploymentRequest,
  parseEnvironmentPolicy,
  transition,
} from '@sparki/deployments-common';
import { ApproverNotifier } from './ApproverNotifier';
import { PolicyFactsSource } from './PolicyFactsSource';

const approvers = 'group:default/release-approvers';
const at = new Date('2026-12-02T10:00:00.000Z');

function policyOf(raw: unknown) {
  const parsed = parseEnvironmentPolicy(raw);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.policy;
}

function waiting(
  requester: DeploymentRequest['requester'],
  approvedBy: string[] = [],
): DeploymentRequest {
  let request = createDeploymentRequest(
    {
      id: '6f1c0c3e-8a51-4a43-9d4e-0d6a1f4b2c11',
      serviceRef: 'component:default/payments',
      environment: 'prod',
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      requester,
      reason: 'fixes the refund rounding',
    },
    at,
  );
  const events = [
    {
      type: 'submit' as const,
      id: 'submit',
      by: { kind: 'system' as const, name: 't' },
    },
    ...approvedBy.map(userRef => ({
      type: 'approve' as const,
      id: `approve:${userRef}`,
      by: { kind: 'user' as const, userRef },
    })),
  ];
  for (const event of events) {
    const result = transition(
      request,
      {
        ...event,
        expectedRevision: request.revision,
        policyHash: 'sha256:p',
        policySatisfied: false,
      },
      at,
    );
    if (!result.ok) throw new Error(result.error.message);
    request = result.request;
  }
  return request;
}

/** Facts of the demo: carol, dave and erin approve; frank owns the service. */
const facts: PolicyFactsSource = {
  gather: async (_request, userRefs) => ({
    owningGroupRef: 'group:default/payments-team',
    owningGroupMembers: ['user:default/frank'],
    userGroups: Object.fromEntries(
      userRefs.map(ref => [
        ref,
        ref === 'user:default/frank'
          ? ['group:default/payments-team']
          : [approvers],
      ]),
    ),
  }),
};

function setup(raw: unknown) {
  const sent: NotificationSendOptions[] = [];
  const logger = mockServices.logger.mock();
  const membersOf = jest.fn(async (groups: string[]) =>
    groups.includes(approvers)
      ? ['user:default/carol', 'user:default/dave', 'user:default/erin']
      : [],
  );
  const notifier = new ApproverNotifier({
    notifications: {
      send: async options => {
        sent.push(options);
      },
    },
    policies: { prod: policyOf(raw) },
    facts,
    membersOf,
    logger,
    now: () => at,
  });
  return { notifier, sent, logger, membersOf };
}

const twoApprovals = {
  approvals: {
    required: 2,
    allowedGroups: [approvers],
    allowedUsers: ['user:default/frank'],
  },
  separationOfDuties: true,
};

describe('ApproverNotifier', () => {
  it('notifies who could approve: not the requester, not the commit author, not the owners', async () => {
    const { notifier, sent, membersOf } = setup(twoApprovals);
    await notifier.requestWaiting(
      waiting({
        kind: 'pipeline',
        identity: 'github-actions',
        commitAuthor: 'user:default/carol',
      }),
    );
    expect(membersOf).toHaveBeenCalledWith([approvers]);
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['user:default/dave', 'user:default/erin'],
        },
        payload: {
          title: 'payments v1.4.0 to prod waits for your approval',
          description:
            'Requested by pipeline github-actions ("fixes the refund rounding"). No approval yet.',
          link: '/deployments',
          topic: 'deployment-approval',
          scope: 'deployment-request:6f1c0c3e-8a51-4a43-9d4e-0d6a1f4b2c11',
        },
      },
    ]);
  });

  it('after an approval, tells the others (same scope) and not the one who approved', async () => {
    const { notifier, sent } = setup(twoApprovals);
    await notifier.requestWaiting(
      waiting({ kind: 'user', userRef: 'user:default/carol' }, [
        'user:default/dave',
      ]),
    );
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['user:default/erin'],
    });
    expect(sent[0].payload.description).toBe(
      'Requested by carol ("fixes the refund rounding"). Approved so far by dave.',
    );
  });

  it('sends nothing when nobody could approve, or the request does not wait', async () => {
    const nobody = setup({
      approvals: { required: 1, allowedUsers: ['user:default/carol'] },
    });
    await nobody.notifier.requestWaiting(
      waiting({ kind: 'user', userRef: 'user:default/carol' }),
    );
    expect(nobody.sent).toEqual([]);

    const { notifier, sent } = setup(twoApprovals);
    const request = waiting({ kind: 'user', userRef: 'user:default/carol' });
    await notifier.requestWaiting({ ...request, state: 'approved' });
    await notifier.requestWaiting({ ...request, environment: 'qa' });
    expect(sent).toEqual([]);
  });

  it('logs a failed send instead of failing the request', async () => {
    const logger = mockServices.logger.mock();
    const notifier = new ApproverNotifier({
      notifications: {
        send: async () => {
          throw new Error('notifications backend down');
        },
      },
      policies: { prod: policyOf(twoApprovals) },
      facts,
      membersOf: async () => ['user:default/dave'],
      logger,
    });
    await expect(
      notifier.requestWaiting(
        waiting({ kind: 'user', userRef: 'user:default/carol' }),
      ),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/notifications backend down/),
    );
  });
});
