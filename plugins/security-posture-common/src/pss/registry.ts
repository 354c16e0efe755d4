import { allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation';
import { appArmorProfile } from './checks/appArmorProfile';
import { capabilities_baseline } from './checks/capabilities_baseline';
import { capabilities_restricted } from './checks/capabilities_restricted';
import { hostNamespaces } from './checks/hostNamespaces';
import { hostPathVolumes } from './checks/hostPathVolumes';
import { hostPorts } from './checks/hostPorts';
import { hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle';
import { privileged } from './checks/privileged';
import { procMount } from './checks/procMount';
import { procMount_restricted } from './checks/procMount_restricted';
import { restrictedVolumes } from './checks/restrictedVolumes';
import { runAsNonRoot } from './checks/runAsNonRoot';
import { runAsUser } from './checks/runAsUser';
import { seccompProfile_baseline } from './checks/seccompProfile_baseline';
import { seccompProfile_restricted } from './checks/seccompProfile_restricted';
import { seLinuxOptions } from './checks/seLinuxOptions';
import { sysctls } from './checks/sysctls';
import { windowsHostProcess } from './checks/windowsHostProcess';
import { formatPodSecurityVersion } from './policy';
import {
  CheckPodFn,
  PodObjectMetadata,
  PodSecurityCheck,
  PodSecurityCheckId,
  PodSecurityCheckLevel,
  PodSecurityCheckResult,
  PodSecurityEvaluation,
  PodSecurityLevel,
  PodSecurityVersion,
  PodSpec,
} from './types';

/** Every check, baseline first, in the order results are reported. */
export const podSecurityChecks: readonly PodSecurityCheck[] = Object.freeze([
  privileged,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  appArmorProfile,
  capabilities_baseline,
  seLinuxOptions,
  procMount,
  seccompProfile_baseline,
  sysctls,
  windowsHostProcess,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfile_restricted,
  capabilities_restricted,
  procMount_restricted,
]);

function validate(checks: readonly PodSecurityCheck[]): void {
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id))
      throw new Error(`Pod Security check ${check.id} is registered twice`);
    ids.add(check.id);
    if (check.versions.length === 0)
      throw new Error(`Pod Security check ${check.id} has no versions`);
    check.versions.forEach((revision, i) => {
      if (
        !Number.isInteger(revision.minimumMinor) ||
        revision.minimumMinor < 0
      ) {
        throw new Error(
          `Pod Security check ${check.id} has an invalid minimum version`,
        );
      }
      if (
        i > 0 &&
        revision.minimumMinor <= check.versions[i - 1].minimumMinor
      ) {
        throw new Error(
          `Pod Security check ${check.id}: versions must be strictly increasing`,
        );
      }
      if (revision.overrides && check.level !== 'restricted') {
        throw new Error(
          `Pod Security check ${check.id}: only restricted checks override others`,
        );
      }
    });
  }
}

validate(podSecurityChecks);

/**
 * The newest policy minor version any check changes at; `latest` and newer versions evaluate as
 * this one, as the admission controller does.
 */
export const newestPodSecurityPolicyMinor: number = Math.max(
  ...podSecurityChecks.flatMap(check =>
    check.versions.map(v => v.minimumMinor),
  ),
);

/** A check as it applies at one level and version, with its allowed result built once. */
interface ActiveCheck {
  readonly id: PodSecurityCheckId;
  readonly checkPod: CheckPodFn;
  readonly overrides: readonly PodSecurityCheckId[];
  readonly allowedResult: PodSecurityCheckResult;
}

const noOverrides: readonly PodSecurityCheckId[] = Object.freeze([]);

function revisionAt(check: PodSecurityCheck, minor: number) {
  let found;
  for (const revision of check.versions) {
    if (revision.minimumMinor <= minor) found = revision;
  }
  return found;
}

function activeChecks(
  level: PodSecurityCheckLevel,
  minor: number,
): readonly ActiveCheck[] {
  const applicable = podSecurityChecks
    .filter(check => level === 'restricted' || check.level === 'baseline')
    .flatMap(check => {
      const revision = revisionAt(check, minor);
      return revision ? [{ check, revision }] : [];
    });
  const overridden = new Set(
    applicable.flatMap(({ revision }) => revision.overrides ?? []),
  );
  return Object.freeze(
    applicable
      .filter(({ check }) => !overridden.has(check.id))
      .map(({ check, revision }) => {
        const overrides = revision.overrides
          ? Object.freeze([...revision.overrides])
          : noOverrides;
        return Object.freeze({
          id: check.id,
          checkPod: revision.checkPod,
          overrides,
          allowedResult: Object.freeze({
            checkId: check.id,
            allowed: true,
            overrides,
          }),
        });
      }),
  );
}

/** activeChecks for every level and minor version, computed once at load. */
const checksByLevelAndMinor: Record<
  PodSecurityCheckLevel,
  ReadonlyArray<readonly ActiveCheck[]>
> = {
  baseline: Array.from(
    { length: newestPodSecurityPolicyMinor + 1 },
    (_, minor) => activeChecks('baseline', minor),
  ),
  restricted: Array.from(
    { length: newestPodSecurityPolicyMinor + 1 },
    (_, minor) => activeChecks('restricted', minor),
  ),
};

/** The minor version a policy version evaluates as; throws on a malformed version. */
export function resolvePodSecurityMinor(version: PodSecurityVersion): number {
  if (version === 'latest') return newestPodSecurityPolicyMinor;
  if (
    !version ||
    version.major !== 1 ||
    !Number.isInteger(version.minor) ||
    version.minor < 0
  ) {
    throw new TypeError(
      `Invalid Pod Security Standards version ${JSON.stringify(
        version,
      )}: expected {major: 1, minor: N} or 'latest'`,
    );
  }
  return Math.min(version.minor, newestPodSecurityPolicyMinor);
}

const noChecks: readonly ActiveCheck[] = Object.freeze([]);

function checksAt(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): readonly ActiveCheck[] {
  const minor = resolvePodSecurityMinor(version);
  if (level === 'privileged') return noChecks;
  const byMinor = checksByLevelAndMinor[level];
  if (!byMinor) {
    throw new TypeError(
      `Invalid Pod Security Standards level ${JSON.stringify(
        level,
      )}: expected privileged, baseline or restricted`,
    );
  }
  return byMinor[minor];
}

/** The checks that apply at a level and version, and which checks each one overrides. */
export function podSecurityChecksFor(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
): Array<{ id: PodSecurityCheckId; overrides: readonly PodSecurityCheckId[] }> {
  return checksAt(level, version).map(({ id, overrides }) => ({
    id,
    overrides,
  }));
}

const emptyMetadata: PodObjectMetadata = Object.freeze({});

function assertSpec(spec: unknown): asserts spec is PodSpec {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new TypeError(
      'A pod spec (an object) is required to evaluate Pod Security Standards',
    );
  }
}

/**
 * Evaluates a pod (or a pod template) against a Pod Security Standards level and version, with
 * the result of every check that applies. `privileged` allows everything and runs no check.
 */
export function evaluatePodSecurity(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
  metadata: PodObjectMetadata | null | undefined,
  spec: PodSpec,
): PodSecurityEvaluation {
  assertSpec(spec);
  const checks = checksAt(level, version);
  const meta = metadata ?? emptyMetadata;
  const results: PodSecurityCheckResult[] = new Array(checks.length);
  let allAllowed = true;
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i];
    const outcome = check.checkPod(meta, spec);
    if (outcome.allowed) {
      results[i] = check.allowedResult;
    } else {
      allAllowed = false;
      results[i] = {
        checkId: check.id,
        allowed: false,
        forbiddenReason: outcome.forbiddenReason,
        forbiddenDetail: outcome.forbiddenDetail,
        forbiddenContainers: outcome.forbiddenContainers,
        overrides: check.overrides,
      };
    }
  }
  return { level, version, allowed: allAllowed, results };
}

const checksById = new Map(podSecurityChecks.map(check => [check.id, check]));

/**
 * Runs one check, in its revision for `version`, whatever the level (e.g. to report each check as
 * its own control). Undefined when the check does not exist yet at that version.
 */
export function evaluatePodSecurityCheck(
  checkId: PodSecurityCheckId,
  version: PodSecurityVersion,
  metadata: PodObjectMetadata | null | undefined,
  spec: PodSpec,
): PodSecurityCheckResult | undefined {
  assertSpec(spec);
  const check = checksById.get(checkId);
  if (!check)
    throw new TypeError(
      `Unknown Pod Security check ${JSON.stringify(checkId)}`,
    );
  const revision = revisionAt(check, resolvePodSecurityMinor(version));
  if (!revision) return undefined;
  const overrides = revision.overrides ?? noOverrides;
  const outcome = revision.checkPod(metadata ?? emptyMetadata, spec);
  return outcome.allowed
    ? { checkId, allowed: true, overrides }
    : {
        checkId,
        allowed: false,
        forbiddenReason: outcome.forbiddenReason,
        forbiddenDetail: outcome.forbiddenDetail,
        forbiddenContainers: outcome.forbiddenContainers,
        overrides,
      };
}

/** The fast path: whether the pod is allowed, stopping at the first denying check. */
export function isPodSecurityAllowed(
  level: PodSecurityLevel,
  version: PodSecurityVersion,
  metadata: PodObjectMetadata | null | undefined,
  spec: PodSpec,
): boolean {
  assertSpec(spec);
  const checks = checksAt(level, version);
  const meta = metadata ?? emptyMetadata;
  for (let i = 0; i < checks.length; i++) {
    if (!checks[i].checkPod(meta, spec).allowed) return false;
  }
  return true;
}

/**
 * One line for people, as the admission controller words it, e.g.
 * `violates PodSecurity "restricted:v1.30": host ports (container "app" uses hostPort 8080), ...`.
 */
export function describePodSecurityViolations(
  evaluation: PodSecurityEvaluation,
): string {
  const denied = evaluation.results.filter(result => !result.allowed);
  if (denied.length === 0) return '';
  const reasons = denied.map(result =>
    result.forbiddenDetail
      ? `${result.forbiddenReason} (${result.forbiddenDetail})`
      : `${result.forbiddenReason}`,
  );
  return `violates PodSecurity "${evaluation.level}:${formatPodSecurityVersion(
    evaluation.version,
  )}": ${reasons.join(', ')}`;
}
