import { policyHash } from './policyHash';
import { checkApprover, evaluateApprovals } from './rules/approvals';
import { evaluateBakeTime } from './rules/bakeTime';
import { evaluateChangeWindows } from './rules/changeWindows';
import { evaluateFreezes } from './rules/freezes';
import { evaluatePostureGate } from './rules/postureGate';
import { evaluateRequestExpiry, requestExpiresAt } from './rules/requestExpiry';
import type { PolicyEvaluation, PolicyInput, RuleOutcome } from './types';

/**
 * Evaluates an environment's policy for one request, rule by rule, in words. Pure: the facts
 * (time, posture, what runs where, group membership) are passed in. Rules the policy does not
 * configure are left out. Permissions are not checked here: the backend authorizes
 * `deployments.approve`/`deployments.override` before it records an approval or an override.
 */
export function evaluatePolicy({
  policy,
  request,
  approverCandidates = [],
  facts,
}: PolicyInput): PolicyEvaluation {
  const { now } = facts;
  const rules: RuleOutcome[] = [evaluateApprovals(policy, request, facts)];
  if (policy.changeWindows)
    rules.push(evaluateChangeWindows(policy.changeWindows, request, now));
  if (policy.freezes.length > 0)
    rules.push(evaluateFreezes(policy.freezes, request, now));
  if (policy.postureGate) {
    rules.push(
      evaluatePostureGate(
        policy.postureGate,
        facts.postureSnapshot,
        request,
        now,
      ),
    );
  }
  if (policy.bakeTime) {
    rules.push(
      evaluateBakeTime(
        policy.bakeTime.minutes,
        request.version,
        facts.previousEnvironmentLive,
        now,
      ),
    );
  }
  const expiresAt = requestExpiresAt(policy, request);
  if (expiresAt) rules.push(evaluateRequestExpiry(expiresAt, now));

  const canApprove = (userRef: string) =>
    checkApprover(policy, request, facts, userRef);
  return {
    policyHash: policyHash(policy),
    satisfied: rules.every(rule => rule.status === 'met'),
    rules,
    canApprove,
    approvers: approverCandidates.map(userRef => ({
      userRef,
      ...canApprove(userRef),
    })),
  };
}
