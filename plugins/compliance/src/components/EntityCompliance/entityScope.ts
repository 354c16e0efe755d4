import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { ScopeRef } from '@sparki/compliance-common';

/** The cluster (as configured in the posture backend) a cluster Resource stands for. */
export const CLUSTER_NAME_ANNOTATION = 'sparki.io/cluster-name';
/** The AWS account an entity stands for (the audit-trail plugin's annotation). */
export const ACCOUNT_ID_ANNOTATION = 'amazonaws.com/account-id';

const kindOf = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US');
const typeOf = (entity: Entity) =>
  (entity.spec as { type?: unknown } | undefined)?.type;

/**
 * The compliance scope of a catalog entity: a Kubernetes cluster Resource is its cluster, an
 * AWS account Resource its account, an environment Resource or a service Component itself (an
 * entity scope, as catalog facts and attestations report them); anything else has none.
 */
export function entityScope(entity: Entity): ScopeRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const kind = kindOf(entity);
  if (kind === 'resource' && typeOf(entity) === 'kubernetes-cluster') {
    const cluster = annotations[CLUSTER_NAME_ANNOTATION];
    return cluster ? { kind: 'cluster', id: cluster } : undefined;
  }
  if (annotations[ACCOUNT_ID_ANNOTATION] && kind === 'resource') {
    return { kind: 'account', id: annotations[ACCOUNT_ID_ANNOTATION] };
  }
  if (
    (kind === 'resource' && typeOf(entity) === 'environment') ||
    (kind === 'component' && typeOf(entity) === 'service')
  ) {
    return { kind: 'entity', id: stringifyEntityRef(entity) };
  }
  return undefined;
}

/** Clusters, accounts, environments and services get the compliance card and tab. */
export function isComplianceAvailable(entity: Entity): boolean {
  return entityScope(entity) !== undefined;
}
