import type { DeploymentRequest } from '../../types';
import { describeChangeWindow, isInChangeWindow } from '../changeWindow';
import type { ChangeWindow } from '../config';
import { describeOverride } from '../describe';
import type { RuleOutcome } from '../types';
import { findOverride } from './overrides';

/** Deploys only inside a configured window; outside, only a `freeze` override lets them through. */
export function evaluateChangeWindows(
  windows: ChangeWindow[],
  request: DeploymentRequest,
  now: Date,
): RuleOutcome {
  const described = windows.map(describeChangeWindow).join(' or ');
  const inside = windows.find(window => isInChangeWindow(window, now));
  if (inside) {
    return {
      rule: 'change-window',
      status: 'met',
      message: `inside the change window ${describeChangeWindow(inside)}`,
    };
  }
  const override = findOverride(request, 'freeze');
  if (override) {
    return {
      rule: 'change-window',
      status: 'met',
      message: `outside the change window ${described}; ${describeOverride(
        override,
      )}`,
      override,
    };
  }
  return {
    rule: 'change-window',
    status: 'not-met',
    message: `outside the change window ${described}; an override is needed`,
  };
}
