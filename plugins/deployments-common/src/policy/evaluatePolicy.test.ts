import {
  approvalBy,
  carol,
  dave,
  erin,
  factsOf,
  frank,
  policyOf,
  releaseApprovers,
  requestOf,
  security,
} from '../testUtils/fixtures';
import type { Override } from '../types';
import { evaluatePolicy } from './evaluatePolicy';
import { policyHash } from './policyHash';
import type {
  ApprovalsOutcome,
  PolicyFacts,
  PolicyInput,
  RuleOutcome,
} from './types';

const twoReleaseApprovers = {
  approvals: { required: 2, allowedGroups: [releaseApprovers] },
};

function evaluate(
  input: Partial<Omit<PolicyInput, 'facts'>> & {
    facts?: Partial<PolicyFacts>;
  } = {},
) {
  return evaluatePolicy({
    policy: input.policy ?? policyOf(twoReleaseApprovers),
    request: input.request ?? requestOf(),
    approverCandidates: input.approverCandidates,
    facts: factsOf(input.facts),
  });
}

function rule(
  evaluation: ReturnType<typeof evaluate>,
  id: RuleOutcome['rule'],
): RuleOutcome {
  const found = evaluation.rules.find(outcome => outcome.rule === id);
  if (!found) throw new Error(`no ${id} outcome`);
  return found;
}

function approvals(evaluation: ReturnType<typeof evaluate>): ApprovalsOutcome {
  return rule(evaluation, 'approvals') as ApprovalsOutcome;
}

const override = (
  kind: Override['kind'],
  reason = 'hotfix for INC-42',
): Override => ({
  kind,
  reason,
  by: dave,
  at: '2026-03-30T08:45:00.000Z',
});

describe('approvals', () => {
  it('needs the configured number of approvals', () => {
    const evaluation = evaluate({
      request: requestOf({ approvals: [approvalBy(dave)] }),
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'not-met',
      message: 'needs 1 more approval from release-approvers (1 of 2: dave)',
      counted: [dave],
      missingApprovals: 1,
    });
    expect(evaluation.satisfied).toBe(false);
  });

  it('is met with enough approvals from allowed approvers', () => {
    const evaluation = evaluate({
      request: requestOf({ approvals: [approvalBy(dave), approvalBy(erin)] }),
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'met',
      message: 'approved (2 of 2: dave, erin)',
    });
    expect(evaluation.satisfied).toBe(true);
  });

  it('counts one approval per person, however often it is recorded', () => {
    const evaluation = evaluate({
      request: requestOf({
        approvals: [
          approvalBy(dave),
          approvalBy(dave, '2026-03-30T08:40:00.000Z'),
        ],
      }),
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'not-met',
      counted: [dave],
      missingApprovals: 1,
    });
  });

  it('says "no approval needed" when none is required', () => {
    const evaluation = evaluate({
      policy: policyOf({ approvals: { required: 0 } }),
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'met',
      message: 'no approval needed',
    });
  });

  it('does not count the requester, and says why', () => {
    const evaluation = evaluate({
      request: requestOf({ approvals: [approvalBy(carol), approvalBy(dave)] }),
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'not-met',
      counted: [dave],
      notCounted: [
        {
          userRef: carol,
          reason: 'carol requested it, so carol cannot approve',
        },
      ],
    });
  });

  it('does not count the commit author of a pipeline request', () => {
    const evaluation = evaluate({
      request: requestOf({
        requester: {
          kind: 'pipeline',
          identity: 'github-actions:payments',
          commitAuthor: erin,
        },
        approvals: [approvalBy(erin), approvalBy(dave)],
      }),
    });
    expect(approvals(evaluation)).toMatchObject({
      counted: [dave],
      notCounted: [
        {
          userRef: erin,
          reason: 'erin wrote the commit, so erin cannot approve',
        },
      ],
    });
  });

  it('does not count members of the owning group under separation of duties', () => {
    const request = requestOf({
      approvals: [approvalBy(frank), approvalBy(dave)],
    });
    const withSoD = evaluate({
      policy: policyOf({ ...twoReleaseApprovers, separationOfDuties: true }),
      request,
    });
    expect(approvals(withSoD)).toMatchObject({
      counted: [dave],
      notCounted: [
        {
          userRef: frank,
          reason:
            'frank is a member of payments-team, which owns the service, so frank cannot approve (separation of duties)',
        },
      ],
    });
    expect(approvals(evaluate({ request }))).toMatchObject({
      status: 'met',
      counted: [frank, dave],
    });
  });

  it('does not count people outside the allowed groups and users', () => {
    const outsider = 'user:default/oscar';
    const evaluation = evaluate({
      policy: policyOf({
        approvals: {
          required: 1,
          allowedGroups: [releaseApprovers],
          allowedUsers: ['user:default/breakglass'],
        },
      }),
      request: requestOf({ approvals: [approvalBy(outsider)] }),
    });
    expect(approvals(evaluation).notCounted).toEqual([
      {
        userRef: outsider,
        reason:
          'oscar is not in release-approvers nor one of breakglass, so oscar cannot approve',
      },
    ]);
    expect(approvals(evaluation).message).toBe(
      'needs 1 more approval from release-approvers or breakglass (0 of 1)',
    );
  });

  it('counts an allowed user who is in no allowed group', () => {
    const evaluation = evaluate({
      policy: policyOf({
        approvals: { required: 1, allowedUsers: ['user:default/oscar'] },
      }),
      request: requestOf({ approvals: [approvalBy('user:default/oscar')] }),
    });
    expect(approvals(evaluation).status).toBe('met');
  });

  it('needs one approval from each required group, on top of the count', () => {
    const policy = policyOf({
      approvals: {
        required: 2,
        allowedGroups: [releaseApprovers],
        requiredGroups: [security],
      },
    });
    const withoutSecurity = evaluate({
      policy,
      request: requestOf({ approvals: [approvalBy(dave), approvalBy(frank)] }),
    });
    expect(approvals(withoutSecurity)).toMatchObject({
      status: 'not-met',
      message:
        'needs an approval from a member of security (2 of 2: dave, frank)',
      missingApprovals: 0,
      missingGroups: [security],
    });
    const withSecurity = evaluate({
      policy,
      request: requestOf({ approvals: [approvalBy(dave), approvalBy(erin)] }),
    });
    expect(approvals(withSecurity)).toMatchObject({
      status: 'met',
      missingGroups: [],
    });
  });

  it('lets members of a required group approve even when it is not an allowed group', () => {
    const securityOnly = 'user:default/sam';
    const evaluation = evaluate({
      policy: policyOf({
        approvals: {
          required: 1,
          allowedGroups: [releaseApprovers],
          requiredGroups: [security],
        },
      }),
      request: requestOf({ approvals: [approvalBy(securityOnly)] }),
      facts: { userGroups: { [securityOnly]: [security] } },
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'met',
      counted: [securityOnly],
    });
  });

  it('does not count a self-approval towards a required group either', () => {
    const evaluation = evaluate({
      policy: policyOf({
        approvals: {
          required: 1,
          allowedGroups: [releaseApprovers],
          requiredGroups: [security],
        },
      }),
      request: requestOf({
        requester: { kind: 'user', userRef: erin },
        approvals: [approvalBy(erin), approvalBy(dave)],
      }),
    });
    expect(approvals(evaluation)).toMatchObject({
      status: 'not-met',
      missingGroups: [security],
    });
  });

  it('stops counting approvals older than expiry.approvalsHours', () => {
    const policy = policyOf({
      ...twoReleaseApprovers,
      expiry: { approvalsHours: 2 },
    });
    const request = requestOf({
      approvals: [
        approvalBy(dave, '2026-03-30T06:00:00.000Z'),
        approvalBy(erin, '2026-03-30T08:00:00.000Z'),
      ],
    });
    const evaluation = evaluate({ policy, request });
    expect(approvals(evaluation)).toMatchObject({
      status: 'not-met',
      counted: [erin],
      notCounted: [
        {
          userRef: dave,
          reason: "dave's approval expired at 2026-03-30T08:00:00.000Z",
        },
      ],
    });
    const earlier = evaluate({
      policy,
      request,
      facts: { now: new Date('2026-03-30T07:59:59.000Z') },
    });
    expect(approvals(earlier).status).toBe('met');
  });
});

describe('canApprove', () => {
  it('looks group membership up by own keys only, never on the prototype', () => {
    const evaluation = evaluate({
      policy: policyOf({
        approvals: {
          required: 1,
          allowedGroups: [releaseApprovers],
          requiredGroups: [security],
        },
      }),
      request: requestOf({ approvals: [approvalBy('constructor')] }),
    });
    expect(evaluation.canApprove('toString')).toMatchObject({
      refusal: 'not-allowed',
    });
    expect(approvals(evaluation)).toMatchObject({
      counted: [],
      missingGroups: [security],
    });
  });

  const policy = policyOf({ ...twoReleaseApprovers, separationOfDuties: true });

  it.each([
    [carol, 'requester', 'carol requested it, so carol cannot approve'],
    [
      frank,
      'separation-of-duties',
      'frank is a member of payments-team, which owns the service, so frank cannot approve (separation of duties)',
    ],
    [
      'user:default/oscar',
      'not-allowed',
      'oscar is not in release-approvers, so oscar cannot approve',
    ],
  ])('refuses %s (%s)', (userRef, refusal, reason) => {
    expect(evaluate({ policy }).canApprove(userRef)).toEqual({
      allowed: false,
      refusal,
      reason,
    });
  });

  it('refuses the commit author', () => {
    const request = requestOf({
      requester: { kind: 'pipeline', identity: 'ci', commitAuthor: dave },
    });
    expect(evaluate({ policy, request }).canApprove(dave)).toMatchObject({
      refusal: 'commit-author',
    });
  });

  it('refuses whoever has already approved', () => {
    const request = requestOf({ approvals: [approvalBy(dave)] });
    expect(evaluate({ policy, request }).canApprove(dave)).toEqual({
      allowed: false,
      refusal: 'already-approved',
      reason: 'dave has already approved',
    });
  });

  it('refuses when the request is not awaiting approval', () => {
    const request = requestOf({ state: 'approved' });
    expect(evaluate({ policy, request }).canApprove(dave)).toEqual({
      allowed: false,
      refusal: 'not-awaiting-approval',
      reason: 'the request is approved, not awaiting approval',
    });
  });

  it('allows an eligible approver and lists the candidates', () => {
    const evaluation = evaluate({ policy, approverCandidates: [dave, carol] });
    expect(evaluation.canApprove(dave)).toEqual({
      allowed: true,
      reason: 'dave may approve',
    });
    expect(evaluation.approvers).toEqual([
      { userRef: dave, allowed: true, reason: 'dave may approve' },
      {
        userRef: carol,
        allowed: false,
        refusal: 'requester',
        reason: 'carol requested it, so carol cannot approve',
      },
    ]);
  });
});

describe('change windows', () => {
  const policy = policyOf({
    approvals: { required: 0 },
    changeWindows: [
      {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        from: '09:00',
        to: '17:00',
        timeZone: 'Europe/Berlin',
      },
    ],
  });

  it("is met inside the window, in the window's time zone", () => {
    // 07:30Z on Monday 2026-03-30 is 09:30 CEST.
    const evaluation = evaluate({
      policy,
      facts: { now: new Date('2026-03-30T07:30:00Z') },
    });
    expect(rule(evaluation, 'change-window')).toEqual({
      rule: 'change-window',
      status: 'met',
      message: 'inside the change window Mon–Fri 09:00–17:00 Europe/Berlin',
    });
    expect(evaluation.satisfied).toBe(true);
  });

  it('needs an override outside the window', () => {
    // 07:30Z on Friday 2026-03-27 is 08:30 CET: before the window opens, DST not yet in force.
    const evaluation = evaluate({
      policy,
      facts: { now: new Date('2026-03-27T07:30:00Z') },
    });
    expect(rule(evaluation, 'change-window')).toEqual({
      rule: 'change-window',
      status: 'not-met',
      message:
        'outside the change window Mon–Fri 09:00–17:00 Europe/Berlin; an override is needed',
    });
    expect(evaluation.satisfied).toBe(false);
  });

  it('honours a freeze override with a reason outside the window', () => {
    const evaluation = evaluate({
      policy,
      request: requestOf({ overrides: [override('freeze')] }),
      facts: { now: new Date('2026-03-28T12:00:00Z') },
    });
    expect(rule(evaluation, 'change-window')).toMatchObject({
      status: 'met',
      message:
        'outside the change window Mon–Fri 09:00–17:00 Europe/Berlin; overridden by dave: hotfix for INC-42',
      override: override('freeze'),
    });
  });

  it('does not take a posture override for a window', () => {
    const evaluation = evaluate({
      policy,
      request: requestOf({ overrides: [override('posture')] }),
      facts: { now: new Date('2026-03-28T12:00:00Z') },
    });
    expect(rule(evaluation, 'change-window').status).toBe('not-met');
  });
});

describe('freezes', () => {
  const policy = policyOf({
    approvals: { required: 0 },
    freezes: [
      {
        from: '2026-12-20T00:00:00+01:00',
        to: '2027-01-04T00:00:00+01:00',
        reason: 'year-end freeze',
      },
    ],
  });
  const during = new Date('2026-12-24T10:00:00Z');

  it('is met outside the freeze, to being exclusive', () => {
    expect(rule(evaluate({ policy }), 'freeze')).toMatchObject({
      status: 'met',
      message: 'no freeze in force',
    });
    const atEnd = evaluate({
      policy,
      facts: { now: new Date('2027-01-03T23:00:00Z') },
    });
    expect(rule(atEnd, 'freeze').status).toBe('met');
  });

  it('holds deploys during the freeze, from being inclusive', () => {
    const atStart = evaluate({
      policy,
      facts: { now: new Date('2026-12-19T23:00:00Z') },
    });
    expect(rule(atStart, 'freeze')).toEqual({
      rule: 'freeze',
      status: 'not-met',
      message:
        'frozen until 2027-01-03T23:00:00.000Z: year-end freeze; an override is needed',
    });
    expect(atStart.satisfied).toBe(false);
  });

  it('honours a freeze override with a reason', () => {
    const evaluation = evaluate({
      policy,
      request: requestOf({ overrides: [override('freeze')] }),
      facts: { now: during },
    });
    expect(rule(evaluation, 'freeze')).toMatchObject({
      status: 'met',
      override: override('freeze'),
    });
    expect(evaluation.satisfied).toBe(true);
  });

  it('ignores an override without a reason', () => {
    const evaluation = evaluate({
      policy,
      request: requestOf({ overrides: [override('freeze', '  ')] }),
      facts: { now: during },
    });
    expect(rule(evaluation, 'freeze').status).toBe('not-met');
  });
});

describe('posture gate', () => {
  const policy = policyOf({
    approvals: { required: 0 },
    postureGate: { minScore: 80, maxAgeHours: 24 },
  });
  const fresh = {
    score: 91,
    failingCriticalControls: [],
    takenAt: '2026-03-30T07:00:00.000Z',
    partial: false,
  };

  it('passes a fresh, good snapshot', () => {
    const evaluation = evaluate({ policy, facts: { postureSnapshot: fresh } });
    expect(rule(evaluation, 'posture-gate')).toEqual({
      rule: 'posture-gate',
      status: 'met',
      message:
        'posture score 91 ≥ 80, no failing critical control, snapshot 2 hours old',
    });
    expect(evaluation.satisfied).toBe(true);
  });

  it.each([
    [
      'missing',
      undefined,
      'unknown',
      'no posture snapshot of the target cluster: the gate does not pass',
    ],
    [
      'partial',
      { ...fresh, partial: true },
      'unknown',
      'posture data is partial: the gate does not pass',
    ],
    [
      'unscored',
      { ...fresh, score: null },
      'unknown',
      'the posture score is unknown (no control could be scored): the gate does not pass',
    ],
    [
      'stale',
      { ...fresh, takenAt: '2026-03-29T06:30:00.000Z' },
      'not-met',
      'the latest posture snapshot is 26.5 hours old (at most 24 hours)',
    ],
    [
      'below the threshold',
      { ...fresh, score: 79.5 },
      'not-met',
      'posture score 79.5 is below 80',
    ],
    [
      'failing critical',
      {
        ...fresh,
        failingCriticalControls: ['pss-privileged', 'rbac-cluster-admin'],
      },
      'not-met',
      'critical controls fail: pss-privileged, rbac-cluster-admin',
    ],
    [
      'several failures',
      { ...fresh, score: 50, failingCriticalControls: ['pss-privileged'] },
      'not-met',
      'posture score 50 is below 80; critical controls fail: pss-privileged',
    ],
  ])(
    'does not pass a %s snapshot',
    (_label, postureSnapshot, status, message) => {
      const evaluation = evaluate({ policy, facts: { postureSnapshot } });
      expect(rule(evaluation, 'posture-gate')).toEqual({
        rule: 'posture-gate',
        status,
        message,
      });
      expect(evaluation.satisfied).toBe(false);
    },
  );

  it('passes an exactly maxAgeHours old snapshot', () => {
    const evaluation = evaluate({
      policy,
      facts: {
        postureSnapshot: { ...fresh, takenAt: '2026-03-29T09:00:00.000Z' },
      },
    });
    expect(rule(evaluation, 'posture-gate').status).toBe('met');
  });

  it('lets failing critical controls through when the policy does not forbid them', () => {
    const lenient = policyOf({
      approvals: { required: 0 },
      postureGate: { minScore: 80, maxAgeHours: 24, noFailingCritical: false },
    });
    const evaluation = evaluate({
      policy: lenient,
      facts: {
        postureSnapshot: {
          ...fresh,
          failingCriticalControls: ['pss-privileged'],
        },
      },
    });
    expect(rule(evaluation, 'posture-gate')).toMatchObject({
      status: 'met',
      message: 'posture score 91 ≥ 80, snapshot 2 hours old',
    });
  });

  it('honours a posture override with a reason, even on missing data, and says what it lifted', () => {
    const evaluation = evaluate({
      policy,
      request: requestOf({ overrides: [override('posture')] }),
    });
    expect(rule(evaluation, 'posture-gate')).toEqual({
      rule: 'posture-gate',
      status: 'met',
      message:
        'no posture snapshot of the target cluster: the gate does not pass; overridden by dave: hotfix for INC-42',
      override: override('posture'),
    });
  });

  it('does not take a freeze override for the posture gate', () => {
    const evaluation = evaluate({
      policy,
      request: requestOf({ overrides: [override('freeze')] }),
      facts: { postureSnapshot: { ...fresh, partial: true } },
    });
    expect(rule(evaluation, 'posture-gate').status).toBe('unknown');
  });
});

describe('bake time', () => {
  const policy = policyOf({
    approvals: { required: 0 },
    bakeTime: { minutes: 60 },
  });
  const version = requestOf().version;

  it('is met once the same version has been live in the previous environment long enough', () => {
    const evaluation = evaluate({
      policy,
      facts: {
        previousEnvironmentLive: {
          environment: 'staging',
          version,
          since: '2026-03-30T07:30:00.000Z',
        },
      },
    });
    expect(rule(evaluation, 'bake-time')).toEqual({
      rule: 'bake-time',
      status: 'met',
      message: 'v1.4.0 has been live in staging for 90 minutes (60 required)',
    });
  });

  it.each([
    [
      'nothing is live there',
      undefined,
      'v1.4.0 is not live in the previous environment; it must run there for 60 minutes first',
    ],
    [
      'not long enough',
      { environment: 'staging', version, since: '2026-03-30T08:35:00.000Z' },
      'v1.4.0 has been live in staging for 25 minutes of the 60 required (until 2026-03-30T09:35:00.000Z)',
    ],
    [
      'another version',
      {
        environment: 'staging',
        version: { commitSha: '999aaaa0000' },
        since: '2026-03-29T00:00:00.000Z',
      },
      'staging runs 999aaaa, not v1.4.0; it must run there for 60 minutes first',
    ],
    [
      'the same commit rebuilt',
      {
        environment: 'staging',
        version: { ...version, imageDigest: 'sha256:bbb' },
        since: '2026-03-29T00:00:00.000Z',
      },
      'staging runs image sha256:bbb of v1.4.0, not sha256:aaa; it must run there for 60 minutes first',
    ],
  ])('is not met when %s', (_label, previousEnvironmentLive, message) => {
    const evaluation = evaluate({ policy, facts: { previousEnvironmentLive } });
    expect(rule(evaluation, 'bake-time')).toEqual({
      rule: 'bake-time',
      status: 'not-met',
      message,
    });
    expect(evaluation.satisfied).toBe(false);
  });
});

describe('request expiry', () => {
  const policy = policyOf({
    approvals: { required: 0 },
    expiry: { requestHours: 72 },
  });

  it('is met before and not met from the expiry time', () => {
    expect(rule(evaluate({ policy }), 'request-expiry')).toEqual({
      rule: 'request-expiry',
      status: 'met',
      message: 'the request expires at 2026-04-02T08:00:00.000Z',
    });
    const expired = evaluate({
      policy,
      facts: { now: new Date('2026-04-02T08:00:00.000Z') },
    });
    expect(rule(expired, 'request-expiry')).toEqual({
      rule: 'request-expiry',
      status: 'not-met',
      message:
        'the request expired at 2026-04-02T08:00:00.000Z; request the deploy again',
    });
    expect(expired.satisfied).toBe(false);
  });
});

describe('evaluatePolicy', () => {
  it('leaves out rules the policy does not configure and carries the policy hash', () => {
    const policy = policyOf(twoReleaseApprovers);
    const evaluation = evaluate({ policy });
    expect(evaluation.rules.map(outcome => outcome.rule)).toEqual([
      'approvals',
    ]);
    expect(evaluation.policyHash).toBe(policyHash(policy));
  });

  it('is satisfied only when every configured rule is met', () => {
    const policy = policyOf({
      ...twoReleaseApprovers,
      separationOfDuties: true,
      changeWindows: [
        {
          days: ['mon'],
          from: '09:00',
          to: '17:00',
          timeZone: 'Europe/Berlin',
        },
      ],
      postureGate: { minScore: 80, maxAgeHours: 24 },
    });
    const request = requestOf({
      approvals: [approvalBy(dave), approvalBy(erin)],
    });
    const postureSnapshot = {
      score: 85,
      failingCriticalControls: [],
      takenAt: '2026-03-30T08:00:00.000Z',
      partial: false,
    };
    expect(
      evaluate({ policy, request, facts: { postureSnapshot } }).satisfied,
    ).toBe(true);
    expect(
      evaluate({
        policy,
        request,
        facts: { postureSnapshot: { ...postureSnapshot, partial: true } },
      }).satisfied,
    ).toBe(false);
    expect(
      evaluate({
        policy,
        request,
        facts: { postureSnapshot, now: new Date('2026-03-31T09:00:00Z') },
      }).satisfied,
    ).toBe(false);
  });
});
