import type {
  DeploymentRequest,
  PolicyFacts,
} from '@sparki/deployments-common';

/** Everything `evaluatePolicy` needs but the time: group membership, posture, what runs where. */
export type GatheredFacts = Omit<PolicyFacts, 'now'>;

export interface PolicyFactsSource {
  /**
   * The facts for one request. They depend on its service and environment only (and on the
   * users asked about), so one gathering serves every request of the same service and
   * environment. `userGroups` covers `userRefs` (the approvers and whoever asks);
   * `knownGroups` are groups already known for a user (the caller's ownership refs).
   */
  gather(
    request: DeploymentRequest,
    userRefs: string[],
    knownGroups?: Record<string, string[]>,
  ): Promise<GatheredFacts>;
}
