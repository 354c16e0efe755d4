import { ClusterInventory, KubeObject } from '../inventory';
import { listPodWorkloads, PodWorkload } from '../kube/workloads';
import { buildRbacIndex, RbacIndex } from '../rbac/rbacIndex';
import {
  newPodSecurityResults,
  PodSecurityResults,
} from '../podSecurity/workloadPodSecurity';
import {
  buildNetworkPolicyIndex,
  NetworkPolicyIndex,
} from '../network/networkPolicyIndex';

/**
 * Namespaces that run the cluster itself. Workload, namespace-policy and NetworkPolicy controls
 * skip them (CIS §5.2 scopes its recommendations to "namespaces which have user workloads", and
 * EKS add-ons such as aws-node and kube-proxy must run privileged there); RBAC controls do not.
 */
export const defaultSystemNamespaces = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

export interface EvaluationOptions {
  /** Pod Security Standards version for the `pss-*` controls: `latest` (default) or `v1.N`. */
  pssVersion?: string;
  /** Namespaces treated as system namespaces; defaults to {@link defaultSystemNamespaces}. */
  systemNamespaces?: string[];
}

/** What every control reads: the inventory plus indexes built once per evaluation. */
export interface EvaluationContext {
  inventory: ClusterInventory;
  pssVersion: string;
  isSystemNamespace(namespace: string): boolean;
  /** Pods and pod templates, each once (see `listPodWorkloads`). */
  readonly workloads: PodWorkload[];
  /** Workloads outside system namespaces. */
  readonly userWorkloads: PodWorkload[];
  /** Namespace objects outside system namespaces. */
  readonly userNamespaces: KubeObject[];
  readonly namespacesByName: Map<string, KubeObject>;
  readonly serviceAccounts: Map<string, KubeObject>;
  readonly rbac: RbacIndex;
  readonly networkPolicies: NetworkPolicyIndex;
  /** Pod Security check results, shared by workloads of the same checked content. */
  readonly podSecurity: PodSecurityResults;
}

function lazy<T>(compute: () => T): () => T {
  let value: T | undefined;
  let computed = false;
  return () => {
    if (!computed) {
      value = compute();
      computed = true;
    }
    return value as T;
  };
}

/** Builds the context; indexes are computed on first use, so a single control pays only its own. */
export function createEvaluationContext(
  inventory: ClusterInventory,
  options: EvaluationOptions = {},
): EvaluationContext {
  const systemNamespaces = new Set(
    options.systemNamespaces ?? defaultSystemNamespaces,
  );
  const isSystemNamespace = (namespace: string) =>
    systemNamespaces.has(namespace);
  const workloads = lazy(() => listPodWorkloads(inventory));
  const userWorkloads = lazy(() =>
    workloads().filter(w => !isSystemNamespace(w.namespace)),
  );
  const userNamespaces = lazy(() =>
    (inventory.objects.namespaces ?? []).filter(
      ns => !isSystemNamespace(ns.metadata.name),
    ),
  );
  const namespacesByName = lazy(
    () =>
      new Map(
        (inventory.objects.namespaces ?? []).map(ns => [ns.metadata.name, ns]),
      ),
  );
  const serviceAccounts = lazy(
    () =>
      new Map(
        (inventory.objects.serviceaccounts ?? []).map(sa => [
          `${sa.metadata.namespace ?? 'default'}/${sa.metadata.name}`,
          sa,
        ]),
      ),
  );
  const rbac = lazy(() => buildRbacIndex(inventory));
  const networkPolicies = lazy(() => buildNetworkPolicyIndex(inventory));
  const podSecurity = lazy(() => newPodSecurityResults());
  return {
    inventory,
    pssVersion: options.pssVersion ?? 'latest',
    isSystemNamespace,
    get workloads() {
      return workloads();
    },
    get userWorkloads() {
      return userWorkloads();
    },
    get userNamespaces() {
      return userNamespaces();
    },
    get namespacesByName() {
      return namespacesByName();
    },
    get serviceAccounts() {
      return serviceAccounts();
    },
    get rbac() {
      return rbac();
    },
    get networkPolicies() {
      return networkPolicies();
    },
    get podSecurity() {
      return podSecurity();
    },
  };
}
