import type { DeploymentRequest } from '../../types';
import type { PostureGatePolicy } from '../config';
import {
  describeOverride,
  formatAmount,
  hoursBetween,
  plural,
} from '../describe';
import type { PostureSnapshotFacts, RuleOutcome, RuleStatus } from '../types';
import { findOverride } from './overrides';

/**
 * The target cluster's latest snapshot must be fresh, score at least `minScore` and (optionally)
 * have no failing critical control. Missing, partial or unscored data is `unknown` and never passes.
 */
export function evaluatePostureGate(
  gate: PostureGatePolicy,
  snapshot: PostureSnapshotFacts | undefined,
  request: DeploymentRequest,
  now: Date,
): RuleOutcome {
  const { status, message } = judge(gate, snapshot, now);
  if (status === 'met') return { rule: 'posture-gate', status, message };
  const override = findOverride(request, 'posture');
  if (override) {
    return {
      rule: 'posture-gate',
      status: 'met',
      message: `${message}; ${describeOverride(override)}`,
      override,
    };
  }
  return { rule: 'posture-gate', status, message };
}

function judge(
  gate: PostureGatePolicy,
  snapshot: PostureSnapshotFacts | undefined,
  now: Date,
): { status: RuleStatus; message: string } {
  if (!snapshot) {
    return {
      status: 'unknown',
      message:
        'no posture snapshot of the target cluster: the gate does not pass',
    };
  }
  if (snapshot.partial) {
    return {
      status: 'unknown',
      message: 'posture data is partial: the gate does not pass',
    };
  }
  if (snapshot.score === null) {
    return {
      status: 'unknown',
      message:
        'the posture score is unknown (no control could be scored): the gate does not pass',
    };
  }
  const ageHours = Math.max(
    0,
    hoursBetween(Date.parse(snapshot.takenAt), now.getTime()),
  );
  const failures = [
    ...(ageHours > gate.maxAgeHours
      ? [
          `the latest posture snapshot is ${plural(
            Math.floor(ageHours * 10) / 10,
            'hour',
          )} old (at most ${plural(gate.maxAgeHours, 'hour')})`,
        ]
      : []),
    ...(snapshot.score < gate.minScore
      ? [
          `posture score ${formatAmount(
            snapshot.score,
          )} is below ${formatAmount(gate.minScore)}`,
        ]
      : []),
    ...(gate.noFailingCritical && snapshot.failingCriticalControls.length > 0
      ? [
          `critical controls fail: ${snapshot.failingCriticalControls.join(
            ', ',
          )}`,
        ]
      : []),
  ];
  if (failures.length > 0)
    return { status: 'not-met', message: failures.join('; ') };
  return {
    status: 'met',
    message: `posture score ${formatAmount(snapshot.score)} ≥ ${formatAmount(
      gate.minScore,
    )}${
      gate.noFailingCritical ? ', no failing critical control' : ''
    }, snapshot ${plural(Math.floor(ageHours * 10) / 10, 'hour')} old`,
  };
}
