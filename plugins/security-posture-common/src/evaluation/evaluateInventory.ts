import { ClusterInventory } from '../inventory';
import {
  Control,
  ControlResult,
  ControlStatus,
  Finding,
  ResourceRef,
} from '../controls';
import { controlCatalog } from '../controls/catalog';
import { parsePodSecurityVersion } from '../pss';
import { createEvaluationContext, EvaluationOptions } from './context';

export interface EvaluateInventoryOptions extends EvaluationOptions {
  /** Controls to evaluate; defaults to the whole catalog. */
  controls?: readonly Control[];
}

function statusOf(applicable: number, failing: number): ControlStatus {
  if (applicable === 0) return 'not-applicable';
  return failing > 0 ? 'fail' : 'pass';
}

/**
 * Distinct failing resources (a resource with several findings counts once), overall and per
 * namespace, without building a string key per finding: kind → namespace → names.
 */
function countFailing(findings: readonly Finding[]): {
  failingCount: number;
  failingByNamespace: Record<string, number>;
} {
  const failingResources = new Map<string, Map<string, Set<string>>>();
  // A Map made a record at the end, as in `evaluation` (defineControl.ts).
  const failingCounts = new Map<string, number>();
  let failingCount = 0;
  let previous: ResourceRef | undefined;
  for (let i = 0; i < findings.length; i++) {
    const resource = findings[i].resource;
    // A resource's findings mostly come in a row (one per check or container): already counted.
    if (
      previous !== undefined &&
      (resource === previous ||
        (resource.name === previous.name &&
          resource.kind === previous.kind &&
          resource.namespace === previous.namespace))
    ) {
      continue;
    }
    previous = resource;
    const namespace = resource.namespace ?? '';
    let byNamespace = failingResources.get(resource.kind);
    if (!byNamespace) {
      byNamespace = new Map();
      failingResources.set(resource.kind, byNamespace);
    }
    let names = byNamespace.get(namespace);
    if (!names) {
      names = new Set();
      byNamespace.set(namespace, names);
    }
    if (names.has(resource.name)) continue;
    names.add(resource.name);
    failingCount += 1;
    if (namespace) {
      failingCounts.set(namespace, (failingCounts.get(namespace) ?? 0) + 1);
    }
  }
  return {
    failingCount,
    failingByNamespace: Object.fromEntries(failingCounts),
  };
}

/**
 * Evaluates controls against an inventory. A control is `unknown` (shown, not scored) when a kind
 * it requires is in `inventory.unavailable` or when it throws, `manual` when it needs data from
 * outside Kubernetes, `not-applicable` when nothing it judges exists, else `pass` or `fail`.
 */
export function evaluateInventory(
  inventory: ClusterInventory,
  options: EvaluateInventoryOptions = {},
): ControlResult[] {
  if (
    options.pssVersion !== undefined &&
    !parsePodSecurityVersion(options.pssVersion)
  ) {
    throw new TypeError(
      `Invalid Pod Security Standards version "${options.pssVersion}": expected "latest" or "v1.N"`,
    );
  }
  const context = createEvaluationContext(inventory, options);
  const unavailable = new Map(
    inventory.unavailable.map(u => [u.kind, u.reason]),
  );

  return (options.controls ?? controlCatalog).map((control): ControlResult => {
    const base = {
      controlId: control.id,
      applicable: 0,
      failing: 0,
      findings: [],
    };
    if (!control.evaluate) {
      return {
        ...base,
        status: 'manual',
        reason: control.manualReason ?? 'Needs data from outside Kubernetes.',
      };
    }
    const missing = control.requires.filter(kind => unavailable.has(kind));
    if (missing.length > 0) {
      return {
        ...base,
        status: 'unknown',
        reason: `Could not read ${missing
          .map(kind => `${kind} (${unavailable.get(kind)})`)
          .join(', ')}`,
      };
    }
    let result;
    try {
      result = control.evaluate(context);
    } catch (error) {
      return {
        ...base,
        status: 'unknown',
        reason: `Evaluation failed: ${(error as Error).message}`,
      };
    }
    const { failingCount, failingByNamespace } = countFailing(result.findings);
    const failing = Math.min(failingCount, result.applicable);
    const undetermined = result.undetermined?.count
      ? `${result.undetermined.count} not judged: ${result.undetermined.reason}`
      : undefined;
    return {
      controlId: control.id,
      // A partial judgement with no failure is not a pass.
      status:
        undetermined && failing === 0
          ? 'unknown'
          : statusOf(result.applicable, failing),
      ...(undetermined ? { reason: undetermined } : {}),
      applicable: result.applicable,
      failing,
      findings: result.findings,
      applicableByNamespace: result.applicableByNamespace ?? {},
      failingByNamespace,
    };
  });
}
