import { KubeObject } from '../inventory';

/** A namespaced API resource: where it is listed and the kind its objects have. */
export interface NamespacedResource {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name of the list path, e.g. `configmaps`. */
  resource: string;
  kind: string;
}

/**
 * The namespaced resources a live scan lists in the `default` namespace, besides those the
 * inventory holds cluster-wide (workloads, ServiceAccounts, Roles, RoleBindings, NetworkPolicies),
 * for CIS 5.6.4. Not listed: Events and what is derived from objects that are listed (Endpoints
 * and EndpointSlices of Services, ControllerRevisions of workloads); custom resources would need
 * API discovery.
 */
export const defaultNamespaceResources: readonly NamespacedResource[] =
  Object.freeze([
    { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
    { group: '', version: 'v1', resource: 'secrets', kind: 'Secret' },
    { group: '', version: 'v1', resource: 'services', kind: 'Service' },
    {
      group: '',
      version: 'v1',
      resource: 'persistentvolumeclaims',
      kind: 'PersistentVolumeClaim',
    },
    {
      group: '',
      version: 'v1',
      resource: 'replicationcontrollers',
      kind: 'ReplicationController',
    },
    { group: '', version: 'v1', resource: 'podtemplates', kind: 'PodTemplate' },
    { group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange' },
    {
      group: '',
      version: 'v1',
      resource: 'resourcequotas',
      kind: 'ResourceQuota',
    },
    {
      group: 'networking.k8s.io',
      version: 'v1',
      resource: 'ingresses',
      kind: 'Ingress',
    },
    {
      group: 'autoscaling',
      version: 'v2',
      resource: 'horizontalpodautoscalers',
      kind: 'HorizontalPodAutoscaler',
    },
    {
      group: 'policy',
      version: 'v1',
      resource: 'poddisruptionbudgets',
      kind: 'PodDisruptionBudget',
    },
    {
      group: 'coordination.k8s.io',
      version: 'v1',
      resource: 'leases',
      kind: 'Lease',
    },
  ]);

/**
 * Built-in kinds known to be namespaced, by `group/kind`: a manifest object of one of these
 * without a namespace lands in `default`. A custom resource's scope is not in its manifest, so one
 * without a namespace is not assumed to be in `default`.
 */
export const namespacedBuiltInKinds: ReadonlySet<string> = new Set([
  ...defaultNamespaceResources.map(({ group, kind }) => `${group}/${kind}`),
  '/Endpoints',
  '/Event',
  'events.k8s.io/Event',
  'discovery.k8s.io/EndpointSlice',
  'apps/ControllerRevision',
  'storage.k8s.io/CSIStorageCapacity',
]);

/**
 * What the inventory keeps of an object in `default`: its identity and labels. Everything else
 * is dropped, data and annotations included: a Secret's values (also copied into kubectl's
 * `last-applied-configuration` annotation) must never reach the inventory or its snapshots.
 */
export function metadataOnly(
  object: KubeObject,
  apiVersion: string,
  kind: string,
): KubeObject {
  const { name, namespace, labels, ownerReferences } = object.metadata;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace: namespace ?? 'default',
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      ...(ownerReferences && ownerReferences.length > 0
        ? { ownerReferences }
        : {}),
    },
  };
}
