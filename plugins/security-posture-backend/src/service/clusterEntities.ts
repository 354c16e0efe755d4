import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Catalog annotation naming the cluster a Resource stands for. */
export const clusterNameAnnotation = 'sparki.io/cluster-name';

/**
 * Cluster name → catalog entity ref, read with the caller's credentials so catalog permissions
 * apply. The catalog being unavailable leaves clusters unlinked instead of failing the request.
 */
export function createClusterEntityResolver(
  catalog: CatalogService,
  logger: LoggerService,
) {
  return async (
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> => {
    const refs = new Map<string, string>();
    try {
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${clusterNameAnnotation}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials },
      );
      for (const entity of items) {
        const cluster = entity.metadata.annotations?.[clusterNameAnnotation];
        if (cluster && !refs.has(cluster))
          refs.set(cluster, stringifyEntityRef(entity));
      }
    } catch (error) {
      logger.warn(
        `Could not link clusters to catalog entities: ${
          (error as Error).message
        }`,
      );
    }
    return refs;
  };
}
