import { KubeObject } from '../inventory';
import { containersOf, PodWorkload } from '../kube/workloads';
import {
  podSecurityChecks,
  podSecurityChecksFor,
  resolvePodSecurityMinor,
  formatPodSecurityLevelVersion,
  namespacePodSecurityPolicy,
  NamespacePodSecurityPolicy,
  PodSecurityCheckId,
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

const activeChecksCache = new Map<
  string,
  ReadonlyArray<{ id: PodSecurityCheckId; check: CheckFn }>
>();

/**
 * The checks in force at a level and version (overrides applied, as `evaluatePodSecurity` runs
 * them), with the revision of each that applies; built once per level and version.
 */
function activeChecksAt(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): ReadonlyArray<{ id: PodSecurityCheckId; check: CheckFn }> {
  const minor = resolvePodSecurityMinor(version);
  const key = `${level}:${minor}`;
  let active = activeChecksCache.get(key);
  if (!active) {
    const byId = new Map(podSecurityChecks.map(check => [check.id, check]));
    active = podSecurityChecksFor(level, version).map(({ id }) => {
      let revision = byId.get(id)!.versions[0];
      for (const candidate of byId.get(id)!.versions) {
        if (candidate.minimumMinor <= minor) revision = candidate;
      }
      return { id, check: revision.checkPod as CheckFn };
    });
    activeChecksCache.set(key, active);
  }
  return active;
}

/**
 * Per workload, the violations of each check revision (keyed by its function), so that a check
 * shared by several levels and versions (baseline checks run at restricted too, most revisions
 * span many versions) is run and attributed once per workload, whichever control asks first.
 */
interface WorkloadChecks {
  byCheck: Map<CheckFn, readonly PodSecurityViolation[]>;
  byLevel: Map<string, PodSecurityViolation[]>;
  variants?: {
    withoutContainers: PodSpec;
    singles: Array<{ name: string; spec: PodSpec }>;
  };
}

const workloadChecks = new WeakMap<PodWorkload, WorkloadChecks>();

const noViolations: readonly PodSecurityViolation[] = Object.freeze([]);

/**
 * The checks a workload fails at a level and version, attributed to containers. The upstream
 * checks word one detail for all containers; to name the container in each finding, each failed
 * check (only those) is run again on the pod without containers (a failure there is a pod-level
 * field: hostNetwork, volumes...) and with one container at a time. A check that fails on no
 * single container is reported for the pod.
 */
export function podSecurityViolations(
  workload: PodWorkload,
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): PodSecurityViolation[] {
  let state = workloadChecks.get(workload);
  if (!state) {
    state = { byCheck: new Map(), byLevel: new Map() };
    workloadChecks.set(workload, state);
  }
  const key = `${level}:${resolvePodSecurityMinor(version)}`;
  let violations = state.byLevel.get(key);
  if (!violations) {
    violations = [];
    for (const { id, check } of activeChecksAt(level, version)) {
      let found = state.byCheck.get(check);
      if (!found) {
        found = checkViolations(workload, state, id, check);
        state.byCheck.set(check, found);
      }
      violations.push(...found);
    }
    state.byLevel.set(key, violations);
  }
  return violations;
}

function checkViolations(
  workload: PodWorkload,
  state: WorkloadChecks,
  id: PodSecurityCheckId,
  check: CheckFn,
): readonly PodSecurityViolation[] {
  const metadata = workload.podMetadata;
  const outcome = check(metadata, workload.spec as PodSpec);
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
      ...workload.spec,
      containers: [],
      initContainers: [],
      ephemeralContainers: [],
    } as PodSpec;
    state.variants = {
      withoutContainers,
      singles: containersOf(workload.spec).map(({ list, container }) => ({
        name: container.name,
        spec: { ...withoutContainers, [list]: [container] } as PodSpec,
      })),
    };
  }
  const { withoutContainers, singles } = state.variants;
  if (!check(metadata, withoutContainers).allowed) {
    return [podViolation];
  }
  if (singles.length === 1) {
    // Not a pod-level field, and only one container: it is that container's.
    return [{ ...podViolation, container: singles[0].name }];
  }
  const perContainer: PodSecurityViolation[] = [];
  for (const single of singles) {
    const singleOutcome = check(metadata, single.spec);
    if (!singleOutcome.allowed) {
      perContainer.push({
        checkId: id,
        container: single.name,
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
