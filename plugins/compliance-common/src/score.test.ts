import { scoreFramework, scoreMethodVersion } from './score';
import {
  CheckResult,
  CheckState,
  Framework,
  RawCheckState,
  UnknownReason,
} from './types';

const scope = { kind: 'cluster' as const, id: 'sparki-prod' };
const now = new Date('2026-03-10T00:00:00.000Z');

function control(id: string, requiredChecks: string[]) {
  return {
    id,
    title: id,
    description: id,
    rationale: id,
    remediation: id,
    severity: 'high' as const,
    requiredChecks,
  };
}

const framework: Framework = {
  id: 'test',
  title: 'Test framework',
  version: '2.0',
  section: 'all',
  controls: [control('one', ['a']), control('two', ['b', 'c'])],
};

function result(
  checkId: string,
  state: CheckState,
  extra: Partial<CheckResult> = {},
): CheckResult {
  // What a source reported before a waiver or an attestation applied.
  const rawStates: Partial<Record<CheckState, RawCheckState>> = {
    waived: 'fail',
    attested: 'unknown',
  };
  const rawState = rawStates[state] ?? (state as RawCheckState);
  const raw = {
    checkId,
    scope,
    state: rawState,
    observedAt: '2026-03-09T00:00:00.000Z',
    ...(rawState === 'unknown' ? { reason: 'no-data' as UnknownReason } : {}),
  };
  return {
    ...raw,
    state,
    raw,
    ...(state === 'unknown' ? { reason: 'no-data' as UnknownReason } : {}),
    ...(state === 'waived'
      ? {
          waiverId: `waiver-${checkId}`,
          validUntil: '2026-06-01T00:00:00.000Z',
        }
      : {}),
    ...(state === 'attested'
      ? {
          attestationId: `att-${checkId}`,
          validUntil: '2026-06-01T00:00:00.000Z',
        }
      : {}),
    ...extra,
  };
}

describe('scoreFramework', () => {
  it('stamps the method version, the framework version and the time', () => {
    const score = scoreFramework(framework, [], now);
    expect(score).toMatchObject({
      methodVersion: scoreMethodVersion,
      frameworkId: 'test',
      frameworkVersion: '2.0',
      computedAt: '2026-03-10T00:00:00.000Z',
    });
    expect(scoreMethodVersion).toBe('1');
  });

  it('satisfies a control only when every required check passes', () => {
    const score = scoreFramework(
      framework,
      [result('a', 'pass'), result('b', 'pass'), result('c', 'fail')],
      now,
    );
    expect(score.controls.map(c => [c.controlId, c.status])).toEqual([
      ['one', 'satisfied'],
      ['two', 'failing'],
    ]);
    // Progress is the mean over checks: control two is half done.
    expect(score.controls[1].progress.operational).toBe(0.5);
    expect(score.operational).toEqual({
      score: 0.75,
      conservativeScore: 0.75,
      coverage: 1,
      applicableControls: 2,
      controlsWithData: 2,
    });
  });

  it('counts attested as passing', () => {
    const score = scoreFramework(
      framework,
      [result('a', 'attested'), result('b', 'pass'), result('c', 'attested')],
      now,
    );
    expect(score.controlsByStatus.satisfied).toBe(2);
    expect(score.operational.score).toBe(1);
  });

  it('never lets unknown pass: a missing result is unknown / no-data', () => {
    const score = scoreFramework(
      framework,
      [result('a', 'pass'), result('b', 'pass')],
      now,
    );
    expect(score.controls[1]).toMatchObject({
      status: 'unknown',
      checks: [
        { checkId: 'b', state: 'pass' },
        { checkId: 'c', state: 'unknown', reason: 'no-data' },
      ],
      progress: { operational: 1 },
      conservativeProgress: { operational: 0.5 },
    });
    expect(score.operational.score).toBe(1);
    expect(score.operational.conservativeScore).toBe(0.75);
  });

  it('scores over controls with data, with coverage and a conservative score', () => {
    const score = scoreFramework(framework, [result('a', 'pass')], now);
    expect(score.operational).toEqual({
      score: 1,
      conservativeScore: 0.5,
      coverage: 0.5,
      applicableControls: 2,
      controlsWithData: 1,
    });
  });

  it('gives null scores and coverage when nothing has data', () => {
    const score = scoreFramework(framework, [], now);
    expect(score.operational).toEqual({
      score: null,
      conservativeScore: 0,
      coverage: 0,
      applicableControls: 2,
      controlsWithData: 0,
    });
  });

  it('leaves not-applicable checks and controls out', () => {
    const score = scoreFramework(
      framework,
      [
        result('a', 'not-applicable'),
        result('b', 'fail'),
        result('c', 'not-applicable'),
      ],
      now,
    );
    expect(score.controls.map(c => c.status)).toEqual([
      'not-applicable',
      'failing',
    ]);
    expect(score.operational).toMatchObject({
      score: 0,
      coverage: 1,
      applicableControls: 1,
    });
    expect(score.controlsByStatus['not-applicable']).toBe(1);

    const none = scoreFramework(
      framework,
      ['a', 'b', 'c'].map(id => result(id, 'not-applicable')),
      now,
    );
    expect(none.operational).toEqual({
      score: null,
      conservativeScore: null,
      coverage: null,
      applicableControls: 0,
      controlsWithData: 0,
    });
  });

  it('drops waived checks from the operational score and counts them in the audit score', () => {
    const score = scoreFramework(
      framework,
      [result('a', 'waived'), result('b', 'pass'), result('c', 'waived')],
      now,
    );
    expect(score.controls.map(c => c.status)).toEqual(['waived', 'waived']);
    // Operational: control one (all waived) drops out; two is b alone.
    expect(score.operational).toEqual({
      score: 1,
      conservativeScore: 1,
      coverage: 1,
      applicableControls: 1,
      controlsWithData: 1,
    });
    // Audit: waived checks are approved deviations and count.
    expect(score.audit).toEqual({
      score: 1,
      conservativeScore: 1,
      coverage: 1,
      applicableControls: 2,
      controlsWithData: 2,
    });
    expect(score.waivers).toBe(2);
    expect(score.waivedChecks).toBe(2);
  });

  it('tells operational and audit apart when a waiver sits next to a failure', () => {
    const score = scoreFramework(
      framework,
      [result('a', 'fail'), result('b', 'waived'), result('c', 'fail')],
      now,
    );
    expect(score.controls[1]).toMatchObject({
      status: 'failing',
      progress: { operational: 0, audit: 0.5 },
    });
    expect(score.operational.score).toBe(0);
    expect(score.audit.score).toBe(0.25);
  });

  it('counts distinct waivers', () => {
    const shared = { waiverId: 'w-shared' };
    const score = scoreFramework(
      framework,
      [
        result('a', 'waived', shared),
        result('b', 'waived', shared),
        result('c', 'pass'),
      ],
      now,
    );
    expect(score.waivers).toBe(1);
    expect(score.waivedChecks).toBe(2);
  });

  it('takes the worst of several results for one check', () => {
    const score = scoreFramework(
      framework,
      [
        result('a', 'pass'),
        result('a', 'unknown', {
          scope: { kind: 'account', id: '1/eu-west-1' },
        }),
        result('a', 'not-applicable'),
      ],
      now,
    );
    expect(score.controls[0].status).toBe('unknown');
    const failing = scoreFramework(
      framework,
      [result('a', 'waived'), result('a', 'fail'), result('a', 'attested')],
      now,
    );
    expect(failing.controls[0].status).toBe('failing');
  });

  it('does not score a waiver or attestation past its validity at now', () => {
    const later = new Date('2026-06-01T00:00:00.000Z');
    const score = scoreFramework(
      framework,
      [result('a', 'waived'), result('b', 'attested'), result('c', 'pass')],
      later,
    );
    expect(score.controls[0].checks).toEqual([{ checkId: 'a', state: 'fail' }]);
    expect(score.controls[1].checks[0]).toEqual({
      checkId: 'b',
      state: 'unknown',
      reason: 'stale',
    });
    expect(score.waivers).toBe(0);
    expect(score.operational.score).toBe(0.5);

    const before = scoreFramework(
      framework,
      [result('a', 'waived'), result('b', 'attested'), result('c', 'pass')],
      new Date('2026-05-31T23:59:59.999Z'),
    );
    expect(before.controls.map(c => c.status)).toEqual(['waived', 'satisfied']);
  });

  it('weighs controls equally, whatever their number of checks', () => {
    const score = scoreFramework(
      framework,
      [result('a', 'fail'), result('b', 'pass'), result('c', 'pass')],
      now,
    );
    expect(score.operational.score).toBe(0.5);
  });
});
