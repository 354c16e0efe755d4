import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
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
    const members = new Set<string>();
    const seen = new Set<string>();
    let level = [owningGroupRef];
    for (let depth = 0; depth < MAX_GROUP_DEPTH && level.length > 0; depth++) {
      level.forEach(ref => seen.add(ref));
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: level },
        await this.credentials(),
      );
      const next: string[] = [];
      for (const group of items) {
        targets(group, RELATION_HAS_MEMBER).forEach(ref => members.add(ref));
        for (const child of targets(group, RELATION_PARENT_OF)) {
          if (!seen.has(child)) next.push(child);
        }
      }
      level = next;
    }
    return { owningGroupRef, members: [...members] };
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
