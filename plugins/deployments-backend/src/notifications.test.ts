import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { deploymentsPlugin } from './plugin';
import {
  approverUser,
  asPipeline,
  asUser,
  releaseApprovers,
} from './__testUtils__/catalogEntities';

jest.setTimeout(60_000);

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'release-approvers', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: ['carol', 'dave', 'erin'].map(name => ({
      type: 'hasMember',
      targetRef: `user:default/${name}`,
    })),
  },
  ...['carol', 'dave', 'erin'].map(approverUser),
];

/** Resolves once `count` notifications were sent (they are sent after the response). */
function capture() {
  const sent: NotificationSendOptions[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const factory = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({
      send: async (options: NotificationSendOptions) => {
        sent.push(options);
        waiters.filter(w => sent.length >= w.count).forEach(w => w.resolve());
      },
    }),
  });
  const sentCount = (count: number) =>
    new Promise<void>(resolve => {
      if (sent.length >= count) resolve();
      else waiters.push({ count, resolve });
    });
  return { sent, factory, sentCount };
}

describe('approver notifications', () => {
  it('notifies the approvers when a request starts waiting and after each approval', async () => {
    const { sent, factory, sentCount } = capture();
    const { server } = await startTestBackend({
      features: [
        deploymentsPlugin,
        factory,
        mockServices.rootConfig.factory({
          data: {
            deployments: {
              environments: {
                prod: {
                  approvals: { required: 2, allowedGroups: [releaseApprovers] },
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const created = await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', asUser('carol'))
      .send({
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'abc1234' },
        reason: 'release',
      });
    expect(created.status).toBe(201);
    await sentCount(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['user:default/dave', 'user:default/erin'],
    });
    expect(sent[0].payload).toMatchObject({
      title: 'payments abc1234 to prod waits for your approval',
      link: '/deployments',
    });

    const id = created.body.request.id;
    await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', asUser('dave'))
      .send({});
    await sentCount(2);
    expect(sent[1].recipients).toEqual({
      type: 'entity',
      entityRef: ['user:default/erin'],
    });
    expect(sent[1].payload.scope).toBe(sent[0].payload.scope);

    const approved = await request(server)
      .post(`/api/deployments/requests/${id}/approve`)
      .set('Authorization', asUser('erin'))
      .send({});
    expect(approved.body.request.state).toBe('approved');
    // Nothing waits any more: the next request's notice is the third one sent.
    await request(server)
      .post('/api/deployments/requests')
      .set('Authorization', asUser('dave'))
      .send({
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'def5678' },
        reason: 'next release',
      });
    await sentCount(3);
    expect(sent[2].payload.title).toMatch(/def5678/);
    expect(sent).toHaveLength(3);
  });

  it('tells the requester, the approver and prod approvers once when the pipeline reports a failure', async () => {
    const { sent, factory, sentCount } = capture();
    const { server } = await startTestBackend({
      features: [
        deploymentsPlugin,
        factory,
        mockServices.rootConfig.factory({
          data: {
            deployments: {
              environments: {
                prod: {
                  approvals: { required: 1, allowedGroups: [releaseApprovers] },
                },
              },
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    const pipeline = asPipeline();
    /** A prod request of carol's that dave approved, failed by the pipeline (twice: a replay). */
    const failedDeploy = async (commitSha: string, run: string) => {
      const created = await request(server)
        .post('/api/deployments/requests')
        .set('Authorization', asUser('carol'))
        .send({
          serviceRef: 'component:default/payments',
          environment: 'prod',
          version: { commitSha },
          reason: 'release',
        });
      const id: string = created.body.request.id;
      await request(server)
        .post(`/api/deployments/requests/${id}/approve`)
        .set('Authorization', asUser('dave'))
        .send({});
      for (const type of ['start-deploy', 'fail', 'fail']) {
        const reported = await request(server)
          .post(`/api/deployments/requests/${id}/events`)
          .set('Authorization', pipeline)
          .send({ type, id: run, comment: 'helm upgrade timed out' });
        expect(reported.status).toBe(200);
        expect(reported.body.request.state).toBe(
          type === 'fail' ? 'failed' : 'deploying',
        );
      }
      return id;
    };
    const troubleNotices = () =>
      sent.filter(s => s.payload.topic === 'deployment-trouble');

    const id = await failedDeploy('abc1234', 'run-7');
    // The approvers' notice of the waiting request, then the failure's.
    await sentCount(2);
    expect(troubleNotices()).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: [
            'user:default/carol',
            'user:default/dave',
            'user:default/erin',
          ],
        },
        payload: {
          title: 'payments abc1234 failed in prod',
          description: expect.stringMatching(
            /^helm upgrade timed out \(by pipeline /,
          ),
          link: '/deployments?tab=attention',
          severity: 'high',
          topic: 'deployment-trouble',
          scope: `deployment-request:${id}:report:fail:run-7`,
        },
      },
    ]);

    // The replayed report sent nothing: the next deploy's failure is the second notice.
    await failedDeploy('def5678', 'run-8');
    await sentCount(4);
    expect(troubleNotices().map(s => s.payload.title)).toEqual([
      'payments abc1234 failed in prod',
      'payments def5678 failed in prod',
    ]);
  });
});
