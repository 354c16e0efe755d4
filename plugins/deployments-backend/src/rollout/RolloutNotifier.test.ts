import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  Actor,
  createDeploymentRequest,
  DeploymentEvent,
  DeploymentRequest,
  parseEnvironmentPolicy,
  transition,
} from '@sparki/deployments-common';
import { RolloutNotifier } from './RolloutNotifier';

const approvers = 'group:default/release-approvers';
const at = new Date('2026-12-02T10:00:00.000Z');
const id = '6f1c0c3e-8a51-4a43-9d4e-0d6a1f4b2c11';
const carol: Actor = { kind: 'user', userRef: 'user:default/carol' };
const dave: Actor = { kind: 'user', userRef: 'user:default/dave' };
const pipeline: Actor = { kind: 'pipeline', identity: 'github-actions' };
const watcher: Actor = { kind: 'system', name: 'deployments-health-watch' };

const policy = (() => {
  const parsed = parseEnvironmentPolicy({
    approvals: {
      required: 1,
      allowedGroups: [approvers],
      allowedUsers: ['user:default/frank'],
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.policy;
})();

type Step = Pick<DeploymentEvent, 'type' | 'id' | 'by' | 'comment'>;

/** Carol's request, approved by dave, deployed by the pipeline, then `steps`. */
function requestIn(environment: string, steps: Step[]): DeploymentRequest {
  let request = createDeploymentRequest(
    {
      id,
      serviceRef: 'component:default/payments',
      environment,
      version: { commitSha: 'abc1234', tag: 'v1.4.0' },
      requester: { kind: 'user', userRef: 'user:default/carol' },
      reason: 'fixes the refund rounding',
    },
    at,
  );
  const events: Step[] = [
    { type: 'submit', id: 'submit', by: carol },
    { type: 'approve', id: 'approve:dave', by: dave },
    { type: 'start-deploy', id: 'report:start-deploy:run-1', by: pipeline },
    ...steps,
  ];
  for (const event of events) {
    const result = transition(
      request,
      {
        ...event,
        expectedRevision: request.revision,
        policyHash: 'sha256:p',
        policySatisfied: event.type === 'approve',
        ...(event.type === 'start-deploy' ? { providerRefs: [] } : {}),
      } as DeploymentEvent,
      at,
    );
    if (!result.ok) throw new Error(result.error.message);
    request = result.request;
  }
  return request;
}

const failedByPipeline: Step = {
  type: 'fail',
  id: 'report:fail:run-1',
  by: pipeline,
  comment: 'helm upgrade timed out',
};

function setup() {
  const sent: NotificationSendOptions[] = [];
  const logger = mockServices.logger.mock();
  const membersOf = jest.fn(async (groups: string[]) =>
    groups.includes(approvers)
      ? ['user:default/dave', 'user:default/erin']
      : [],
  );
  const notifier = new RolloutNotifier({
    notifications: {
      send: async options => {
        sent.push(options);
      },
    },
    policies: { prod: policy, staging: policy },
    membersOf,
    logger,
  });
  return { notifier, sent, logger, membersOf };
}

describe('RolloutNotifier', () => {
  it('tells the requester, the approvers of the request and prod approvers of a failed deploy', async () => {
    const { notifier, sent, membersOf } = setup();
    await notifier.transitioned(requestIn('prod', [failedByPipeline]));
    expect(membersOf).toHaveBeenCalledWith([approvers]);
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [
            'user:default/carol',
            'user:default/dave',
            'user:default/frank',
            'user:default/erin',
          ],
        },
        payload: {
          title: 'payments v1.4.0 failed in prod',
          description:
            'helm upgrade timed out (by pipeline github-actions; request "fixes the refund rounding")',
          link: '/deployments?tab=attention',
          severity: 'high',
          topic: 'deployment-trouble',
          // The transition's event id: a second notice of it replaces the first.
          scope: `deployment-request:${id}:report:fail:run-1`,
        },
      },
    ]);
  });

  it('outside prod tells only the requester and the approvers, never the one who aborted', async () => {
    const { notifier, sent, membersOf } = setup();
    await notifier.transitioned(
      requestIn('staging', [
        { type: 'fail', id: 'abort', by: dave, comment: 'aborted: errors up' },
      ]),
    );
    expect(membersOf).not.toHaveBeenCalled();
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['user:default/carol'],
    });
    expect(sent[0].payload).toMatchObject({
      title: 'payments v1.4.0 failed in staging',
      description:
        'aborted: errors up (by dave; request "fixes the refund rounding")',
      scope: `deployment-request:${id}:abort`,
    });
  });

  it("tells of the health watch's automated rollback, not of a person's rollback", async () => {
    const promoted: Step[] = [
      { type: 'preview-ready', id: 'report:preview-ready:run-1', by: pipeline },
      { type: 'promote', id: 'promote', by: carol },
    ];
    const { notifier, sent } = setup();
    await notifier.transitioned(
      requestIn('prod', [
        ...promoted,
        {
          type: 'rollback',
          id: 'rollback',
          by: watcher,
          comment:
            'automated rollback: green failed its health check: HTTP 503',
        },
      ]),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({
      title: 'payments v1.4.0 was rolled back automatically in prod',
      description:
        'automated rollback: green failed its health check: HTTP 503 (by deployments-health-watch; request "fixes the refund rounding")',
      link: '/deployments?tab=all&state=rolled-back',
      scope: `deployment-request:${id}:rollback`,
    });

    await notifier.transitioned(
      requestIn('prod', [
        ...promoted,
        { type: 'rollback', id: 'rollback', by: dave, comment: 'errors up' },
      ]),
    );
    await notifier.transitioned(requestIn('prod', promoted));
    expect(sent).toHaveLength(1);
  });

  it('tells the same people that a deploy is stuck, scoped to its revision', async () => {
    const { notifier, sent } = setup();
    const deploying = requestIn('prod', []);
    await notifier.stuck(deploying, 60);
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [
            'user:default/carol',
            'user:default/dave',
            'user:default/frank',
            'user:default/erin',
          ],
        },
        payload: {
          title: 'payments v1.4.0 is stuck deploying in prod',
          description:
            'Nothing has changed since 2026-12-02T10:00:00.000Z, more than 60 minutes (request "fixes the refund rounding").',
          link: '/deployments?tab=attention',
          severity: 'high',
          topic: 'deployment-trouble',
          scope: `deployment-request:${id}:stuck:${deploying.revision}`,
        },
      },
    ]);
  });

  it('logs a failed send instead of failing the transition', async () => {
    const logger = mockServices.logger.mock();
    const notifier = new RolloutNotifier({
      notifications: {
        send: async () => {
          throw new Error('notifications backend down');
        },
      },
      policies: { prod: policy },
      membersOf: async () => [],
      logger,
    });
    await expect(
      notifier.transitioned(requestIn('prod', [failedByPipeline])),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/notifications backend down/),
    );
  });
});
