import { stripUndefined } from './plain';
import { CheckResult, CheckState, Framework, Severity } from './types';

/**
 * The version of the scoring method below. Stored with every score so history shows where the
 * method changed; any change to how a number is computed bumps it.
 */
export const scoreMethodVersion = '1';

/**
 * - `satisfied`: every applicable required check passes (or is attested).
 * - `failing`: a required check fails (without a waiver).
 * - `unknown`: none fails, but one has no usable data.
 * - `waived`: none fails or is unknown, and one is waived (an approved deviation).
 * - `not-applicable`: no required check applies.
 */
export type ControlStatus =
  | 'satisfied'
  | 'failing'
  | 'unknown'
  | 'waived'
  | 'not-applicable';

/** The two readings of a score: operational (waivers drop out) and audit (waivers count). */
export type ScoreMode = 'operational' | 'audit';

export interface ControlCheckState
  extends Pick<
    CheckResult,
    'checkId' | 'state' | 'reason' | 'waiverId' | 'attestationId' | 'validUntil'
  > {}

export interface ControlScore {
  controlId: string;
  severity: Severity;
  status: ControlStatus;
  /** Each required check's state for this scope (a missing result is `unknown` / `no-data`). */
  checks: ControlCheckState[];
  /** Mean over checks with data, 0–1; null without data. */
  progress: Record<ScoreMode, number | null>;
  /** Mean over applicable checks with unknown as 0, 0–1; null when none counts. */
  conservativeProgress: Record<ScoreMode, number | null>;
}

export interface ScoreFigures {
  /** Mean progress over the controls with data, 0–1; null when no control has data. */
  score: number | null;
  /** Mean progress over all applicable controls, unknown counting as 0; null when none applies. */
  conservativeScore: number | null;
  /** Controls with data ÷ applicable controls; null when none applies. */
  coverage: number | null;
  applicableControls: number;
  controlsWithData: number;
}

export interface FrameworkScore {
  methodVersion: string;
  frameworkId: string;
  frameworkVersion: string;
  /** ISO 8601: the `now` the score was computed at. */
  computedAt: string;
  operational: ScoreFigures;
  audit: ScoreFigures;
  /** Distinct waivers behind the waived checks. */
  waivers: number;
  waivedChecks: number;
  controlsByStatus: Record<ControlStatus, number>;
  controls: ControlScore[];
}

/**
 * Every check state, worst first: when one check has several results in the scope (e.g. per
 * region), the worst one counts; lists of results are sorted so.
 */
export const checkStatesWorstFirst: readonly CheckState[] = [
  'fail',
  'unknown',
  'waived',
  'attested',
  'pass',
  'not-applicable',
];

/**
 * A waived or attested result past its `validUntil` no longer holds at `now`: a waiver falls back
 * to the raw result, an attestation to unknown / stale. So a stored result is never scored beyond
 * its validity.
 */
function resultAt(result: CheckResult, now: number): CheckResult {
  if (
    (result.state !== 'waived' && result.state !== 'attested') ||
    result.validUntil === undefined ||
    now < Date.parse(result.validUntil)
  ) {
    return result;
  }
  const { raw } = result;
  return result.state === 'waived'
    ? { ...raw, raw }
    : { ...raw, state: 'unknown', reason: 'stale', raw };
}

/** 1 for pass, 0 for fail, null for no data, `excluded` for what drops out of the mode. */
function checkValue(
  state: CheckState,
  mode: ScoreMode,
): number | null | 'excluded' {
  switch (state) {
    case 'pass':
    case 'attested':
      return 1;
    case 'fail':
      return 0;
    case 'waived':
      return mode === 'operational' ? 'excluded' : 1;
    case 'not-applicable':
      return 'excluded';
    default:
      return null;
  }
}

function mean(values: number[]): number | null {
  return values.length === 0
    ? null
    : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function controlStatus(states: CheckState[]): ControlStatus {
  const applicable = states.filter(state => state !== 'not-applicable');
  if (applicable.length === 0) return 'not-applicable';
  if (applicable.includes('fail')) return 'failing';
  if (applicable.includes('unknown')) return 'unknown';
  if (applicable.includes('waived')) return 'waived';
  return 'satisfied';
}

function progressOf(states: CheckState[], mode: ScoreMode) {
  const values = states
    .map(state => checkValue(state, mode))
    .filter((value): value is number | null => value !== 'excluded');
  return {
    progress: mean(values.filter((value): value is number => value !== null)),
    conservative: mean(values.map(value => value ?? 0)),
  };
}

function figures(controls: ControlScore[], mode: ScoreMode): ScoreFigures {
  // A control counts when some check of it counts in this mode (in the operational mode, one
  // whose every applicable check is waived drops out entirely).
  const applicable = controls.filter(
    control => control.conservativeProgress[mode] !== null,
  );
  const withData = applicable.filter(
    control => control.progress[mode] !== null,
  );
  return {
    score: mean(withData.map(control => control.progress[mode]!)),
    conservativeScore: mean(
      applicable.map(control => control.conservativeProgress[mode]!),
    ),
    coverage:
      applicable.length === 0 ? null : withData.length / applicable.length,
    applicableControls: applicable.length,
    controlsWithData: withData.length,
  };
}

/**
 * Scores one framework for one scope from the effective results (see `effectiveResult`) of its
 * checks, at `now`. Method version 1 (`scoreMethodVersion`):
 *
 * 1. A required check without a result is `unknown` / `no-data`; of several results for one check
 *    the worst counts (fail, unknown, waived, attested, pass, not-applicable).
 * 2. Check values: pass and attested 1, fail 0, unknown no data; not-applicable drops out; waived
 *    drops out of the operational score and counts 1 (an approved deviation) in the audit score.
 * 3. A control is satisfied only when every applicable required check passes or is attested. Its
 *    progress is the mean of its check values over the checks with data; its conservative progress
 *    the mean over all its counted checks with unknown as 0.
 * 4. The framework score is the mean progress over the controls with data (each control weighs
 *    the same); coverage is controls with data ÷ applicable controls; the conservative score is the
 *    mean conservative progress over the applicable controls (a control without data counts 0).
 *    Both modes are given, with the number of waivers behind them.
 */
export function scoreFramework(
  framework: Framework,
  results: readonly CheckResult[],
  now: Date,
): FrameworkScore {
  const at = now.getTime();
  const byCheck = new Map<string, CheckResult>();
  for (const result of results.map(r => resultAt(r, at))) {
    const known = byCheck.get(result.checkId);
    if (
      known === undefined ||
      checkStatesWorstFirst.indexOf(result.state) <
        checkStatesWorstFirst.indexOf(known.state)
    ) {
      byCheck.set(result.checkId, result);
    }
  }

  const controls = framework.controls.map((control): ControlScore => {
    const checks = control.requiredChecks.map((checkId): ControlCheckState => {
      const result = byCheck.get(checkId);
      if (!result) return { checkId, state: 'unknown', reason: 'no-data' };
      const { state, reason, waiverId, attestationId, validUntil } = result;
      return stripUndefined({
        checkId,
        state,
        reason,
        waiverId,
        attestationId,
        validUntil,
      });
    });
    const states = checks.map(check => check.state);
    const operational = progressOf(states, 'operational');
    const audit = progressOf(states, 'audit');
    return {
      controlId: control.id,
      severity: control.severity,
      status: controlStatus(states),
      checks,
      progress: { operational: operational.progress, audit: audit.progress },
      conservativeProgress: {
        operational: operational.conservative,
        audit: audit.conservative,
      },
    };
  });

  const waived = controls.flatMap(control =>
    control.checks.filter(check => check.state === 'waived'),
  );
  const controlsByStatus: Record<ControlStatus, number> = {
    satisfied: 0,
    failing: 0,
    unknown: 0,
    waived: 0,
    'not-applicable': 0,
  };
  for (const control of controls) controlsByStatus[control.status] += 1;

  return {
    methodVersion: scoreMethodVersion,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    computedAt: now.toISOString(),
    operational: figures(controls, 'operational'),
    audit: figures(controls, 'audit'),
    waivers: new Set(waived.map(check => check.waiverId)).size,
    waivedChecks: waived.length,
    controlsByStatus,
    controls,
  };
}
