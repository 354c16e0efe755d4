import { KubeObject } from '../inventory';
import { containersOf, PodWorkload } from '../kube/workloads';
import { checkedContentKey } from './checkedContent';
import {
  newestPodSecurityPolicyMinor,
  podSecurityChecks,
  podSecurityChecksFor,
  resolvePodSecurityMinor,
  formatPodSecurityLevelVersion,
  namespacePodSecurityPolicy,
  NamespacePodSecurityPolicy,
  PodSecurityCheckId,
  PodSecurityCheckLevel,
  PodSecurityLevel,
  PodSecurityVersion,
  PodSpec,
} from '../pss';

/** One Pod Security Standards check a workload fails, for one container or for the pod. */
export interface PodSecurityViolation {
  checkId: PodSecurityCheckId;
  /** The container the violation is in; absent for pod-level fields (hostNetwork, volumes...). */
  container?: string;
  forbiddenReason: string;
  forbiddenDetail: string;
}

type CheckFn = (
  metadata: PodWorkload['podMetadata'],
  spec: PodSpec,
) => {
  allowed: boolean;
  forbiddenReason?: string;
  forbiddenDetail?: string;
};

/** A check in the revision that applies at some level and version. */
interface ActiveCheck {
  id: PodSecurityCheckId;
  check: CheckFn;
  /**
   * Index of this check id and revision among all of them: where a workload caches its
   * violations. Keyed by id and revision, not by function: a restricted check may run a baseline
   * check's function (procMount_restricted runs procMount's v1.0 revision) and its violations
   * must carry its own id.
   */
  revision: number;
}

/** The checks in force at one level and version, with where a workload caches their union. */
interface ActiveChecks {
  checks: readonly ActiveCheck[];
  slot: number;
}

/**
 * The checks in force at each level and minor version (overrides applied, as
 * `evaluatePodSecurity` runs them), built once: per call, only an array lookup.
 */
const activeChecksTable = (() => {
  const revisionIndex = new Map<string, number>();
  const byId = new Map(podSecurityChecks.map(check => [check.id, check]));
  let slot = 0;
  const table = {} as Record<PodSecurityCheckLevel, ActiveChecks[]>;
  for (const level of ['baseline', 'restricted'] as const) {
    table[level] = [];
    for (let minor = 0; minor <= newestPodSecurityPolicyMinor; minor++) {
      const checks = podSecurityChecksFor(level, {
        major: 1,
        minor,
      }).map(({ id }): ActiveCheck => {
        let revision = byId.get(id)!.versions[0];
        for (const candidate of byId.get(id)!.versions) {
          if (candidate.minimumMinor <= minor) revision = candidate;
        }
        const key = `${id}@v1.${revision.minimumMinor}`;
        if (!revisionIndex.has(key)) revisionIndex.set(key, revisionIndex.size);
        return {
          id,
          check: revision.checkPod as CheckFn,
          revision: revisionIndex.get(key)!,
        };
      });
      table[level].push({ checks, slot: slot++ });
    }
  }
  return table;
})();

/**
 * Per workload, the violations of each check id and revision, so that a check shared by several
 * levels and versions (baseline checks run at restricted too, most revisions span many versions)
 * is run and attributed once per workload, whichever control asks first; and the union per level
 * and version.
 */
export interface WorkloadChecks {
  /** What the checks run on: the first workload's, for all workloads with its checked content. */
  metadata: PodWorkload['podMetadata'];
  spec: PodWorkload['spec'];
  byRevision: Array<readonly PodSecurityViolation[] | undefined>;
  bySlot: Array<readonly PodSecurityViolation[] | undefined>;
  /** Built on the first failed check. */
  variants: CheckVariants | undefined;
}

interface CheckVariants {
  withoutContainers: PodSpec;
  containers: ReturnType<typeof containersOf>;
  /** The pod with only its i-th container; built on first need (never for one container). */
  singleSpecs: PodSpec[] | undefined;
}

const workloadChecks = new WeakMap<PodWorkload, WorkloadChecks>();

function newWorkloadChecks(workload: PodWorkload): WorkloadChecks {
  return {
    metadata: workload.podMetadata,
    spec: workload.spec,
    byRevision: [],
    bySlot: [],
    // Every property from the start, here and below: a property added later gives the object a
    // hidden class that dies with the evaluation, and with it the JIT'd code of the controls.
    variants: undefined,
  };
}

/**
 * The Pod Security results of one evaluation, shared by workloads whose pods have the same checked
 * content (see `checkedContentKey`): a cluster's workloads mostly repeat a few security settings,
 * so the checks run once per distinct setting instead of once per workload. One per evaluation
 * (see `EvaluationContext.podSecurity`), so no evaluation reuses another's results.
 */
export interface PodSecurityResults {
  readonly byWorkload: Map<PodWorkload, WorkloadChecks>;
  readonly byContent: Map<string, WorkloadChecks>;
}

/**
 * A literal, not a class instance: a literal's hidden class lives as long as the code creating
 * it, a class instance's dies with the last instance, and with it the JIT'd code of the Pod
 * Security controls, which would be optimized again in every evaluation.
 */
export function newPodSecurityResults(): PodSecurityResults {
  return { byWorkload: new Map(), byContent: new Map() };
}

function sharedChecksOf(
  shared: PodSecurityResults,
  workload: PodWorkload,
): WorkloadChecks {
  let state = shared.byWorkload.get(workload);
  if (!state) {
    const key = checkedContentKey(
      workload.podMetadata.annotations,
      workload.spec,
    );
    state = shared.byContent.get(key);
    if (!state) {
      state = newWorkloadChecks(workload);
      shared.byContent.set(key, state);
    }
    shared.byWorkload.set(workload, state);
  }
  return state;
}

const noViolations: readonly PodSecurityViolation[] = Object.freeze([]);

/**
 * The checks a workload fails at a level and version, attributed to containers. The upstream
 * checks word one detail for all containers; to name the container in each finding, each failed
 * check (only those) is run again on the pod without containers (a failure there is a pod-level
 * field: hostNetwork, volumes...) and with one container at a time. A check that fails on no
 * single container is reported for the pod. The result is shared: do not modify it. With `shared`,
 * workloads of the same checked content share their results; without, each workload has its own.
 */
export function podSecurityViolations(
  workload: PodWorkload,
  level: PodSecurityLevel,
  version: PodSecurityVersion,
  shared?: PodSecurityResults,
): readonly PodSecurityViolation[] {
  const minor = resolvePodSecurityMinor(version);
  if (level === 'privileged') return noViolations;
  const active = activeChecksTable[level]?.[minor];
  if (!active) {
    throw new TypeError(
      `Invalid Pod Security Standards level ${JSON.stringify(
        level,
      )}: expected privileged, baseline or restricted`,
    );
  }
  let state = shared
    ? sharedChecksOf(shared, workload)
    : workloadChecks.get(workload);
  if (!state) {
    state = newWorkloadChecks(workload);
    workloadChecks.set(workload, state);
  }
  let violations = state.bySlot[active.slot];
  if (!violations) {
    let union: PodSecurityViolation[] | undefined;
    for (let i = 0; i < active.checks.length; i++) {
      const { id, check, revision } = active.checks[i];
      let found = state.byRevision[revision];
      if (!found) {
        found = checkViolations(state, id, check);
        state.byRevision[revision] = found;
      }
      if (found.length > 0) {
        union ??= [];
        for (let j = 0; j < found.length; j++) union.push(found[j]);
      }
    }
    violations = union ?? noViolations;
    state.bySlot[active.slot] = violations;
  }
  return violations;
}

function checkViolations(
  state: WorkloadChecks,
  id: PodSecurityCheckId,
  check: CheckFn,
): readonly PodSecurityViolation[] {
  const { metadata, spec } = state;
  const outcome = check(metadata, spec as PodSpec);
  if (outcome.allowed) {
    return noViolations;
  }
  const podViolation: PodSecurityViolation = {
    checkId: id,
    forbiddenReason: outcome.forbiddenReason ?? id,
    forbiddenDetail: outcome.forbiddenDetail ?? '',
  };
  if (!state.variants) {
    const withoutContainers = {
      ...spec,
      containers: [],
      initContainers: [],
      ephemeralContainers: [],
    } as PodSpec;
    state.variants = {
      withoutContainers,
      containers: containersOf(spec),
      singleSpecs: undefined,
    };
  }
  const variants = state.variants;
  const { withoutContainers, containers } = variants;
  if (!check(metadata, withoutContainers).allowed) {
    return [podViolation];
  }
  if (containers.length === 1) {
    // Not a pod-level field, and only one container: it is that container's.
    return [
      {
        checkId: id,
        forbiddenReason: podViolation.forbiddenReason,
        forbiddenDetail: podViolation.forbiddenDetail,
        container: containers[0].container.name,
      },
    ];
  }
  variants.singleSpecs ??= containers.map(({ list, container }) => {
    const single = { ...withoutContainers };
    single[list] = [container];
    return single;
  });
  const perContainer: PodSecurityViolation[] = [];
  for (let i = 0; i < containers.length; i++) {
    const singleOutcome = check(metadata, variants.singleSpecs[i]);
    if (!singleOutcome.allowed) {
      perContainer.push({
        checkId: id,
        container: containers[i].container.name,
        forbiddenReason: singleOutcome.forbiddenReason ?? id,
        forbiddenDetail: singleOutcome.forbiddenDetail ?? '',
      });
    }
  }
  return perContainer.length > 0 ? perContainer : [podViolation];
}

const namespacePolicies = new WeakMap<KubeObject, NamespacePodSecurityPolicy>();

/**
 * A namespace's effective Pod Security policy (a missing namespace gets the defaults), parsed
 * once per namespace object.
 */
export function namespacePolicyOf(
  namespace: KubeObject | undefined,
): NamespacePodSecurityPolicy {
  if (!namespace) {
    return namespacePodSecurityPolicy(undefined).policy;
  }
  let policy = namespacePolicies.get(namespace);
  if (!policy) {
    policy = namespacePodSecurityPolicy(namespace.metadata.labels).policy;
    namespacePolicies.set(namespace, policy);
  }
  return policy;
}

export function describeLevel(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): string {
  return formatPodSecurityLevelVersion({ level, version });
}
