import type { DeploymentRequest } from '../../types';
import type { Freeze } from '../config';
import { describeOverride } from '../describe';
import type { RuleOutcome } from '../types';
import { findOverride } from './overrides';

/** No deploys while a freeze is in force (from inclusive, to exclusive), unless overridden. */
export function evaluateFreezes(
  freezes: Freeze[],
  request: DeploymentRequest,
  now: Date,
): RuleOutcome {
  const time = now.getTime();
  const active = freezes.filter(
    freeze => Date.parse(freeze.from) <= time && time < Date.parse(freeze.to),
  );
  if (active.length === 0) {
    return { rule: 'freeze', status: 'met', message: 'no freeze in force' };
  }
  const described = active
    .map(
      freeze =>
        `frozen until ${new Date(Date.parse(freeze.to)).toISOString()}: ${
          freeze.reason
        }`,
    )
    .join('; ');
  const override = findOverride(request, 'freeze');
  if (override) {
    return {
      rule: 'freeze',
      status: 'met',
      message: `${described}; ${describeOverride(override)}`,
      override,
    };
  }
  return {
    rule: 'freeze',
    status: 'not-met',
    message: `${described}; an override is needed`,
  };
}
