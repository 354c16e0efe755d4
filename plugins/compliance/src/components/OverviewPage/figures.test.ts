import {
  figures,
  frameworkOverview,
  overview,
  scopeScore,
  snapshot,
} from '../../__testUtils__/fixtures';
import {
  describeDelta,
  overallFigures,
  scopesWorstFirst,
  weekChange,
} from './figures';

describe('overallFigures', () => {
  it('averages scores over frameworks with data and counts the rest as 0 conservatively', () => {
    const overall = overallFigures(overview().frameworks);
    // cis-kubernetes 0.75 operational; production-hardening has no data.
    expect(overall.operational).toBe(0.75);
    expect(overall.frameworksWithData).toBe(1);
    // conservative: (0.8 × 0.8 + 0) / 2, coverage: 8 of 20 controls.
    expect(overall.conservative).toBeCloseTo(0.32);
    expect(overall.coverage).toBe(0.4);
    expect(overall.waivers).toBe(1);
    expect(overall.controlsByStatus.unknown).toBe(22);
  });

  it('has no figure at all without frameworks', () => {
    const overall = overallFigures([]);
    expect([
      overall.operational,
      overall.conservative,
      overall.coverage,
    ]).toEqual([null, null, null]);
  });
});

describe('scopesWorstFirst', () => {
  it('sorts every framework scope by conservative audit score, nothing-applicable last', () => {
    const empty = scopeScore(null, { scope: { kind: 'account', id: '1' } });
    empty.audit = figures(null, { conservativeScore: null });
    const rows = scopesWorstFirst([
      frameworkOverview({
        scopes: [
          empty,
          scopeScore(0.9, { scope: { kind: 'cluster', id: 'dev' } }),
          scopeScore(0.4, { scope: { kind: 'cluster', id: 'prod' } }),
        ],
      }),
    ]);
    expect(rows.map(row => row.score.scope?.id)).toEqual(['prod', 'dev', '1']);
  });
});

describe('weekChange', () => {
  it('compares with the snapshot of a week ago and flags a method change', () => {
    const change = weekChange(
      frameworkOverview(),
      snapshot('2026-11-25T00:00:00.000Z', 0.7, {
        methodVersion: '1',
        waivers: 0,
        controlsByStatus: {
          satisfied: 5,
          failing: 4,
          unknown: 2,
          waived: 0,
          'not-applicable': 0,
        },
      }),
      '2',
    );
    expect(describeDelta(change.operational, 'points')).toBe('+5 points');
    expect(describeDelta(change.failingControls, 'count')).toBe('2 fewer');
    expect(describeDelta(change.waivers, 'count')).toBe('1 more');
    expect(describeDelta(change.unknownControls, 'count')).toBe('unchanged');
    expect(change.methodChanged).toBe(true);
  });

  it('tells nothing when either side has no figure', () => {
    const change = weekChange(frameworkOverview(), null, '2');
    expect(change.operational).toBeNull();
    expect(change.methodChanged).toBe(false);
    expect(describeDelta(null, 'points')).toBeNull();
  });
});
