import type { DeploymentRequest } from '@sparki/deployments-common';
import { CatalogFacts } from '../facts/CatalogFacts';
import { PostureClient } from '../facts/PostureClient';
import { GatheredFacts, PolicyFactsSource } from './PolicyFactsSource';

/**
 * Facts from the catalog (owning group, its members, each user's groups, the environment's
 * cluster) and the security-posture backend (that cluster's latest snapshot). What runs in the
 * previous environment is not known yet (no deploy reaches `live` before the gates exist), so a
 * configured bake time is not met.
 */
export class CatalogPolicyFacts implements PolicyFactsSource {
  constructor(
    private readonly catalog: CatalogFacts,
    private readonly posture: PostureClient,
  ) {}

  async gather(
    request: DeploymentRequest,
    userRefs: string[],
    knownGroups: Record<string, string[]> = {},
  ): Promise<GatheredFacts> {
    const [service, userGroups, cluster] = await Promise.all([
      this.catalog.entity(request.serviceRef),
      this.catalog.groupsOf(userRefs),
      this.catalog.clusterOf(request.environment),
    ]);
    const noOwner: { owningGroupRef?: string; members: string[] } = {
      members: [],
    };
    const [owning, postureSnapshot] = await Promise.all([
      service ? this.catalog.owningGroup(service) : noOwner,
      cluster ? this.posture.latestSnapshot(cluster) : undefined,
    ]);
    for (const [userRef, groups] of Object.entries(knownGroups)) {
      userGroups[userRef] = [
        ...new Set([...(userGroups[userRef] ?? []), ...groups]),
      ];
    }
    return {
      owningGroupRef: owning.owningGroupRef,
      owningGroupMembers: owning.members,
      userGroups,
      ...(postureSnapshot ? { postureSnapshot } : {}),
    };
  }
}
