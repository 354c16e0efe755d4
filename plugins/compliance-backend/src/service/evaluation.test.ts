import { Framework, RawCheckResult } from '@sparki/compliance-common';
import { StoredAttestation, StoredWaiver } from '../store/ComplianceStore';
import { evaluate, SourceOutcome } from './evaluation';

const framework: Framework = {
  id: 'test-framework',
  title: 'Test framework',
  version: '1.0.0',
  section: '§1',
  controls: [
    {
      id: '1.1',
      title: 'No host PID',
      description: 'd',
      rationale: 'r',
      remediation: 'm',
      severity: 'high',
      requiredChecks: ['posture-control:workload-host-pid'],
    },
    {
      id: '1.2',
      title: 'No privileged containers',
      description: 'd',
      rationale: 'r',
      remediation: 'm',
      severity: 'critical',
      requiredChecks: ['posture-control:workload-privileged-containers'],
    },
    {
      id: '1.3',
      title: 'Pen test',
      description: 'd',
      rationale: 'r',
      remediation: 'm',
      severity: 'medium',
      requiredChecks: ['attestation:pen-test'],
    },
  ],
};

const now = new Date('2026-12-02T12:00:00.000Z');
const prod = { kind: 'cluster' as const, id: 'sparki-prod' };
const dev = { kind: 'cluster' as const, id: 'sparki-dev' };
const platform = { kind: 'entity' as const, id: 'system:default/sparki' };

function raw(
  checkId: string,
  scope: RawCheckResult['scope'],
  state: RawCheckResult['state'],
): RawCheckResult {
  return {
    checkId,
    scope,
    state,
    ...(state === 'unknown' ? { reason: 'no-data' as const } : {}),
    observedAt: '2026-12-02T11:00:00.000Z',
  };
}

const posture: SourceOutcome = {
  sourceId: 'posture',
  report: {
    results: [
      raw('posture-control:workload-host-pid', prod, 'fail'),
      raw('posture-control:workload-privileged-containers', prod, 'pass'),
      raw('posture-control:workload-host-pid', dev, 'pass'),
      raw('posture-control:workload-privileged-containers', dev, 'pass'),
    ],
    snapshots: [
      {
        source: 'posture',
        id: 'cluster:sparki-prod:snapshot:1',
        sha256: 'a'.repeat(64),
        takenAt: '2026-12-02T11:00:00.000Z',
      },
    ],
    problems: [],
  },
};

const attestations: SourceOutcome = {
  sourceId: 'attestations',
  report: {
    results: [raw('attestation:pen-test', platform, 'unknown')],
    snapshots: [],
    problems: [],
  },
};

const hostPidWaiver: StoredWaiver = {
  request: {
    id: 'w1',
    checkId: 'posture-control:workload-host-pid',
    scope: prod,
    reason: 'node agent',
    requester: 'user:default/alice',
    requestedAt: '2026-12-01T00:00:00.000Z',
    expiresAt: '2026-12-31T00:00:00.000Z',
  },
  decision: {
    waiverId: 'w1',
    decision: 'approved',
    by: 'user:default/bob',
    at: '2026-12-01T01:00:00.000Z',
  },
};

const penTest: StoredAttestation = {
  attestation: {
    id: 'a1',
    checkId: 'attestation:pen-test',
    scope: platform,
    attestedBy: 'user:default/bob',
    evidence: { url: 'https://example.com/report.pdf' },
    attestedAt: '2026-06-01T00:00:00.000Z',
    expiresAt: '2026-12-15T00:00:00.000Z',
    recordedAt: '2026-06-02T00:00:00.000Z',
  },
};

function run(
  options: Partial<Parameters<typeof evaluate>[0]> = {},
): ReturnType<typeof evaluate>['frameworks'][0] {
  return evaluate({
    frameworks: [framework],
    outcomes: [posture, attestations],
    waivers: [],
    attestations: [],
    now,
    ...options,
  }).frameworks[0];
}

describe('evaluate', () => {
  it('scores each scope, lists the worst first, and rolls up with the worst result per check', () => {
    const f = run();
    expect(f.scopes.map(s => s.scope.id)).toEqual([
      'system:default/sparki',
      'sparki-prod',
      'sparki-dev',
    ]);
    const prodScore = f.scopes.find(s => s.scope.id === 'sparki-prod')!.score;
    // Host PID fails, privileged passes; the pen test has no data in this scope.
    expect(prodScore.operational).toMatchObject({
      score: 0.5,
      coverage: 2 / 3,
      conservativeScore: 1 / 3,
    });
    expect(f.rollUp.controlsByStatus).toMatchObject({
      failing: 1,
      satisfied: 1,
      unknown: 1,
    });
    expect(f.sourceIds).toEqual(new Set(['posture', 'attestations']));
  });

  it('never counts unknown as a pass: a failed source leaves its checks unknown', () => {
    const failed = evaluate({
      frameworks: [framework],
      outcomes: [
        { sourceId: 'posture', error: new Error('503') },
        attestations,
      ],
      waivers: [],
      attestations: [],
      now,
    });
    expect(failed.problems).toEqual([
      { source: 'posture', message: 'posture could not be read: 503' },
    ]);
    const f = failed.frameworks[0];
    expect(f.rollUp.operational).toMatchObject({
      score: null,
      conservativeScore: 0,
      coverage: 0,
    });
    expect(f.rollUp.controlsByStatus.unknown).toBe(3);
  });

  it('applies a waiver in force: out of the operational score, an approved deviation in the audit score', () => {
    const f = run({ waivers: [hostPidWaiver] });
    const prodScore = f.scopes.find(s => s.scope.id === 'sparki-prod')!.score;
    expect(prodScore.controls[0]).toMatchObject({
      status: 'waived',
      checks: [{ state: 'waived', waiverId: 'w1' }],
    });
    expect(prodScore.operational).toMatchObject({ score: 1, coverage: 1 / 2 });
    expect(prodScore.audit).toMatchObject({ score: 1, coverage: 2 / 3 });
    expect(prodScore.waivers).toBe(1);
  });

  it('gives back the raw result once a waiver expired or was revoked', () => {
    const expired = run({
      waivers: [hostPidWaiver],
      now: new Date('2026-12-31T00:00:00.000Z'),
    });
    expect(
      expired.scopes.find(s => s.scope.id === 'sparki-prod')!.score.controls[0]
        .status,
    ).toBe('failing');
    const revoked = run({
      waivers: [
        {
          ...hostPidWaiver,
          revocation: {
            id: 'r1',
            targetId: 'w1',
            revokedBy: 'user:default/bob',
            revokedAt: '2026-12-02T00:00:00.000Z',
            reason: 'fixed',
          },
        },
      ],
    });
    expect(
      revoked.scopes.find(s => s.scope.id === 'sparki-prod')!.score.controls[0]
        .status,
    ).toBe('failing');
  });

  it('attests what no source sees until the attestation expires, then it is stale', () => {
    const current = run({ attestations: [penTest] });
    const platformScore = current.scopes.find(
      s => s.scope.id === platform.id,
    )!.score;
    expect(platformScore.controls[2].checks[0]).toMatchObject({
      state: 'attested',
      attestationId: 'a1',
      validUntil: '2026-12-15T00:00:00.000Z',
    });
    const later = run({
      attestations: [penTest],
      now: new Date('2026-12-20T00:00:00.000Z'),
    });
    expect(
      later.scopes.find(s => s.scope.id === platform.id)!.score.controls[2]
        .checks[0],
    ).toMatchObject({ state: 'unknown', reason: 'stale' });
  });
});
