import { ClusterInventory, KubeObject } from '../inventory';
import { ControlEvaluation, ResourceRef } from '../controls';
import { compileLabelSelector, LabelSelector } from '../kube/labelSelector';
import {
  SelectedBuiltInPolicy,
  selectBuiltInPolicy,
  upstreamDefaultReason,
} from './builtInPolicy';
import type { PolicyRule, RbacSubject } from './policyRule';

export type { PolicyRule, RbacSubject } from './policyRule';

/** One binding, resolved: who (subjects) gets which rules, where. */
export interface Grant {
  binding: ResourceRef;
  role: ResourceRef;
  subjects: RbacSubject[];
  rules: PolicyRule[];
  /** Namespace the rules apply in; undefined for a ClusterRoleBinding (every namespace). */
  namespace?: string;
  /** An upstream default binding to an upstream default role: excluded from the RBAC controls. */
  builtIn: boolean;
  /** For a built-in grant, what it was compared with. */
  builtInReason?: string;
  /** For a binding that looks built in but is not: why it is judged. */
  lookalike?: string;
  /**
   * Where the rules come from: the inventory's role, the shipped defaults (a Kubernetes default
   * role the inventory does not hold, e.g. `cluster-admin` in a manifest scan), or nowhere.
   */
  roleSource: 'inventory' | 'built-in' | 'unknown';
  /** Why the grant's permissions cannot be known, so that no control passes it; else undefined. */
  undetermined?: string;
}

/** A Role or ClusterRole of the inventory with its effective rules (aggregation resolved). */
export interface ResolvedRole {
  ref: ResourceRef;
  rules: PolicyRule[];
  builtIn: boolean;
  builtInReason?: string;
  /** For a role that looks built in but is not: why it is judged. */
  lookalike?: string;
}

export interface RbacIndex {
  grants: Grant[];
  roles: ResolvedRole[];
  /** The bootstrap policy used for default roles the inventory lacks, and why that one. */
  builtInPolicy: SelectedBuiltInPolicy;
}

/** What an access check asks: may someone do `verb` on `resource[/subresource]` in `apiGroup`? */
export interface AccessRequest {
  verbs: string[];
  apiGroup: string;
  resource: string;
  subresource?: string;
}

/**
 * Grants, roles and their references are written out with every property, absent ones
 * undefined (the same JSON), not spread: a spread or a property added later gives an object a
 * hidden class that dies with the evaluation, and with it the JIT'd code of every RBAC control.
 */
function builtInFields(
  object: KubeObject,
  builtInReason: string | undefined,
): Pick<Grant, 'builtIn' | 'builtInReason' | 'lookalike'> {
  if (builtInReason) {
    return { builtIn: true, builtInReason, lookalike: undefined };
  }
  return {
    builtIn: false,
    builtInReason: undefined,
    lookalike: lookalikeNote(object),
  };
}

/** A ClusterRole as aggregation sees it, from the inventory or the shipped defaults. */
interface AggregationCandidate {
  name: string;
  labels?: Record<string, string>;
  selectors: LabelSelector[];
  rules: PolicyRule[];
}

/** The ClusterRoles aggregation resolves, by name, and the rules resolved so far. */
interface Aggregation {
  candidates: AggregationCandidate[];
  byName: Map<string, AggregationCandidate>;
  resolved: Map<string, PolicyRule[]>;
}

function resolveAggregatedRules(
  aggregation: Aggregation,
  name: string,
  visiting: Set<string>,
): PolicyRule[] {
  const cached = aggregation.resolved.get(name);
  if (cached) {
    return cached;
  }
  const role = aggregation.byName.get(name);
  if (!role) {
    return [];
  }
  const own = role.rules;
  if (role.selectors.length === 0 || visiting.has(name)) {
    // Inside a cycle, a role contributes its own rules; it is resolved fully at its own turn.
    return own;
  }
  visiting.add(name);
  const rules = new Map(own.map(rule => [JSON.stringify(rule), rule]));
  const matchers = role.selectors.map(compileLabelSelector);
  for (const other of aggregation.candidates) {
    if (
      other.name !== name &&
      matchers.some(matches => matches(other.labels))
    ) {
      for (const rule of resolveAggregatedRules(
        aggregation,
        other.name,
        visiting,
      )) {
        rules.set(JSON.stringify(rule), rule);
      }
    }
  }
  visiting.delete(name);
  const result = [...rules.values()];
  aggregation.resolved.set(name, result);
  return result;
}

function resolveClusterRoles(
  candidates: AggregationCandidate[],
): Map<string, PolicyRule[]> {
  const aggregation: Aggregation = {
    candidates,
    byName: new Map(candidates.map(role => [role.name, role])),
    resolved: new Map(),
  };
  for (const name of aggregation.byName.keys()) {
    aggregation.resolved.set(
      name,
      resolveAggregatedRules(aggregation, name, new Set()),
    );
  }
  return aggregation.resolved;
}

/** What resolving a binding's role looks up: the inventory's roles and the shipped defaults. */
interface RoleLookup {
  unavailable: Map<string, string>;
  clusterRoleNames: Set<string>;
  aggregating: Set<string>;
  clusterRoleRules: Map<string, PolicyRule[]>;
  roleRules: Map<string, PolicyRule[]>;
  builtInRoles: Map<string, PolicyRule[]>;
  /** Per inventory role key, whether it is an upstream default. */
  inventoryRoleDefault: Map<string, boolean>;
}

// `resolveRole` and `addGrant` are module functions rather than closures of `buildRbacIndex`, so
// that the JIT optimizes them once, not again for every evaluation's closures.

/** The role's rules and where they come from, or why they cannot be known. */
function resolveRole(
  lookup: RoleLookup,
  kind: string,
  name: string,
  namespace: string | undefined,
): Pick<Grant, 'rules' | 'roleSource' | 'undetermined'> {
  const isRole = kind === 'Role';
  const key = isRole ? `Role/${namespace}/${name}` : `ClusterRole//${name}`;
  const listing = isRole ? 'roles' : 'clusterroles';
  const listingFailed = lookup.unavailable.get(listing);
  const rules = isRole
    ? lookup.roleRules.get(key)
    : lookup.clusterRoleRules.get(name);
  if (rules === undefined) {
    const builtIn = isRole ? lookup.builtInRoles.get(key) : undefined;
    if (builtIn) {
      return {
        rules: builtIn,
        roleSource: 'built-in',
        undetermined: undefined,
      };
    }
    return {
      rules: [],
      roleSource: 'unknown',
      undetermined: `${kind} "${name}" is neither in the inventory${
        listingFailed ? ` (${listing}: ${listingFailed})` : ''
      } nor a Kubernetes default`,
    };
  }
  const roleSource =
    isRole || lookup.clusterRoleNames.has(name) ? 'inventory' : 'built-in';
  if (!isRole && listingFailed && lookup.aggregating.has(name)) {
    return {
      rules,
      roleSource,
      undetermined: `ClusterRole "${name}" aggregates ClusterRoles that could not be listed (${listingFailed})`,
    };
  }
  return { rules, roleSource, undetermined: undefined };
}

function addGrant(
  grants: Grant[],
  lookup: RoleLookup,
  binding: KubeObject,
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string | undefined,
): void {
  const roleRef = binding.roleRef ?? {};
  const roleKind: string = roleRef.kind ?? 'ClusterRole';
  const roleName: string = roleRef.name ?? '';
  const resolution = resolveRole(lookup, roleKind, roleName, namespace);
  const roleKey =
    roleKind === 'Role'
      ? `Role/${namespace}/${roleName}`
      : `ClusterRole//${roleName}`;
  const roleIsDefault =
    resolution.roleSource === 'built-in' ||
    lookup.inventoryRoleDefault.get(roleKey) === true;
  const bindingReason = upstreamDefaultReason(
    binding,
    kind,
    namespace ?? 'default',
  );
  const builtIn = roleIsDefault && bindingReason !== undefined;
  const builtInOnes = builtInFields(
    binding,
    builtIn ? bindingReason : undefined,
  );
  grants.push({
    binding: { kind, name: binding.metadata.name, namespace },
    role: {
      kind: roleKind,
      name: roleName,
      namespace: roleKind === 'Role' ? namespace : undefined,
    },
    subjects: (binding.subjects ?? []).map((subject: RbacSubject) =>
      subject.kind === 'ServiceAccount'
        ? { ...subject, namespace: subject.namespace ?? namespace }
        : subject,
    ),
    rules: resolution.rules,
    roleSource: resolution.roleSource,
    undetermined: resolution.undetermined,
    namespace,
    builtIn: builtInOnes.builtIn,
    builtInReason: builtInOnes.builtInReason,
    lookalike: builtInOnes.lookalike,
  });
}

/**
 * Resolves every binding to its subjects and effective rules. A role the inventory does not hold is
 * taken from the shipped bootstrap policy when it is a Kubernetes default (manifests rarely carry
 * `cluster-admin` or `view`, and a collector may be refused ClusterRoles); otherwise the grant is
 * undetermined. ClusterRole aggregation (`aggregationRule.clusterRoleSelectors`) is resolved here,
 * transitively, over the inventory's roles and the defaults it lacks, because manifests carry the
 * selectors but not the rules the controller manager would have filled in; rules already present
 * (from a live cluster) are kept and identical rules are merged.
 */
export function buildRbacIndex(inventory: ClusterInventory): RbacIndex {
  const builtInPolicy = selectBuiltInPolicy(inventory.kubernetesVersion);
  const { policy } = builtInPolicy;
  const unavailable = new Map(
    inventory.unavailable.map(u => [u.kind, u.reason]),
  );
  const inventoryClusterRoles = inventory.objects.clusterroles ?? [];
  const clusterRoleNames = new Set(
    inventoryClusterRoles.map(role => role.metadata.name),
  );
  const candidates: AggregationCandidate[] = [
    ...inventoryClusterRoles.map(role => ({
      name: role.metadata.name,
      labels: role.metadata.labels,
      selectors: role.aggregationRule?.clusterRoleSelectors ?? [],
      rules: role.rules ?? [],
    })),
    ...policy.clusterRoles
      .filter(role => !clusterRoleNames.has(role.name))
      .map(role => ({
        name: role.name,
        labels: role.labels,
        selectors: role.aggregationRule?.clusterRoleSelectors ?? [],
        rules: role.rules ?? [],
      })),
  ];
  const aggregating = new Set(
    candidates.filter(c => c.selectors.length > 0).map(c => c.name),
  );
  const clusterRoleRules = resolveClusterRoles(candidates);

  const roles: ResolvedRole[] = [];
  const inventoryRoleDefault = new Map<string, boolean>();
  const roleRules = new Map<string, PolicyRule[]>();
  for (const role of inventory.objects.roles ?? []) {
    const namespace = role.metadata.namespace ?? 'default';
    const key = `Role/${namespace}/${role.metadata.name}`;
    const builtInReason = upstreamDefaultReason(role, 'Role');
    roleRules.set(key, role.rules ?? []);
    inventoryRoleDefault.set(key, builtInReason !== undefined);
    const builtInOnes = builtInFields(role, builtInReason);
    roles.push({
      ref: { kind: 'Role', name: role.metadata.name, namespace },
      rules: role.rules ?? [],
      builtIn: builtInOnes.builtIn,
      builtInReason: builtInOnes.builtInReason,
      lookalike: builtInOnes.lookalike,
    });
  }
  for (const role of inventoryClusterRoles) {
    const builtInReason = upstreamDefaultReason(role, 'ClusterRole');
    inventoryRoleDefault.set(
      `ClusterRole//${role.metadata.name}`,
      builtInReason !== undefined,
    );
    const builtInOnes = builtInFields(role, builtInReason);
    roles.push({
      ref: { kind: 'ClusterRole', name: role.metadata.name },
      rules: clusterRoleRules.get(role.metadata.name) ?? [],
      builtIn: builtInOnes.builtIn,
      builtInReason: builtInOnes.builtInReason,
      lookalike: builtInOnes.lookalike,
    });
  }
  const builtInRoles = new Map(
    policy.roles.map(role => [
      `Role/${role.namespace}/${role.name}`,
      role.rules ?? [],
    ]),
  );

  const lookup: RoleLookup = {
    unavailable,
    clusterRoleNames,
    aggregating,
    clusterRoleRules,
    roleRules,
    builtInRoles,
    inventoryRoleDefault,
  };
  const grants: Grant[] = [];
  for (const binding of inventory.objects.rolebindings ?? []) {
    addGrant(
      grants,
      lookup,
      binding,
      'RoleBinding',
      binding.metadata.namespace ?? 'default',
    );
  }
  for (const binding of inventory.objects.clusterrolebindings ?? []) {
    addGrant(grants, lookup, binding, 'ClusterRoleBinding', undefined);
  }
  return { grants, roles, builtInPolicy };
}

/**
 * For an object that carries a default's marks (a `system:` or `eks:` name, the
 * `kubernetes.io/bootstrapping=rbac-defaults` label) without being an upstream default: why it is
 * judged anyway, for its findings.
 */
function lookalikeNote(object: KubeObject): string | undefined {
  const { name, labels } = object.metadata;
  const marked =
    name.startsWith('system:') ||
    name.startsWith('eks:') ||
    labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults';
  return marked
    ? 'looks like a Kubernetes default but is not an upstream default (no shipped default has its name, or it grants more), so it is judged'
    : undefined;
}

/** Shared by every rule without them: called per grant, rule and access by every RBAC control. */
const noNames: readonly string[] = Object.freeze([]);
const noVerbs: string[] = Object.freeze([]) as unknown as string[];

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
  const resources = rule.resources ?? noNames;
  if (!Array.isArray(resources)) {
    throw new TypeError('a PolicyRule has resources that are not a list');
  }
  for (let i = 0; i < resources.length; i++) {
    const ruleResource = resources[i];
    if (
      ruleResource === '*' ||
      (subresource
        ? isSubresource(ruleResource, resource, subresource) ||
          isSubresource(ruleResource, '*', subresource)
        : ruleResource === resource)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Whether `value` is `resource/subresource`, compared in place: every RBAC control asks this of
 * every rule, and building the string each time was most of what they allocated.
 */
function isSubresource(
  value: unknown,
  resource: string,
  subresource: string,
): boolean {
  return (
    typeof value === 'string' &&
    value.length === resource.length + 1 + subresource.length &&
    value.startsWith(resource) &&
    value.charCodeAt(resource.length) === 47 /* '/' */ &&
    value.endsWith(subresource)
  );
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
    (rule.resourceNames ?? noNames).length === 0 &&
    includesOrWildcard(rule.apiGroups, request.apiGroup) &&
    resourceMatches(rule, request.resource, request.subresource)
  );
}

/**
 * The verbs of the request the grant allows, across all its rules, in the request's order (the
 * verbs `verbsGranted` finds in any rule). Called for every grant by every RBAC control, so it
 * allocates nothing unless a verb is granted; the empty answer is shared: do not modify it.
 */
export function grantAllows(grant: Grant, request: AccessRequest): string[] {
  const rules = grant.rules;
  let covered = false;
  for (let i = 0; i < rules.length; i++) {
    if (ruleCoversResource(rules[i], request)) covered = true;
  }
  if (!covered) return noVerbs;
  let verbs: string[] | undefined;
  for (let v = 0; v < request.verbs.length; v++) {
    const verb = request.verbs[v];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (
        ruleCoversResource(rule, request) &&
        includesOrWildcard(rule.verbs, verb)
      ) {
        (verbs ??= []).push(verb);
        break;
      }
    }
  }
  return verbs ?? noVerbs;
}

export function describeSubject(subject: RbacSubject): string {
  return subject.kind === 'ServiceAccount'
    ? `ServiceAccount "${subject.namespace}/${subject.name}"`
    : `${subject.kind} "${subject.name}"`;
}

export function describeGrantScope(grant: Grant): string {
  return grant.namespace ? `in namespace "${grant.namespace}"` : 'cluster-wide';
}

/** What a finding records of where a grant's rules come from, beyond the inventory's own. */
export interface GrantEvidence {
  roleSource: string | undefined;
  notExempt: string | undefined;
  incomplete: string | undefined;
}

/**
 * A grant's {@link GrantEvidence}. Callers copy its three properties into their evidence literal
 * rather than spreading it, for the reason `builtInFields` gives.
 */
export function grantEvidence(grant: Grant, index: RbacIndex): GrantEvidence {
  // Every key, absent ones undefined (the same JSON): one hidden class (see `builtInFields`).
  return {
    roleSource:
      grant.roleSource === 'built-in'
        ? `built-in default: ${index.builtInPolicy.note}`
        : undefined,
    notExempt: grant.lookalike || undefined,
    incomplete: grant.undetermined || undefined,
  };
}

/** The `undetermined` part of a control's evaluation, from the grants it could not judge. */
export function undeterminedGrants(
  grants: Grant[],
): Pick<ControlEvaluation, 'undetermined'> {
  if (grants.length === 0) return {};
  const shown = grants
    .slice(0, 3)
    .map(
      grant =>
        `${grant.binding.kind} "${grant.binding.name}": ${grant.undetermined}`,
    );
  return {
    undetermined: {
      count: grants.length,
      reason: `${shown.join('; ')}${
        grants.length > shown.length
          ? `; and ${grants.length - shown.length} more`
          : ''
      }`,
    },
  };
}
