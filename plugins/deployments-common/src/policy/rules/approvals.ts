import type { Approval, DeploymentRequest, EntityRef } from '../../types';
import type { EnvironmentPolicy } from '../config';
import { displayRef } from '../describe';
import type {
  ApprovalsOutcome,
  ApproverCheck,
  ApproverRefusal,
  PolicyFacts,
} from '../types';

/**
 * Why `userRef` may not approve at all, whatever the request's state: self-approval by the
 * requester or the commit author (always forbidden), separation of duties, not an allowed approver.
 */
function approverRefusal(
  policy: EnvironmentPolicy,
  request: DeploymentRequest,
  facts: PolicyFacts,
  userRef: EntityRef,
): { refusal: ApproverRefusal; reason: string } | undefined {
  const name = displayRef(userRef);
  if (
    request.requester.kind === 'user' &&
    request.requester.userRef === userRef
  ) {
    return {
      refusal: 'requester',
      reason: `${name} requested it, so ${name} cannot approve`,
    };
  }
  if (request.requester.commitAuthor === userRef) {
    return {
      refusal: 'commit-author',
      reason: `${name} wrote the commit, so ${name} cannot approve`,
    };
  }
  if (policy.separationOfDuties && facts.owningGroupMembers.includes(userRef)) {
    const owner = facts.owningGroupRef
      ? displayRef(facts.owningGroupRef)
      : 'the owning group';
    return {
      refusal: 'separation-of-duties',
      reason: `${name} is a member of ${owner}, which owns the service, so ${name} cannot approve (separation of duties)`,
    };
  }
  if (!isAllowedApprover(policy, facts, userRef)) {
    return {
      refusal: 'not-allowed',
      reason: `${name} is not ${describeAllowed(
        policy,
      )}, so ${name} cannot approve`,
    };
  }
  return undefined;
}

/** Own keys only: a user ref is never looked up on the object's prototype. */
function groupsOf(facts: PolicyFacts, userRef: EntityRef): EntityRef[] {
  return Object.hasOwn(facts.userGroups, userRef)
    ? facts.userGroups[userRef]
    : [];
}

/** Members of allowed and of required groups, and allowed users, may approve. */
function isAllowedApprover(
  policy: EnvironmentPolicy,
  facts: PolicyFacts,
  userRef: EntityRef,
): boolean {
  const { allowedGroups, allowedUsers, requiredGroups } = policy.approvals;
  if (allowedUsers.includes(userRef)) return true;
  const groups = groupsOf(facts, userRef);
  return [...allowedGroups, ...requiredGroups].some(group =>
    groups.includes(group),
  );
}

function describeAllowed(policy: EnvironmentPolicy): string {
  const { allowedGroups, allowedUsers, requiredGroups } = policy.approvals;
  const groups = [...new Set([...allowedGroups, ...requiredGroups])].map(
    displayRef,
  );
  const parts = [
    ...(groups.length > 0 ? [`in ${groups.join(' or ')}`] : []),
    ...(allowedUsers.length > 0
      ? [`one of ${allowedUsers.map(displayRef).join(', ')}`]
      : []),
  ];
  return parts.length > 0 ? parts.join(' nor ') : 'allowed to approve here';
}

function approverSource(policy: EnvironmentPolicy): string {
  const { allowedGroups, allowedUsers, requiredGroups } = policy.approvals;
  const sources = [
    ...new Set([...allowedGroups, ...requiredGroups]),
    ...allowedUsers,
  ].map(displayRef);
  return sources.join(' or ');
}

export function checkApprover(
  policy: EnvironmentPolicy,
  request: DeploymentRequest,
  facts: PolicyFacts,
  userRef: EntityRef,
): ApproverCheck {
  const name = displayRef(userRef);
  if (request.state !== 'awaiting-approval') {
    return {
      allowed: false,
      refusal: 'not-awaiting-approval',
      reason: `the request is ${request.state}, not awaiting approval`,
    };
  }
  if (request.approvals.some(approval => approval.userRef === userRef)) {
    return {
      allowed: false,
      refusal: 'already-approved',
      reason: `${name} has already approved`,
    };
  }
  const refusal = approverRefusal(policy, request, facts, userRef);
  if (refusal) return { allowed: false, ...refusal };
  return { allowed: true, reason: `${name} may approve` };
}

function approvalExpiry(
  policy: EnvironmentPolicy,
  approval: Approval,
): number | undefined {
  const hours = policy.expiry?.approvalsHours;
  return hours === undefined
    ? undefined
    : Date.parse(approval.at) + hours * 3_600_000;
}

/**
 * Counts approvals: one per person (the first), not expired, from someone allowed to approve.
 * Approvals that do not count are listed with the reason, so nobody wonders where theirs went.
 */
export function evaluateApprovals(
  policy: EnvironmentPolicy,
  request: DeploymentRequest,
  facts: PolicyFacts,
): ApprovalsOutcome {
  const counted: EntityRef[] = [];
  const notCounted: { userRef: EntityRef; reason: string }[] = [];
  const seen = new Set<EntityRef>();
  for (const approval of request.approvals) {
    if (seen.has(approval.userRef)) continue;
    seen.add(approval.userRef);
    const expiresAt = approvalExpiry(policy, approval);
    const refusal = approverRefusal(policy, request, facts, approval.userRef);
    if (expiresAt !== undefined && facts.now.getTime() >= expiresAt) {
      notCounted.push({
        userRef: approval.userRef,
        reason: `${displayRef(
          approval.userRef,
        )}'s approval expired at ${new Date(expiresAt).toISOString()}`,
      });
    } else if (refusal) {
      notCounted.push({ userRef: approval.userRef, reason: refusal.reason });
    } else {
      counted.push(approval.userRef);
    }
  }

  const { required, requiredGroups } = policy.approvals;
  const missingApprovals = Math.max(0, required - counted.length);
  const missingGroups = requiredGroups.filter(
    group => !counted.some(userRef => groupsOf(facts, userRef).includes(group)),
  );
  const tally = `${counted.length} of ${required}${
    counted.length > 0 ? `: ${counted.map(displayRef).join(', ')}` : ''
  }`;
  const shortfalls = [
    ...(missingApprovals > 0
      ? [
          `needs ${missingApprovals} more approval${
            missingApprovals === 1 ? '' : 's'
          } from ${approverSource(policy)}`,
        ]
      : []),
    ...missingGroups.map(
      group => `needs an approval from a member of ${displayRef(group)}`,
    ),
  ];
  const met = shortfalls.length === 0;
  let message: string;
  if (met) {
    message =
      required === 0 && requiredGroups.length === 0
        ? 'no approval needed'
        : `approved (${tally})`;
  } else {
    message = `${shortfalls.join('; ')} (${tally})`;
  }
  return {
    rule: 'approvals',
    status: met ? 'met' : 'not-met',
    message,
    counted,
    notCounted,
    missingApprovals,
    missingGroups,
  };
}
