import type { EnvironmentPolicy } from '../policy/config';
import { parseEnvironmentPolicy } from '../policy/config';
import type { PolicyFacts } from '../policy/types';
import type { DeploymentRequest } from '../types';

export const carol = 'user:default/carol';
export const dave = 'user:default/dave';
export const erin = 'user:default/erin';
export const frank = 'user:default/frank';
export const releaseApprovers = 'group:default/release-approvers';
export const security = 'group:default/security';
export const paymentsTeam = 'group:default/payments-team';

/** A policy through the real parser, so tests see what config would produce. */
export function policyOf(raw: unknown): EnvironmentPolicy {
  const parsed = parseEnvironmentPolicy(raw, 'test');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.policy;
}

export function requestOf(
  overrides: Partial<DeploymentRequest> = {},
): DeploymentRequest {
  return {
    id: 'req-1',
    serviceRef: 'component:default/payments',
    environment: 'prod',
    version: {
      commitSha: 'abc1234def5678',
      tag: 'v1.4.0',
      imageDigest: 'sha256:aaa',
    },
    requester: { kind: 'user', userRef: carol },
    reason: 'release 1.4',
    state: 'awaiting-approval',
    approvals: [],
    overrides: [],
    decisions: [],
    providerRefs: [],
    createdAt: '2026-03-30T08:00:00.000Z',
    updatedAt: '2026-03-30T08:00:00.000Z',
    revision: 1,
    ...overrides,
  };
}

export function approvalBy(userRef: string, at = '2026-03-30T08:30:00.000Z') {
  return {
    userRef,
    at,
    policyHash: 'sha256:test',
    eventId: `approve-${userRef}-${at}`,
  };
}

export function factsOf(overrides: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    now: new Date('2026-03-30T09:00:00.000Z'),
    owningGroupRef: paymentsTeam,
    owningGroupMembers: [carol, frank],
    userGroups: {
      [carol]: [paymentsTeam, releaseApprovers],
      [dave]: [releaseApprovers],
      [erin]: [releaseApprovers, security],
      [frank]: [paymentsTeam, releaseApprovers],
    },
    ...overrides,
  };
}
