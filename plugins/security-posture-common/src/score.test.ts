import { controlScore, scorePosture, weightedScore } from './score';
import { Control, ControlResult } from './controls';

const control = (
  id: string,
  severity: Control['severity'],
  frameworks: Control['frameworks'] = ['rbac'],
): Control => ({
  id,
  title: id,
  severity,
  frameworks,
  rationale: '',
  remediation: '',
  runbook: 'x',
  requires: [],
});

const result = (
  controlId: string,
  status: ControlResult['status'],
  applicable = 0,
  failing = 0,
  extra: Partial<ControlResult> = {},
): ControlResult => ({
  controlId,
  status,
  applicable,
  failing,
  findings: [],
  ...extra,
});

describe('controlScore', () => {
  it('is the share of applicable resources that pass', () => {
    expect(controlScore(result('a', 'fail', 4, 1))).toBe(0.75);
    expect(controlScore(result('a', 'pass', 3, 0))).toBe(1);
  });

  it('is null for unknown, manual and not-applicable controls', () => {
    expect(controlScore(result('a', 'unknown'))).toBeNull();
    expect(controlScore(result('a', 'manual'))).toBeNull();
    expect(controlScore(result('a', 'not-applicable'))).toBeNull();
  });
});

describe('weightedScore', () => {
  it('weights critical 10, high 5, medium 3, low 1 and rounds to one decimal', () => {
    // (10 × 0.5 + 1 × 1) / 11 = 54.5 %
    expect(
      weightedScore([
        { severity: 'critical', score: 0.5 },
        { severity: 'low', score: 1 },
      ]),
    ).toBe(54.5);
    expect(
      weightedScore([
        { severity: 'high', score: 1 },
        { severity: 'medium', score: 0 },
      ]),
    ).toBe(62.5);
  });

  it('is null without any scored control', () => {
    expect(weightedScore([])).toBeNull();
    expect(weightedScore([{ severity: 'critical', score: null }])).toBeNull();
  });
});

describe('scorePosture', () => {
  const catalog = [
    control('crit', 'critical', ['rbac', 'cis-kubernetes']),
    control('low', 'low', ['network-policy']),
    control('unknown', 'high'),
    control('manual', 'high'),
  ];

  it('rolls up to the cluster, each framework and each namespace', () => {
    const score = scorePosture(
      [
        result('crit', 'fail', 4, 2, {
          applicableByNamespace: { a: 2, b: 2 },
          failingByNamespace: { a: 2 },
        }),
        result('low', 'pass', 2, 0, { applicableByNamespace: { a: 2 } }),
        result('unknown', 'unknown'),
        result('manual', 'manual'),
      ],
      catalog,
    );
    expect(score.cluster).toMatchObject({
      score: 54.5,
      scored: 2,
      passing: 1,
      failing: 1,
      unknown: 1,
      manual: 1,
    });
    expect(score.byFramework.rbac).toMatchObject({
      score: 50,
      unknown: 1,
      manual: 1,
    });
    expect(score.byFramework['network-policy']).toMatchObject({ score: 100 });
    expect(score.byFramework['cis-kubernetes']).toMatchObject({ score: 50 });
    // Namespace a: crit 0/2 pass, low 2/2 → (10 × 0 + 1 × 1) / 11; b: crit 2/2.
    expect(score.byNamespace.a.score).toBe(9.1);
    expect(score.byNamespace.b.score).toBe(100);
  });

  it('gives no data, never 100 %, for an empty cluster or when everything is unknown', () => {
    const empty = scorePosture(
      [result('crit', 'not-applicable'), result('low', 'not-applicable')],
      catalog,
    );
    expect(empty.cluster).toMatchObject({
      score: null,
      reason: 'No data: no control had resources to judge',
    });

    const unknown = scorePosture(
      [result('crit', 'unknown'), result('manual', 'manual')],
      catalog,
    );
    expect(unknown.cluster.score).toBeNull();
    expect(unknown.cluster.reason).toMatch(
      /1 control\(s\) could not be evaluated/,
    );
    expect(unknown.byNamespace).toEqual({});
  });

  it('ignores results of controls it does not know', () => {
    expect(
      scorePosture([result('gone', 'fail', 1, 1)], catalog).cluster.score,
    ).toBeNull();
  });
});
