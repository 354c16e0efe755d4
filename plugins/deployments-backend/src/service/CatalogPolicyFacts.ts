import type {
  DeploymentRequest,
  PolicyFacts,
} from '@sparki/deployments-common';
import { CatalogFacts } from '../facts/CatalogFacts';
import { PostureClient } from '../facts/PostureClient';
import { GatheredFacts, PolicyFactsSource } from './PolicyFactsSource';

/**
 * Facts from the catalog (owning group, its members, each user's groups, the environment's
 * cluster), the security-posture backend (that cluster's latest snapshot) and the stored
 * decisions (what is live in the previous environment, for the bake time).
 */
export class CatalogPolicyFacts implements PolicyFactsSource {
  constructor(
    private readonly catalog: CatalogFacts,
    private readonly posture: PostureClient,
    private readonly previousLive: (
      serviceRef: string,
      environment: string,
    ) => Promise<PolicyFacts['previousEnvironmentLive']>,
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
    const [owning, postureSnapshot, previousEnvironmentLive] =
      await Promise.all([
        service ? this.catalog.owningGroup(service) : noOwner,
        cluster ? this.posture.latestSnapshot(cluster) : undefined,
        this.previousLive(request.serviceRef, request.environment),
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
      ...(previousEnvironmentLive ? { previousEnvironmentLive } : {}),
    };
  }
}
