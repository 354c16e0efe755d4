import { mockServices } from '@backstage/backend-test-utils';
import {
  createDeploymentRequest,
  DeploymentEvent,
  DeploymentRequest,
  transition,
} from '@sparki/deployments-common';
import {
  approvedChangesCheckId,
  DeployRecordsCheckSource,
  judgeDeployRecords,
  rollbackExercisedCheckId,
} from './DeployRecordsCheckSource';
import { PluginApiClient } from './PluginApiClient';

const now = new Date('2026-12-01T12:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const carol = { kind: 'user' as const, userRef: 'user:default/carol' };
const dave = { kind: 'user' as const, userRef: 'user:default/dave' };
const pipeline = { kind: 'pipeline' as const, identity: 'github-actions' };
const platform = { kind: 'entity' as const, id: 'system:default/sparki' };
const options = {
  prodEnvironments: ['prod'],
  approvedChangesDays: 30,
  rollbackDays: 90,
  platformScopes: [platform],
};

type Step =
  | { type: 'approve'; by?: typeof dave }
  | { type: 'start-deploy' | 'preview-ready' | 'promote' | 'live' }
  | { type: 'rollback'; by?: Parameters<typeof transition>[1]['by'] };

/**
 * A prod request of `service` carol asked for on `day` days ago, driven through `steps` an hour
 * apart by the state machine the deployments backend uses.
 */
function deploy(
  id: string,
  service: string,
  day: number,
  steps: Step[],
): DeploymentRequest {
  let at = daysAgo(day);
  let request = createDeploymentRequest(
    {
      id,
      serviceRef: `component:default/${service}`,
      environment: 'prod',
      version: { commitSha: `${id}abcdef`.slice(0, 7) },
      requester: carol,
      reason: 'release',
    },
    at,
  );
  const apply = (event: Omit<DeploymentEvent, 'expectedRevision'>) => {
    const result = transition(
      request,
      { ...event, expectedRevision: request.revision } as DeploymentEvent,
      at,
    );
    if (!result.ok) throw new Error(result.error.message);
    request = result.request;
    at = new Date(at.getTime() + 3_600_000);
  };
  const policy = { policyHash: 'sha256:prod' };
  const approving = steps.some(s => s.type === 'approve');
  apply({
    type: 'submit',
    id: 'submit',
    by: carol,
    policySatisfied: !approving,
    ...policy,
  } as DeploymentEvent);
  for (const step of steps) {
    if (step.type === 'approve') {
      const by = step.by ?? dave;
      apply({
        type: 'approve',
        id: `approve:${by.userRef}`,
        by,
        policySatisfied: true,
        ...policy,
      } as DeploymentEvent);
    } else if (step.type === 'rollback') {
      apply({
        type: 'rollback',
        id: 'rollback',
        by: step.by ?? dave,
        comment: 'error rate up',
        ...policy,
      } as DeploymentEvent);
    } else {
      apply({
        type: step.type,
        id: step.type,
        by: step.type === 'promote' ? dave : pipeline,
        ...policy,
      } as DeploymentEvent);
    }
  }
  return request;
}

const live: Step[] = [
  { type: 'approve' },
  { type: 'start-deploy' },
  { type: 'live' },
];

/** A client that answers `GET /requests` with these requests, as the deployments backend does. */
function apiAnswering(requests: DeploymentRequest[]) {
  const calls: Array<Record<string, unknown>> = [];
  const api = {
    async get(path: string, query: Record<string, unknown>) {
      expect(path).toBe('/requests');
      calls.push(query);
      return { items: requests };
    },
  } as unknown as PluginApiClient;
  return { api, calls };
}

describe('DeployRecordsCheckSource', () => {
  it('judges each service: approved deploys pass, a rollback that took traffic back passes', async () => {
    const { api, calls } = apiAnswering([
      deploy('a1', 'api', 10, live),
      deploy('a2', 'api', 50, [...live, { type: 'rollback' }]),
      // Rolled back by the health watch after its promotion: automated, counts too.
      deploy('w1', 'web', 5, [
        { type: 'approve' },
        { type: 'start-deploy' },
        { type: 'preview-ready' },
        { type: 'promote' },
        {
          type: 'rollback',
          by: { kind: 'system', name: 'deployments-health-watch' },
        },
      ]),
    ]);
    const report = await new DeployRecordsCheckSource(api, options).collect({
      now,
    });
    expect(calls).toEqual([
      {
        environment: 'prod',
        updatedSince: daysAgo(90).toISOString(),
        limit: 500,
        after: undefined,
      },
    ]);
    const of = (checkId: string, id: string) =>
      report.results.find(r => r.checkId === checkId && r.scope.id === id);
    expect(of(approvedChangesCheckId, 'component:default/api')).toMatchObject({
      state: 'pass',
      population: { applicable: 1, failing: 0 },
      message:
        'all 1 prod deploys in the last 30 days came through approved requests: a1 a1abcde to prod at 2026-11-21T15:00:00.000Z, requested by user:default/carol, approved 2026-11-21T13:00:00.000Z (by user:default/dave; policy sha256:prod)',
    });
    expect(of(rollbackExercisedCheckId, 'component:default/api')).toMatchObject(
      {
        state: 'pass',
        message:
          '1 prod rollbacks in the last 90 days: a2 a2abcde in prod rolled back at 2026-10-12T16:00:00.000Z by user:default/dave: error rate up',
      },
    );
    expect(of(rollbackExercisedCheckId, 'component:default/web')).toMatchObject(
      {
        state: 'pass',
        message: expect.stringContaining(
          'by deployments-health-watch (automated)',
        ),
      },
    );
    expect(of(approvedChangesCheckId, platform.id)).toMatchObject({
      state: 'pass',
      message: 'all 2 pass: component:default/api, component:default/web',
    });
    expect(report.problems).toEqual([]);
    expect(report.snapshots).toEqual([
      expect.objectContaining({
        source: 'deploy',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
  });

  it('fails a deploy without an approved request, and a service with no rollback in the period', async () => {
    const selfApproved = deploy('s1', 'api', 3, live);
    // A record that says carol approved her own request (the policy refuses it; the record is
    // checked anyway), and one that went live without an approval decision.
    selfApproved.approvals = [
      { ...selfApproved.approvals[0], userRef: carol.userRef },
    ];
    const unapproved = deploy('u1', 'api', 2, live);
    unapproved.decisions = unapproved.decisions.filter(
      d => d.to !== 'approved',
    );
    const { api } = apiAnswering([
      selfApproved,
      unapproved,
      deploy('ok', 'api', 1, live),
      // A preview rolled back before it took traffic exercised no prod rollback.
      deploy('p1', 'api', 4, [
        { type: 'approve' },
        { type: 'start-deploy' },
        { type: 'preview-ready' },
        { type: 'rollback' },
      ]),
      // Older than the approved-changes period: only the rollback check sees it.
      deploy('old', 'web', 45, live),
    ]);
    const report = await new DeployRecordsCheckSource(api, options).collect({
      now,
    });
    const of = (checkId: string, id: string) =>
      report.results.find(r => r.checkId === checkId && r.scope.id === id);
    expect(of(approvedChangesCheckId, 'component:default/api')).toMatchObject({
      state: 'fail',
      population: { applicable: 3, failing: 2 },
      message:
        '2 of 3 prod deploys in the last 30 days did not come through a request approved by another person: s1 (approved by its requester or commit author user:default/carol); u1 (went to prod without being approved first)',
    });
    expect(of(rollbackExercisedCheckId, 'component:default/api')).toMatchObject(
      {
        state: 'fail',
        message:
          'no rollback in 90 days: no prod deploy was rolled back after it took traffic (1 rollbacks of previews that never took prod traffic do not count)',
      },
    );
    expect(of(approvedChangesCheckId, 'component:default/web')).toMatchObject({
      state: 'not-applicable',
      message: 'no deploy went to prod in the last 30 days',
    });
    expect(of(rollbackExercisedCheckId, 'component:default/web')).toMatchObject(
      { state: 'fail' },
    );
    expect(of(approvedChangesCheckId, platform.id)).toMatchObject({
      state: 'fail',
      population: { applicable: 1, failing: 1 },
    });

    const source = new DeployRecordsCheckSource(api, {
      ...options,
      now: () => now,
    });
    const credentials = mockServices.auth().getOwnServiceCredentials();
    const page = await source.listResources({
      checkId: approvedChangesCheckId,
      scope: platform,
      limit: 1,
      credentials: await credentials,
    });
    expect(page.items.map(i => [i.name, i.state])).toEqual([['s1', 'fail']]);
    const next = await source.listResources({
      checkId: approvedChangesCheckId,
      scope: { kind: 'entity', id: 'component:default/api' },
      limit: 1,
      cursor: page.nextCursor,
      credentials: await credentials,
    });
    expect(next).toEqual({
      items: [
        expect.objectContaining({
          kind: 'DeploymentRequest',
          name: 'u1',
          ref: { source: 'deploy', id: 'u1' },
        }),
      ],
    });
  });

  it('judges only what went to prod within each period', () => {
    const [service] = judgeDeployRecords(
      [deploy('edge', 'api', 30, live), deploy('late', 'api', 31, live)],
      options,
      now,
    );
    // `edge` went live 3 hours after its request of 30 days ago: inside; `late` a day earlier.
    expect(service.deploys.map(d => d.request.id)).toEqual(['edge']);
    expect(service.deployedInRollbackPeriod).toBe(true);
    const [older] = judgeDeployRecords(
      [deploy('late', 'api', 91, live)],
      options,
      now,
    );
    expect(older).toMatchObject({
      deploys: [],
      deployedInRollbackPeriod: false,
    });
  });

  it('is unknown, never a pass, when the deployments backend cannot be read', async () => {
    const api = new PluginApiClient(
      {
        getBaseUrl: async () => 'http://127.0.0.1:7299/api/deployments',
        getExternalBaseUrl: async () => 'http://127.0.0.1:7299/api/deployments',
      },
      mockServices.auth(),
      'deployments',
    );
    const report = await new DeployRecordsCheckSource(api, options).collect({
      now,
    });
    expect(
      report.results.map(r => [r.checkId, r.scope.id, r.state, r.reason]),
    ).toEqual([
      [approvedChangesCheckId, platform.id, 'unknown', 'error'],
      [rollbackExercisedCheckId, platform.id, 'unknown', 'error'],
    ]);
    expect(report.problems).toEqual([
      { message: expect.stringMatching(/^deployments API not readable: /) },
    ]);
  });
});
