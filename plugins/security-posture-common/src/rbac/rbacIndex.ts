import { ClusterInventory, KubeObject } from '../inventory';
import { ResourceRef } from '../controls';
import { compileLabelSelector, LabelSelector } from '../kube/labelSelector';

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface RbacSubject {
  kind: string;
  name: string;
  namespace?: string;
}

/** One binding, resolved: who (subjects) gets which rules, where. */
export interface Grant {
  binding: ResourceRef;
  role: ResourceRef;
  subjects: RbacSubject[];
  rules: PolicyRule[];
  /** Namespace the rules apply in; undefined for a ClusterRoleBinding (every namespace). */
  namespace?: string;
  /** Bootstrap or EKS-managed binding: excluded from the RBAC controls (see README). */
  builtIn: boolean;
  /** The referenced role does not exist: the binding grants nothing until it does. */
  roleMissing: boolean;
}

/** A Role or ClusterRole with its effective rules (aggregation resolved). */
export interface ResolvedRole {
  ref: ResourceRef;
  rules: PolicyRule[];
  builtIn: boolean;
}

export interface RbacIndex {
  grants: Grant[];
  roles: ResolvedRole[];
}

/** What an access check asks: may someone do `verb` on `resource[/subresource]` in `apiGroup`? */
export interface AccessRequest {
  verbs: string[];
  apiGroup: string;
  resource: string;
  subresource?: string;
}

/**
 * Objects Kubernetes or EKS create and reconcile themselves. CIS asks to review the bindings and
 * roles *you* create; the bootstrap policy (`system:` names, label
 * `kubernetes.io/bootstrapping=rbac-defaults`) and EKS-managed objects (`eks:` names) are
 * reconciled back on every API server start, so flagging them would give findings nobody can fix.
 */
export function isBuiltInRbacObject(object: KubeObject): boolean {
  const { name, labels } = object.metadata;
  if (name.startsWith('system:') || name.startsWith('eks:')) {
    return true;
  }
  if (labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults') {
    return true;
  }
  // The default `cluster-admin` ClusterRoleBinding, as written out by `kubectl get -o yaml` without
  // its labels: it binds only the system:masters group.
  const subjects: RbacSubject[] = object.subjects ?? [];
  return (
    object.kind === 'ClusterRoleBinding' &&
    name === 'cluster-admin' &&
    subjects.length === 1 &&
    subjects[0].kind === 'Group' &&
    subjects[0].name === 'system:masters'
  );
}

function resolveClusterRoles(
  clusterRoles: KubeObject[],
): Map<string, PolicyRule[]> {
  const byName = new Map(clusterRoles.map(role => [role.metadata.name, role]));
  const resolved = new Map<string, PolicyRule[]>();

  const resolve = (name: string, visiting: Set<string>): PolicyRule[] => {
    const cached = resolved.get(name);
    if (cached) {
      return cached;
    }
    const role = byName.get(name);
    if (!role) {
      return [];
    }
    const own: PolicyRule[] = role.rules ?? [];
    const selectors: LabelSelector[] =
      role.aggregationRule?.clusterRoleSelectors ?? [];
    if (selectors.length === 0 || visiting.has(name)) {
      // Inside a cycle, a role contributes its own rules; it is resolved fully at its own turn.
      return own;
    }
    visiting.add(name);
    const rules = new Map(own.map(rule => [JSON.stringify(rule), rule]));
    const matchers = selectors.map(compileLabelSelector);
    for (const other of clusterRoles) {
      const otherName = other.metadata.name;
      if (
        otherName !== name &&
        matchers.some(matches => matches(other.metadata.labels))
      ) {
        for (const rule of resolve(otherName, visiting)) {
          rules.set(JSON.stringify(rule), rule);
        }
      }
    }
    visiting.delete(name);
    const result = [...rules.values()];
    resolved.set(name, result);
    return result;
  };

  for (const name of byName.keys()) {
    resolved.set(name, resolve(name, new Set()));
  }
  return resolved;
}

/**
 * Resolves every binding to its subjects and effective rules. ClusterRole aggregation
 * (`aggregationRule.clusterRoleSelectors`) is resolved here, transitively, because manifests carry
 * the selectors but not the rules the controller manager would have filled in; rules already
 * present (from a live cluster) are kept and identical rules are merged.
 */
export function buildRbacIndex(inventory: ClusterInventory): RbacIndex {
  const clusterRoleRules = resolveClusterRoles(
    inventory.objects.clusterroles ?? [],
  );
  const roleRules = new Map<string, PolicyRule[]>();
  const roles: ResolvedRole[] = [];

  for (const role of inventory.objects.roles ?? []) {
    const namespace = role.metadata.namespace ?? 'default';
    roleRules.set(`${namespace}/${role.metadata.name}`, role.rules ?? []);
    roles.push({
      ref: { kind: 'Role', name: role.metadata.name, namespace },
      rules: role.rules ?? [],
      builtIn: isBuiltInRbacObject(role),
    });
  }
  for (const role of inventory.objects.clusterroles ?? []) {
    roles.push({
      ref: { kind: 'ClusterRole', name: role.metadata.name },
      rules: clusterRoleRules.get(role.metadata.name) ?? [],
      builtIn: isBuiltInRbacObject(role),
    });
  }

  const grants: Grant[] = [];
  const addGrant = (
    binding: KubeObject,
    kind: string,
    namespace: string | undefined,
  ) => {
    const roleRef = binding.roleRef ?? {};
    const roleName: string = roleRef.name ?? '';
    const rules =
      roleRef.kind === 'Role'
        ? roleRules.get(`${namespace}/${roleName}`)
        : clusterRoleRules.get(roleName);
    grants.push({
      binding: {
        kind,
        name: binding.metadata.name,
        ...(namespace ? { namespace } : {}),
      },
      role: {
        kind: roleRef.kind ?? 'ClusterRole',
        name: roleName,
        ...(roleRef.kind === 'Role' ? { namespace } : {}),
      },
      subjects: (binding.subjects ?? []).map((subject: RbacSubject) =>
        subject.kind === 'ServiceAccount'
          ? { ...subject, namespace: subject.namespace ?? namespace }
          : subject,
      ),
      rules: rules ?? [],
      namespace,
      builtIn: isBuiltInRbacObject({ ...binding, kind }),
      roleMissing: rules === undefined,
    });
  };
  for (const binding of inventory.objects.rolebindings ?? []) {
    addGrant(binding, 'RoleBinding', binding.metadata.namespace ?? 'default');
  }
  for (const binding of inventory.objects.clusterrolebindings ?? []) {
    addGrant(binding, 'ClusterRoleBinding', undefined);
  }
  return { grants, roles };
}

function includesOrWildcard(
  list: string[] | undefined,
  value: string,
): boolean {
  return !!list && (list.includes('*') || list.includes(value));
}

/** Kubernetes' RBAC resource matching: `*`, `resource`, `resource/sub` and `*\/sub`. */
function resourceMatches(
  rule: PolicyRule,
  resource: string,
  subresource?: string,
): boolean {
  const resources: string[] = rule.resources ?? [];
  if (!Array.isArray(resources)) {
    throw new TypeError('a PolicyRule has resources that are not a list');
  }
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (let i = 0; i < resources.length; i++) {
    const ruleResource = resources[i];
    if (
      ruleResource === '*' ||
      ruleResource === combined ||
      (!!subresource && ruleResource === `*/${subresource}`)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The verbs of `request.verbs` a rule grants on every object of the resource. Rules limited by
 * `resourceNames` grant access to named objects only, which is what CIS asks for, so they are
 * not counted.
 */
export function verbsGranted(
  rule: PolicyRule,
  request: AccessRequest,
): string[] {
  if ((rule.resourceNames ?? []).length > 0) {
    return [];
  }
  if (!includesOrWildcard(rule.apiGroups, request.apiGroup)) {
    return [];
  }
  if (!resourceMatches(rule, request.resource, request.subresource)) {
    return [];
  }
  return request.verbs.filter(verb => includesOrWildcard(rule.verbs, verb));
}

/** Whether a rule covers every object of the requested resource (what `verbsGranted` checks first). */
function ruleCoversResource(rule: PolicyRule, request: AccessRequest): boolean {
  return (
    (rule.resourceNames ?? []).length === 0 &&
    includesOrWildcard(rule.apiGroups, request.apiGroup) &&
    resourceMatches(rule, request.resource, request.subresource)
  );
}

/**
 * The verbs of the request the grant allows, across all its rules, in the request's order (the
 * verbs `verbsGranted` finds in any rule). Called for every grant by every RBAC control, so it
 * allocates nothing until a rule covers the resource.
 */
export function grantAllows(grant: Grant, request: AccessRequest): string[] {
  let covering: PolicyRule[] | undefined;
  for (let i = 0; i < grant.rules.length; i++) {
    const rule = grant.rules[i];
    if (ruleCoversResource(rule, request)) (covering ??= []).push(rule);
  }
  if (!covering) return [];
  const rules = covering;
  return request.verbs.filter(verb =>
    rules.some(rule => includesOrWildcard(rule.verbs, verb)),
  );
}

export function describeSubject(subject: RbacSubject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount "${subject.namespace}/${subject.name}"`
    : `${subject.kind} "${subject.name}"`;
}

export function describeGrantScope(grant: Grant): string {
  return grant.namespace ? `in namespace "${grant.namespace}"` : 'cluster-wide';
}
