import {
  createDeploymentRequest,
  deploymentTransitions,
  terminalDeploymentStates,
  transition,
  type DeploymentEvent,
} from './stateMachine';
import { carol, dave, erin, requestOf } from './testUtils/fixtures';
import {
  deploymentEventTypes,
  deploymentStates,
  type Actor,
  type DeploymentEventType,
  type DeploymentRequest,
  type DeploymentState,
} from './types';

const now = new Date('2026-03-30T09:00:00.000Z');
const asDave: Actor = { kind: 'user', userRef: dave };
const pipeline: Actor = {
  kind: 'pipeline',
  identity: 'github-actions:payments',
};

/** A well-formed event of each type, by dave unless said otherwise. */
function eventOf(
  type: DeploymentEventType,
  request: DeploymentRequest,
  extra: Record<string, unknown> = {},
): DeploymentEvent {
  const base = {
    id: `${type}-${request.revision}`,
    by: asDave,
    expectedRevision: request.revision,
    policyHash: 'sha256:p',
  };
  const byType: Record<DeploymentEventType, object> = {
    submit: { policySatisfied: false },
    approve: { policySatisfied: false },
    override: {
      kind: 'posture',
      reason: 'scanner outage',
      policySatisfied: false,
    },
    'policy-met': {},
    reject: { comment: 'not during the incident' },
    expire: {},
    cancel: {},
    'start-deploy': {},
    'preview-ready': {},
    promote: {},
    live: {},
    fail: {},
    rollback: { comment: 'error rate up' },
    retry: { comment: 'the metrics provider is back' },
  };
  return { ...base, type, ...byType[type], ...extra } as DeploymentEvent;
}

function applied(
  request: DeploymentRequest,
  event: DeploymentEvent,
): DeploymentRequest {
  const result = transition(request, event, now);
  if (!result.ok) throw new Error(result.error.message);
  return result.request;
}

describe('createDeploymentRequest', () => {
  it('starts requested at revision 0 with nothing decided', () => {
    const request = createDeploymentRequest(
      {
        id: 'req-9',
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'abc1234' },
        requester: {
          kind: 'pipeline',
          identity: 'github-actions:payments',
          commitAuthor: carol,
        },
        reason: 'release',
      },
      now,
    );
    expect(request).toEqual({
      id: 'req-9',
      serviceRef: 'component:default/payments',
      environment: 'prod',
      version: { commitSha: 'abc1234' },
      requester: {
        kind: 'pipeline',
        identity: 'github-actions:payments',
        commitAuthor: carol,
      },
      reason: 'release',
      state: 'requested',
      approvals: [],
      overrides: [],
      decisions: [],
      providerRefs: [],
      createdAt: '2026-03-30T09:00:00.000Z',
      updatedAt: '2026-03-30T09:00:00.000Z',
      revision: 0,
    });
  });
});

describe('transition', () => {
  describe.each(
    deploymentTransitions.map(
      row => [`${row.from} --${row.event}--> ${row.to}`, row] as const,
    ),
  )('%s', (_label, row) => {
    it('is allowed and recorded as a decision', () => {
      const request = requestOf({ state: row.from, revision: 3 });
      const policySatisfied = row.to === 'approved';
      const event = eventOf(row.event, request, { policySatisfied });
      const next = applied(request, event);
      expect(next.state).toBe(row.to);
      expect(next.revision).toBe(4);
      expect(next.updatedAt).toBe(now.toISOString());
      expect(next.decisions).toEqual([
        expect.objectContaining({
          eventId: event.id,
          event: row.event,
          by: asDave,
          at: now.toISOString(),
          policyHash: 'sha256:p',
          from: row.from,
          to: row.to,
        }),
      ]);
    });
  });

  const allowed = new Set(
    deploymentTransitions.map(row => `${row.from}/${row.event}`),
  );
  const illegal = deploymentStates.flatMap(state =>
    deploymentEventTypes
      .filter(type => !allowed.has(`${state}/${type}`))
      .map(type => [state, type] as const),
  );

  it.each(illegal)('refuses %s --%s-->', (state, type) => {
    const request = requestOf({ state });
    expect(transition(request, eventOf(type, request), now)).toEqual({
      ok: false,
      error: {
        kind: 'illegal-transition',
        from: state,
        event: type,
        message: `cannot ${type} a request that is ${state}`,
      },
    });
  });

  it('has terminal states that no event leaves', () => {
    expect(terminalDeploymentStates).toEqual([
      'rejected',
      'expired',
      'cancelled',
      'rolled-back',
    ]);
  });

  it('walks a blue-green prod deploy from request to live and back', () => {
    let request = createDeploymentRequest(
      {
        id: 'r',
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'abc' },
        requester: { kind: 'user', userRef: carol },
        reason: 'release',
      },
      now,
    );
    const steps: [
      DeploymentEventType,
      Record<string, unknown>,
      Actor,
      DeploymentState,
    ][] = [
      ['submit', {}, { kind: 'user', userRef: carol }, 'awaiting-approval'],
      ['approve', {}, asDave, 'awaiting-approval'],
      ['override', {}, asDave, 'awaiting-approval'],
      [
        'approve',
        { policySatisfied: true },
        { kind: 'user', userRef: erin },
        'approved',
      ],
      [
        'start-deploy',
        {
          providerRefs: [
            { provider: 'kubernetes-blue-green', id: 'payments/green' },
          ],
        },
        pipeline,
        'deploying',
      ],
      ['preview-ready', {}, pipeline, 'preview-ready'],
      ['promote', {}, asDave, 'promoted'],
      ['live', {}, { kind: 'system', name: 'health-watch' }, 'live'],
      ['rollback', {}, asDave, 'rolled-back'],
    ];
    for (const [type, extra, by, state] of steps) {
      request = applied(request, eventOf(type, request, { by, ...extra }));
      expect(request.state).toBe(state);
    }
    expect(request.revision).toBe(steps.length);
    expect(request.approvals.map(approval => approval.userRef)).toEqual([
      dave,
      erin,
    ]);
    // The override's reason is also the decision's comment, so the history alone tells why.
    expect(request.decisions[2]).toMatchObject({
      event: 'override',
      comment: 'scanner outage',
    });
    expect(request.overrides).toEqual([
      {
        kind: 'posture',
        reason: 'scanner outage',
        by: dave,
        at: now.toISOString(),
      },
    ]);
    expect(request.providerRefs).toEqual([
      { provider: 'kubernetes-blue-green', id: 'payments/green' },
    ]);
    expect(
      request.decisions.map(decision => `${decision.from}>${decision.to}`),
    ).toEqual([
      'requested>awaiting-approval',
      'awaiting-approval>awaiting-approval',
      'awaiting-approval>awaiting-approval',
      'awaiting-approval>approved',
      'approved>deploying',
      'deploying>preview-ready',
      'preview-ready>promoted',
      'promoted>live',
      'live>rolled-back',
    ]);
  });

  it('goes straight to approved on submit when the policy is already met', () => {
    const request = requestOf({ state: 'requested' });
    expect(
      applied(request, eventOf('submit', request, { policySatisfied: true }))
        .state,
    ).toBe('approved');
  });

  it('does not change the request it was given', () => {
    const request = requestOf();
    const copy = structuredClone(request);
    applied(request, eventOf('approve', request));
    expect(request).toEqual(copy);
  });

  it('records the approval with its comment and the policy hash', () => {
    const request = requestOf();
    const next = applied(
      request,
      eventOf('approve', request, { comment: 'looks good' }),
    );
    expect(next.approvals).toEqual([
      {
        userRef: dave,
        at: now.toISOString(),
        comment: 'looks good',
        policyHash: 'sha256:p',
        eventId: 'approve-1',
      },
    ]);
    expect(next.decisions[0].comment).toBe('looks good');
  });

  describe('replays', () => {
    it('returns the request unchanged when the same event is applied again', () => {
      const request = requestOf();
      const event = eventOf('approve', request);
      const once = applied(request, event);
      const again = transition(
        once,
        event,
        new Date('2026-03-30T10:00:00.000Z'),
      );
      expect(again).toEqual({ ok: true, request: once, replayed: true });
      expect(once.approvals).toHaveLength(1);
    });

    it('recognises a replay even after later transitions', () => {
      const request = requestOf();
      const approval = eventOf('approve', request, { policySatisfied: true });
      const approved = applied(request, approval);
      const deploying = applied(
        approved,
        eventOf('start-deploy', approved, { by: pipeline }),
      );
      expect(transition(deploying, approval, now)).toEqual({
        ok: true,
        request: deploying,
        replayed: true,
      });
    });

    it('refuses a different event under an id already used', () => {
      const request = requestOf();
      const approved = applied(
        request,
        eventOf('approve', request, { id: 'e-1' }),
      );
      expect(
        transition(approved, eventOf('reject', approved, { id: 'e-1' }), now),
      ).toMatchObject({
        ok: false,
        error: { kind: 'event-id-conflict', eventId: 'e-1' },
      });
      expect(
        transition(
          approved,
          eventOf('approve', approved, {
            id: 'e-1',
            by: { kind: 'user', userRef: erin },
          }),
          now,
        ),
      ).toMatchObject({
        ok: false,
        error: { kind: 'event-id-conflict' },
      });
    });
  });

  it('refuses an event written against a stale revision', () => {
    const request = requestOf({ revision: 5 });
    expect(
      transition(
        request,
        eventOf('approve', request, { expectedRevision: 4 }),
        now,
      ),
    ).toEqual({
      ok: false,
      error: {
        kind: 'stale-revision',
        expected: 4,
        actual: 5,
        message:
          'the request changed meanwhile (revision 5, not 4): read it again',
      },
    });
  });

  describe('approvals', () => {
    it('counts one approval per person: a second one by the same person is refused', () => {
      const request = requestOf();
      const once = applied(request, eventOf('approve', request, { id: 'a' }));
      expect(
        transition(once, eventOf('approve', once, { id: 'b' }), now),
      ).toMatchObject({
        ok: false,
        error: { kind: 'duplicate-approval', userRef: dave },
      });
    });

    it('refuses an approval by the requester or the commit author under any policy', () => {
      const byCarol = requestOf({
        requester: { kind: 'user', userRef: carol },
      });
      expect(
        transition(
          byCarol,
          eventOf('approve', byCarol, { by: { kind: 'user', userRef: carol } }),
          now,
        ),
      ).toMatchObject({
        ok: false,
        error: { kind: 'self-approval', userRef: carol },
      });
      const ofErinsCommit = requestOf({
        requester: { kind: 'pipeline', identity: 'ci', commitAuthor: erin },
      });
      expect(
        transition(
          ofErinsCommit,
          eventOf('approve', ofErinsCommit, {
            by: { kind: 'user', userRef: erin },
          }),
          now,
        ),
      ).toMatchObject({
        ok: false,
        error: { kind: 'self-approval', userRef: erin },
      });
    });
  });

  it.each([
    ['approve', { by: pipeline }, 'only a person can approve'],
    [
      'override',
      { by: { kind: 'system', name: 'expiry' } },
      'only a person can override',
    ],
    ['override', { reason: ' ' }, 'an override needs a reason'],
    ['reject', { comment: '' }, 'a rejection needs a comment'],
    ['rollback', { comment: '' }, 'a rollback needs a reason'],
    ['retry', { comment: ' ' }, 'a retry needs a reason'],
    ['approve', { id: '' }, 'the event needs an id'],
  ] as const)('refuses %s with %j: %s', (type, extra, message) => {
    const stateOf: Partial<Record<string, DeploymentRequest['state']>> = {
      rollback: 'live',
      retry: 'failed',
    };
    const request = requestOf({
      state: stateOf[type] ?? 'awaiting-approval',
    });
    expect(transition(request, eventOf(type, request, extra), now)).toEqual({
      ok: false,
      error: { kind: 'invalid-event', message },
    });
  });
});
