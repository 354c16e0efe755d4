import type { DeploymentRequest } from '../../types';
import type { EnvironmentPolicy } from '../config';
import type { RuleOutcome } from '../types';

/** When the request expires under the policy, or undefined when requests do not expire. */
export function requestExpiresAt(
  policy: EnvironmentPolicy,
  request: DeploymentRequest,
): Date | undefined {
  const hours = policy.expiry?.requestHours;
  return hours === undefined
    ? undefined
    : new Date(Date.parse(request.createdAt) + hours * 3_600_000);
}

export function evaluateRequestExpiry(expiresAt: Date, now: Date): RuleOutcome {
  if (now.getTime() >= expiresAt.getTime()) {
    return {
      rule: 'request-expiry',
      status: 'not-met',
      message: `the request expired at ${expiresAt.toISOString()}; request the deploy again`,
    };
  }
  return {
    rule: 'request-expiry',
    status: 'met',
    message: `the request expires at ${expiresAt.toISOString()}`,
  };
}
