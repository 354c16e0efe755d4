import type { KubeObject } from '../inventory';
import type { LabelSelector } from '../kube/labelSelector';
import master from './builtinRoles/master.json';
import type { PolicyRule, RbacSubject } from './policyRule';

/** A default ClusterRole or Role of the API server's bootstrap policy, trimmed to what RBAC reads. */
export interface BuiltInRole {
  name: string;
  /** Roles only (namespace-roles.yaml). */
  namespace?: string;
  labels?: Record<string, string>;
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  rules?: PolicyRule[];
}

export interface BuiltInBinding {
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects?: RbacSubject[];
}

/**
 * The RBAC objects the API server creates and reconciles at start, as upstream's bootstrap policy
 * test data (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/`) lists them.
 */
export interface BuiltInRbacPolicy {
  /** `master`, or `v1.N` for a release's data. */
  release: string;
  /** Set for a release's data; the development branch has none and counts as the newest. */
  kubernetesMinor?: number;
  /** Repository, commit and file each list was taken from. */
  sources: string[];
  clusterRoles: BuiltInRole[];
  clusterRoleBindings: BuiltInBinding[];
  roles: BuiltInRole[];
  roleBindings: BuiltInBinding[];
}

/** Shipped data, oldest first (see `builtinRoles/README.md`). */
export const builtInRbacPolicies: readonly BuiltInRbacPolicy[] = [
  master as BuiltInRbacPolicy,
];

export interface SelectedBuiltInPolicy {
  policy: BuiltInRbacPolicy;
  /** Which data is used for the rules of roles the inventory lacks, and why. */
  note: string;
}

function describePolicy(policy: BuiltInRbacPolicy): string {
  return `bootstrap policy ${policy.release}`;
}

/**
 * The data for the cluster's Kubernetes minor (`v1.30.4-eks-…` → 30) when shipped, else the newest:
 * a role gains permissions over releases far more often than it loses any.
 */
export function selectBuiltInPolicy(
  kubernetesVersion: string | undefined,
): SelectedBuiltInPolicy {
  const newest = builtInRbacPolicies[builtInRbacPolicies.length - 1];
  const minor = /^v?1\.(\d+)/.exec(kubernetesVersion ?? '')?.[1];
  if (minor === undefined) {
    return {
      policy: newest,
      note: `cluster version unknown: roles the inventory lacks are taken from the newest shipped ${describePolicy(
        newest,
      )}`,
    };
  }
  const exact = builtInRbacPolicies.find(
    policy => policy.kubernetesMinor === Number(minor),
  );
  if (exact) {
    return {
      policy: exact,
      note: `roles the inventory lacks are taken from the ${describePolicy(
        exact,
      )} of the cluster's v1.${minor}`,
    };
  }
  return {
    policy: newest,
    note: `no bootstrap policy shipped for the cluster's v1.${minor}: roles the inventory lacks are taken from the newest shipped ${describePolicy(
      newest,
    )}`,
  };
}

const wildcard = '*';

function listOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function covers(granted: string[], wanted: string): boolean {
  return granted.includes(wildcard) || granted.includes(wanted);
}

/** Kubernetes' resource matching, where the wanted value may itself be `*` or `*\/sub`. */
function resourceCovered(granted: string[], wanted: string): boolean {
  if (granted.includes(wildcard) || granted.includes(wanted)) return true;
  const slash = wanted.indexOf('/');
  return slash > 0 && granted.includes(`*${wanted.slice(slash)}`);
}

/** `/healthz/*` covers `/healthz/etcd`; `*` covers everything. */
function urlCovered(granted: string[], wanted: string): boolean {
  return granted.some(
    url =>
      url === wanted ||
      (url.endsWith('*') && wanted.startsWith(url.slice(0, -1))),
  );
}

/**
 * Whether every permission `rule` grants is granted by one of `defaults`: each verb on each
 * group/resource (limited to the rule's resourceNames, if any) or non-resource URL.
 */
function ruleWithin(rule: PolicyRule, defaults: PolicyRule[]): boolean {
  const verbs = listOf(rule.verbs);
  const urls = listOf(rule.nonResourceURLs);
  const groups = listOf(rule.apiGroups);
  const resources = listOf(rule.resources);
  const names = listOf(rule.resourceNames);
  return verbs.every(verb => {
    const forVerb = defaults.filter(d => covers(listOf(d.verbs), verb));
    const urlsOk = urls.every(url =>
      forVerb.some(d => urlCovered(listOf(d.nonResourceURLs), url)),
    );
    const resourcesOk = groups.every(group =>
      resources.every(resource =>
        forVerb.some(d => {
          const defaultNames = listOf(d.resourceNames);
          return (
            covers(listOf(d.apiGroups), group) &&
            resourceCovered(listOf(d.resources), resource) &&
            (defaultNames.length === 0 ||
              (names.length > 0 &&
                names.every(name => defaultNames.includes(name))))
          );
        }),
      ),
    );
    return urlsOk && resourcesOk;
  });
}

function rulesWithin(rules: unknown, defaults: PolicyRule[]): boolean {
  return listOfRules(rules).every(rule => ruleWithin(rule, defaults));
}

function listOfRules(rules: unknown): PolicyRule[] {
  return Array.isArray(rules) ? rules : [];
}

/** Label selectors compared regardless of key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${canonical(
            (value as Record<string, unknown>)[key],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function subjectKey(subject: RbacSubject, bindingNamespace?: string): string {
  const namespace =
    subject.kind === 'ServiceAccount'
      ? subject.namespace ?? bindingNamespace ?? ''
      : '';
  return `${subject.kind}/${namespace}/${subject.name}`;
}

type RbacKind = 'ClusterRole' | 'Role' | 'ClusterRoleBinding' | 'RoleBinding';

function defaultsOf(
  policy: BuiltInRbacPolicy,
  kind: RbacKind,
): Array<BuiltInRole | BuiltInBinding> {
  switch (kind) {
    case 'ClusterRole':
      return policy.clusterRoles;
    case 'Role':
      return policy.roles;
    case 'ClusterRoleBinding':
      return policy.clusterRoleBindings;
    default:
      return policy.roleBindings;
  }
}

type NamedDefaults = Map<string, Array<BuiltInRole | BuiltInBinding>>;

const defaultsByName = new Map<
  BuiltInRbacPolicy,
  Map<RbacKind, NamedDefaults>
>();

/**
 * The defaults of a kind with a name, in data order: every RBAC object of a scan is looked up, so
 * each shipped list is indexed by name once instead of being searched per object.
 */
function defaultsNamed(
  policy: BuiltInRbacPolicy,
  kind: RbacKind,
  name: unknown,
): Array<BuiltInRole | BuiltInBinding> | undefined {
  let byKind = defaultsByName.get(policy);
  if (!byKind) {
    byKind = new Map();
    defaultsByName.set(policy, byKind);
  }
  let byName = byKind.get(kind);
  if (!byName) {
    byName = new Map();
    for (const candidate of defaultsOf(policy, kind)) {
      const named = byName.get(candidate.name);
      if (named) named.push(candidate);
      else byName.set(candidate.name, [candidate]);
    }
    byKind.set(kind, byName);
  }
  return typeof name === 'string' ? byName.get(name) : undefined;
}

function withinRole(object: KubeObject, role: BuiltInRole): boolean {
  if (role.aggregationRule) {
    // The aggregation controller rewrites an aggregated role's rules: only its selectors are its own.
    return (
      canonical(object.aggregationRule) === canonical(role.aggregationRule)
    );
  }
  return (
    !object.aggregationRule?.clusterRoleSelectors?.length &&
    rulesWithin(object.rules, role.rules ?? [])
  );
}

function withinBinding(
  object: KubeObject,
  binding: BuiltInBinding,
  namespace: string,
): boolean {
  const defaults = new Set(
    (binding.subjects ?? []).map(s => subjectKey(s, binding.namespace)),
  );
  const subjects: RbacSubject[] = Array.isArray(object.subjects)
    ? object.subjects
    : [];
  return (
    object.roleRef?.kind === binding.roleRef.kind &&
    object.roleRef?.name === binding.roleRef.name &&
    subjects.every(s => defaults.has(subjectKey(s, namespace)))
  );
}

/**
 * Whether an RBAC object of the inventory is an upstream default: same name (and namespace) as an
 * object of a shipped bootstrap policy, of any release, and granting nothing beyond it (rules
 * within the default's; a binding with the default's roleRef and no other subjects). Returns why,
 * for the record, or undefined. Names, labels and annotations alone prove nothing: anyone can set
 * them. `namespace` is where the object is judged to be (a binding's, as its grant resolves it),
 * by default its own.
 */
export function upstreamDefaultReason(
  object: KubeObject,
  kind: RbacKind,
  namespace: string = object.metadata.namespace ?? 'default',
): string | undefined {
  const namespaced = kind === 'Role' || kind === 'RoleBinding';
  for (const policy of builtInRbacPolicies) {
    const match = defaultsNamed(policy, kind, object.metadata.name)?.find(
      candidate => !namespaced || candidate.namespace === namespace,
    );
    if (!match) continue;
    const within =
      kind === 'ClusterRole' || kind === 'Role'
        ? withinRole(object, match as BuiltInRole)
        : withinBinding(object, match as BuiltInBinding, namespace);
    if (within) {
      return `upstream default ${kind} "${namespaced ? `${namespace}/` : ''}${
        object.metadata.name
      }" (grants nothing beyond the ${describePolicy(policy)})`;
    }
  }
  return undefined;
}
