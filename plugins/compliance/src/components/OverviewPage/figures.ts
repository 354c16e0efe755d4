import type {
  ControlStatus,
  FrameworkOverview,
  ScopeScore,
  ScoreFigures,
  ScoreSnapshot,
} from '@sparki/compliance-common';

function mean(values: number[]): number | null {
  return values.length === 0
    ? null
    : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export interface OverallFigures {
  /** Mean of the frameworks' scores, over the frameworks that have one. */
  operational: number | null;
  audit: number | null;
  /** Mean of the frameworks' conservative audit scores, a framework without one counting 0. */
  conservative: number | null;
  /** Controls with data ÷ applicable controls, over every framework. */
  coverage: number | null;
  frameworksWithData: number;
  waivers: number;
  controlsByStatus: Record<ControlStatus, number>;
}

/**
 * The roll-up over frameworks shown at the top of the overview: each framework weighs the same,
 * like each control weighs the same within a framework; a framework without data lowers the
 * conservative figure and coverage and never raises the score.
 */
export function overallFigures(
  frameworks: FrameworkOverview[],
): OverallFigures {
  const scored = (pick: (f: FrameworkOverview) => number | null) =>
    frameworks.map(pick).filter((value): value is number => value !== null);
  const applicable = frameworks.filter(f => f.audit.applicableControls > 0);
  const applicableControls = frameworks.reduce(
    (sum, f) => sum + f.audit.applicableControls,
    0,
  );
  const controlsWithData = frameworks.reduce(
    (sum, f) => sum + f.audit.controlsWithData,
    0,
  );
  const controlsByStatus: Record<ControlStatus, number> = {
    satisfied: 0,
    failing: 0,
    unknown: 0,
    waived: 0,
    'not-applicable': 0,
  };
  for (const f of frameworks) {
    for (const [status, count] of Object.entries(f.controlsByStatus)) {
      controlsByStatus[status as ControlStatus] += count;
    }
  }
  return {
    operational: mean(scored(f => f.operational.score)),
    audit: mean(scored(f => f.audit.score)),
    conservative: mean(applicable.map(f => f.audit.conservativeScore ?? 0)),
    coverage:
      applicableControls === 0 ? null : controlsWithData / applicableControls,
    frameworksWithData: scored(f => f.audit.score).length,
    waivers: frameworks.reduce((sum, f) => sum + f.waivers, 0),
    controlsByStatus,
  };
}

export interface ScopeRow {
  frameworkId: string;
  frameworkTitle: string;
  score: ScopeScore;
}

/**
 * Every framework's scopes in one list, worst first: lowest conservative audit score, then
 * lowest operational score; a scope without any figure (nothing applicable) last.
 */
export function scopesWorstFirst(frameworks: FrameworkOverview[]): ScopeRow[] {
  const rank = (figures: ScoreFigures, key: 'score' | 'conservativeScore') =>
    figures[key] ?? Number.POSITIVE_INFINITY;
  return frameworks
    .flatMap(f =>
      f.scopes.map(score => ({
        frameworkId: f.framework.id,
        frameworkTitle: f.framework.title,
        score,
      })),
    )
    .sort(
      (a, b) =>
        rank(a.score.audit, 'conservativeScore') -
          rank(b.score.audit, 'conservativeScore') ||
        rank(a.score.operational, 'score') - rank(b.score.operational, 'score'),
    );
}

export interface WeekChange {
  frameworkId: string;
  frameworkTitle: string;
  /** The snapshot of a week ago; null when history does not reach back that far. */
  then: ScoreSnapshot | null;
  now: ScopeScore;
  /** Differences, now − then, in fractions or counts; null where either side has no figure. */
  operational: number | null;
  audit: number | null;
  coverage: number | null;
  failingControls: number | null;
  unknownControls: number | null;
  waivers: number | null;
  methodChanged: boolean;
}

const difference = (now: number | null, then: number | null | undefined) =>
  now === null || then === null || then === undefined ? null : now - then;

/** Today's roll-up against the snapshot of a week ago (`asOf`), framework by framework. */
export function weekChange(
  framework: FrameworkOverview,
  then: ScoreSnapshot | null,
  methodVersion: string,
): WeekChange {
  return {
    frameworkId: framework.framework.id,
    frameworkTitle: framework.framework.title,
    then,
    now: framework,
    operational: difference(
      framework.operational.score,
      then?.operational.score,
    ),
    audit: difference(framework.audit.score, then?.audit.score),
    coverage: difference(framework.audit.coverage, then?.audit.coverage),
    failingControls: difference(
      framework.controlsByStatus.failing,
      then?.controlsByStatus.failing,
    ),
    unknownControls: difference(
      framework.controlsByStatus.unknown,
      then?.controlsByStatus.unknown,
    ),
    waivers: difference(framework.waivers, then?.waivers),
    methodChanged: then !== null && then.methodVersion !== methodVersion,
  };
}

/** A change as a phrase: "+4.2 points", "2 more", "unchanged"; null when it cannot be told. */
export function describeDelta(
  delta: number | null,
  unit: 'points' | 'count',
): string | null {
  if (delta === null) return null;
  if (unit === 'points') {
    const points = Math.round(delta * 1000) / 10;
    if (points === 0) return 'unchanged';
    return `${points > 0 ? '+' : ''}${points} points`;
  }
  if (delta === 0) return 'unchanged';
  return delta > 0 ? `${delta} more` : `${-delta} fewer`;
}
