import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The annotations of `examples/catalog/resources.yaml` that tie an environment to its cluster. */
export const TIER_ANNOTATION = 'sparki.io/tier';
export const CLUSTER_NAME_ANNOTATION = 'sparki.io/cluster-name';

/** How deep nested groups are followed (a guard against a cycle in bad catalog data). */
const MAX_GROUP_DEPTH = 10;

function targets(entity: Entity | undefined, type: string): string[] {
  return (entity?.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef);
}

/**
 * What the policy needs to know from the catalog, read with the plugin's own credentials (the
 * facts must not depend on what the caller may see).
 */
export class CatalogFacts {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  async entity(entityRef: string): Promise<Entity | undefined> {
    return this.catalog.getEntityByRef(entityRef, await this.credentials());
  }

  /** The service's owning group and every user in it, nested groups included. */
  async owningGroup(
    service: Entity,
  ): Promise<{ owningGroupRef?: string; members: string[] }> {
    const owningGroupRef = targets(service, RELATION_OWNED_BY).find(ref =>
      ref.startsWith('group:'),
    );
    if (!owningGroupRef) return { members: [] };
    return { owningGroupRef, members: await this.membersOf([owningGroupRef]) };
  }

  /** Every user in these groups, nested groups (`parentOf`) included. */
  async membersOf(groupRefs: string[]): Promise<string[]> {
    const members = new Set<string>();
    const seen = new Set<string>();
    let level = [...new Set(groupRefs)];
    for (let depth = 0; depth < MAX_GROUP_DEPTH && level.length > 0; depth++) {
      level.forEach(ref => seen.add(ref));
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: level },
        await this.credentials(),
      );
      const next = new Set<string>();
      for (const group of items) {
        targets(group, RELATION_HAS_MEMBER).forEach(ref => members.add(ref));
        for (const child of targets(group, RELATION_PARENT_OF)) {
          if (!seen.has(child)) next.add(child);
        }
      }
      level = [...next];
    }
    return [...members];
  }

  /** The groups each user is a direct member of. */
  async groupsOf(userRefs: string[]): Promise<Record<string, string[]>> {
    const unique = [...new Set(userRefs)];
    if (unique.length === 0) return {};
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: unique },
      await this.credentials(),
    );
    return Object.fromEntries(
      unique.map((ref, index) => [
        ref,
        targets(items[index], RELATION_MEMBER_OF),
      ]),
    );
  }

  /**
   * The environments (tiers) a service runs in: the `environment` Resources it depends on, or
   * that a Resource it depends on (its database, its cache) depends on.
   */
  async environmentsOf(service: Entity): Promise<string[]> {
    const dependencies = targets(service, RELATION_DEPENDS_ON);
    if (dependencies.length === 0) return [];
    const [{ items: environments }, { items: resources }] = await Promise.all([
      this.catalog.getEntities(
        { filter: { kind: 'Resource', 'spec.type': 'environment' } },
        await this.credentials(),
      ),
      this.catalog.getEntitiesByRefs(
        { entityRefs: dependencies },
        await this.credentials(),
      ),
    ]);
    const tierByRef = new Map<string, string>();
    for (const environment of environments) {
      const tier = environment.metadata.annotations?.[TIER_ANNOTATION];
      if (tier) tierByRef.set(stringifyEntityRef(environment), tier);
    }
    const tiers = new Set<string>();
    dependencies.forEach((ref, index) => {
      const direct = tierByRef.get(ref);
      if (direct) tiers.add(direct);
      for (const indirect of targets(resources[index], RELATION_DEPENDS_ON)) {
        const tier = tierByRef.get(indirect);
        if (tier) tiers.add(tier);
      }
    });
    return [...tiers];
  }

  /**
   * The cluster of an environment: the `environment` Resource whose `sparki.io/tier` is the
   * environment's name, and the `kubernetes-cluster` Resource it depends on.
   */
  async clusterOf(environment: string): Promise<string | undefined> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'Resource', 'spec.type': 'environment' } },
      await this.credentials(),
    );
    const resource = items.find(
      item => item.metadata.annotations?.[TIER_ANNOTATION] === environment,
    );
    const dependencies = targets(resource, RELATION_DEPENDS_ON);
    if (dependencies.length === 0) return undefined;
    const { items: resources } = await this.catalog.getEntitiesByRefs(
      { entityRefs: dependencies },
      await this.credentials(),
    );
    const cluster = resources.find(
      item => item?.spec?.type === 'kubernetes-cluster',
    );
    return cluster?.metadata.annotations?.[CLUSTER_NAME_ANNOTATION];
  }
}
