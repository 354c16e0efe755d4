/**
 * What a scan collects from one cluster. Objects are kept as the API returns them (plain JSON of
 * the Kubernetes resource), so evaluators read the same shape whether the inventory came from a
 * live API server, a manifest directory or a file given to the CLI.
 */

/** The minimal shape every Kubernetes object shares; fields beyond these are read by evaluators. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{
      kind: string;
      name: string;
      uid?: string;
      controller?: boolean;
    }>;
    [key: string]: unknown;
  };
  [key: string]: any;
}

/** The kinds a scan collects; each but the last maps to one list call against the API server. */
export const inventoryKinds = [
  'namespaces',
  'pods',
  'deployments',
  'statefulsets',
  'daemonsets',
  'replicasets',
  'jobs',
  'cronjobs',
  'networkpolicies',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'serviceaccounts',
  'validatingwebhookconfigurations',
  // The objects in the `default` namespace of kinds not held above (ConfigMaps, Secrets,
  // Services, Ingresses...), identity and labels only (`metadataOnly`), for CIS 5.6.4. Read with
  // one list per resource of `defaultNamespaceResources`.
  'defaultnamespaceobjects',
] as const;

export type InventoryKind = (typeof inventoryKinds)[number];

/** A kind the collector could not read completely: controls that need it are `unknown`. */
export interface UnavailableKind {
  kind: InventoryKind;
  /** Why: e.g. `403 Forbidden`, `404 Not Found`, `timeout after 10000 ms`. */
  reason: string;
}

export interface ClusterInventory {
  /** Cluster name as configured (e.g. `sparki-prod`). */
  cluster: string;
  /** ISO-8601 time the collection finished. */
  collectedAt: string;
  objects: Record<InventoryKind, KubeObject[]>;
  unavailable: UnavailableKind[];
  /**
   * The API server's version (`/version` gitVersion, e.g. `v1.30.4-eks-a737599`), when known:
   * picks the bootstrap policy whose default roles stand in for roles the inventory lacks.
   */
  kubernetesVersion?: string;
}

/** An inventory with every kind present and empty: the start of a collection. */
export function emptyInventory(
  cluster: string,
  collectedAt: string,
): ClusterInventory {
  return {
    cluster,
    collectedAt,
    objects: Object.fromEntries(
      inventoryKinds.map(kind => [kind, []]),
    ) as unknown as Record<InventoryKind, KubeObject[]>,
    unavailable: [],
  };
}
