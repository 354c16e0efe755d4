import { ClusterInventory, KubeObject } from '../inventory';
import { ResourceRef } from '../controls';
import {
  compileLabelSelector,
  LabelMatcher,
  Labels,
  selectsEverything,
} from '../kube/labelSelector';

/** A NetworkPolicy compiled for fast matching. */
export interface CompiledNetworkPolicy {
  ref: ResourceRef;
  selects: LabelMatcher;
  selectsAllPods: boolean;
  /** Whether the policy isolates selected pods for ingress / egress (its effective policyTypes). */
  ingress: boolean;
  egress: boolean;
  /** Selects every pod and allows no ingress (resp. egress): a default-deny policy. */
  denyAllIngress: boolean;
  denyAllEgress: boolean;
}

/**
 * The policy types a NetworkPolicy affects. As Kubernetes defaults them: when `policyTypes` is
 * unset, every policy affects Ingress, and Egress too only if it has a non-empty `egress` list.
 */
export function effectivePolicyTypes(policy: KubeObject): {
  ingress: boolean;
  egress: boolean;
} {
  const declared: string[] | undefined = policy.spec?.policyTypes;
  if (declared && declared.length > 0) {
    return {
      ingress: declared.includes('Ingress'),
      egress: declared.includes('Egress'),
    };
  }
  return { ingress: true, egress: (policy.spec?.egress ?? []).length > 0 };
}

export function compileNetworkPolicy(
  policy: KubeObject,
): CompiledNetworkPolicy {
  const namespace = policy.metadata.namespace ?? 'default';
  // podSelector is required by the API; a manifest that omits it is read as `{}` like kubectl does.
  const podSelector = policy.spec?.podSelector ?? {};
  const { ingress, egress } = effectivePolicyTypes(policy);
  const selectsAllPods = selectsEverything(podSelector);
  return {
    ref: { kind: 'NetworkPolicy', name: policy.metadata.name, namespace },
    selects: compileLabelSelector(podSelector),
    selectsAllPods,
    ingress,
    egress,
    denyAllIngress:
      selectsAllPods && ingress && (policy.spec?.ingress ?? []).length === 0,
    denyAllEgress:
      selectsAllPods && egress && (policy.spec?.egress ?? []).length === 0,
  };
}

export interface NetworkPolicyIndex {
  /** Policies by namespace; select-all policies first so coverage checks stop early. */
  byNamespace: Map<string, CompiledNetworkPolicy[]>;
}

export function buildNetworkPolicyIndex(
  inventory: ClusterInventory,
): NetworkPolicyIndex {
  const byNamespace = new Map<string, CompiledNetworkPolicy[]>();
  for (const policy of inventory.objects.networkpolicies ?? []) {
    const compiled = compileNetworkPolicy(policy);
    const namespace = compiled.ref.namespace!;
    const list = byNamespace.get(namespace) ?? [];
    list.push(compiled);
    byNamespace.set(namespace, list);
  }
  for (const list of byNamespace.values()) {
    list.sort((a, b) => Number(b.selectsAllPods) - Number(a.selectsAllPods));
  }
  return { byNamespace };
}

/** Whether a pod with these labels is isolated for ingress / egress by some policy. */
export function podIsolation(
  index: NetworkPolicyIndex,
  namespace: string,
  labels: Labels,
): { ingress: boolean; egress: boolean } {
  let ingress = false;
  let egress = false;
  for (const policy of index.byNamespace.get(namespace) ?? []) {
    if ((policy.ingress && !ingress) || (policy.egress && !egress)) {
      if (policy.selects(labels)) {
        ingress = ingress || policy.ingress;
        egress = egress || policy.egress;
      }
    }
    if (ingress && egress) {
      break;
    }
  }
  return { ingress, egress };
}
