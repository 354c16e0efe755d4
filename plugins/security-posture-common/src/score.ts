import {
  Control,
  ControlResult,
  ControlStatus,
  Framework,
  Severity,
} from './controls';
import { controlCatalog } from './controls/catalog';

/** How much a control counts in a roll-up, by severity. */
export const severityWeights: Readonly<Record<Severity, number>> =
  Object.freeze({
    critical: 10,
    high: 5,
    medium: 3,
    low: 1,
  });

export interface ScoreSummary {
  /** 0–100, one decimal; null when no control could be scored ("no data"), never a silent 100. */
  score: number | null;
  /** Why `score` is null. */
  reason?: string;
  /** Controls that contributed (status pass or fail with applicable resources). */
  scored: number;
  passing: number;
  failing: number;
  unknown: number;
  manual: number;
  notApplicable: number;
}

export interface PostureScore {
  cluster: ScoreSummary;
  byFramework: Partial<Record<Framework, ScoreSummary>>;
  byNamespace: Record<string, ScoreSummary>;
}

/** A control's score: the share of its applicable resources that pass; null when not scorable. */
export function controlScore(
  result: Pick<ControlResult, 'status' | 'applicable' | 'failing'>,
): number | null {
  if (
    (result.status !== 'pass' && result.status !== 'fail') ||
    result.applicable <= 0
  ) {
    return null;
  }
  return (result.applicable - result.failing) / result.applicable;
}

/**
 * Severity-weighted mean of control scores, as a percentage with one decimal:
 * `100 × Σ weight(c) × score(c) / Σ weight(c)` over the controls with a score.
 */
export function weightedScore(
  items: Array<{ severity: Severity; score: number | null }>,
): number | null {
  let weighted = 0;
  let total = 0;
  for (const { severity, score } of items) {
    if (score === null) continue;
    weighted += severityWeights[severity] * score;
    total += severityWeights[severity];
  }
  return total === 0 ? null : Math.round((1000 * weighted) / total) / 10;
}

/** A control's contribution to one roll-up (one object per control and namespace). */
interface Scored {
  severity: Severity;
  status: ControlStatus;
  score: number | null;
}

/**
 * A roll-up being counted: controls are added one by one (in result order, so the weighted sum
 * is the one `weightedScore` computes), without a list per roll-up; a scan makes hundreds. A
 * literal with module functions, not a class: a literal's hidden class lives as long as the code
 * that creates it, a class instance's dies with the last instance, and with it the JIT'd code of
 * every caller, optimized again in the next evaluation.
 */
interface Tally {
  weighted: number;
  total: number;
  scored: number;
  passing: number;
  failing: number;
  unknown: number;
  manual: number;
  notApplicable: number;
}

function newTally(): Tally {
  return {
    weighted: 0,
    total: 0,
    scored: 0,
    passing: 0,
    failing: 0,
    unknown: 0,
    manual: 0,
    notApplicable: 0,
  };
}

function addToTally(
  tally: Tally,
  severity: Severity,
  status: ControlStatus,
  score: number | null,
): void {
  if (status === 'unknown') tally.unknown += 1;
  else if (status === 'manual') tally.manual += 1;
  else if (status === 'not-applicable') tally.notApplicable += 1;
  if (score === null) return;
  tally.weighted += severityWeights[severity] * score;
  tally.total += severityWeights[severity];
  tally.scored += 1;
  if (status === 'pass') tally.passing += 1;
  else if (status === 'fail') tally.failing += 1;
}

function summaryOf(tally: Tally): ScoreSummary {
  // Each shape written out in one literal (no spread, no property added later), as above.
  if (tally.total === 0) {
    return {
      score: null,
      scored: tally.scored,
      passing: tally.passing,
      failing: tally.failing,
      unknown: tally.unknown,
      manual: tally.manual,
      notApplicable: tally.notApplicable,
      reason:
        tally.unknown > 0
          ? `No data: ${tally.unknown} control(s) could not be evaluated and none had resources to judge`
          : 'No data: no control had resources to judge',
    };
  }
  return {
    score: Math.round((1000 * tally.weighted) / tally.total) / 10,
    scored: tally.scored,
    passing: tally.passing,
    failing: tally.failing,
    unknown: tally.unknown,
    manual: tally.manual,
    notApplicable: tally.notApplicable,
  };
}

function summarize(items: Scored[]): ScoreSummary {
  const tally = newTally();
  for (let i = 0; i < items.length; i++) {
    addToTally(tally, items[i].severity, items[i].status, items[i].score);
  }
  return summaryOf(tally);
}

/**
 * Adds a control's result to the roll-up of each namespace it has applicable resources in, in each
 * of `rollUps` (one per framework of the control, say), judged on that namespace's share (a
 * roll-up is made for every namespace listed, even with none). All roll-ups in one pass, so the
 * namespace records are read once per result rather than once per framework.
 */
function addNamespaceShares(
  rollUps: readonly Map<string, Tally>[],
  severity: Severity,
  result: ControlResult,
): void {
  const score = controlScore(result);
  // Entries, not `record[namespace]`: property reads of records keyed by namespace make the JIT'd
  // code depend on their hidden classes, which die with each evaluation.
  const applicableByNamespace = Object.entries(
    result.applicableByNamespace ?? {},
  );
  const failingByNamespace = new Map(
    Object.entries(result.failingByNamespace ?? {}),
  );
  for (let n = 0; n < applicableByNamespace.length; n++) {
    const [namespace, applicable] = applicableByNamespace[n];
    const failing =
      applicable > 0
        ? Math.min(failingByNamespace.get(namespace) ?? 0, applicable)
        : 0;
    for (let r = 0; r < rollUps.length; r++) {
      let tally = rollUps[r].get(namespace);
      if (!tally) {
        tally = newTally();
        rollUps[r].set(namespace, tally);
      }
      if (!(applicable > 0)) continue;
      addToTally(
        tally,
        severity,
        failing > 0 ? 'fail' : 'pass',
        score === null ? null : (applicable - failing) / applicable,
      );
    }
  }
}

/**
 * Rolls control results up to the cluster, each framework and each namespace. A namespace's score
 * uses, per control, the share of the namespace's applicable resources that pass; cluster-scoped
 * resources (ClusterRoles, ClusterRoleBindings) count for the cluster only.
 */
export function scorePosture(
  results: readonly ControlResult[],
  catalog: readonly Control[] = controlCatalog,
): PostureScore {
  const controls = new Map(catalog.map(control => [control.id, control]));
  const scored: Array<Scored & { control: Control; result: ControlResult }> =
    [];
  for (const result of results) {
    const control = controls.get(result.controlId);
    if (control) {
      scored.push({
        severity: control.severity,
        status: result.status,
        score: controlScore(result),
        control,
        result,
      });
    }
  }

  // Records built by `Object.fromEntries`, as `evaluation` (defineControl.ts) explains.
  const frameworks = new Set(scored.flatMap(s => s.control.frameworks));
  const byFramework: Partial<Record<Framework, ScoreSummary>> =
    Object.fromEntries(
      [...frameworks].map(framework => [
        framework,
        summarize(scored.filter(s => s.control.frameworks.includes(framework))),
      ]),
    );

  // Per namespace, the controls with applicable resources there (in result order), judged on
  // that namespace's share; one pass over the results instead of one per namespace.
  const inNamespaces = new Map<string, Tally>();
  const rollUps = [inNamespaces];
  for (let i = 0; i < scored.length; i++) {
    addNamespaceShares(rollUps, scored[i].severity, scored[i].result);
  }
  const byNamespace: Record<string, ScoreSummary> = Object.fromEntries(
    [...inNamespaces.keys()]
      .sort()
      .map(namespace => [namespace, summaryOf(inNamespaces.get(namespace)!)]),
  );

  return { cluster: summarize(scored), byFramework, byNamespace };
}

/**
 * Per namespace, the score of each framework: the namespace roll-up of that framework's controls
 * only, as `scorePosture` of the framework's results gives it, for all frameworks in one pass
 * over the results (namespaces sorted within each framework, frameworks in catalog order).
 */
export function scoreNamespacesByFramework(
  results: readonly ControlResult[],
  catalog: readonly Control[] = controlCatalog,
): Record<string, Partial<Record<Framework, number | null>>> {
  const controls = new Map(catalog.map(control => [control.id, control]));
  const byFramework = new Map<Framework, Map<string, Tally>>();
  for (let c = 0; c < catalog.length; c++) {
    const frameworks = catalog[c].frameworks;
    for (let f = 0; f < frameworks.length; f++) {
      if (!byFramework.has(frameworks[f])) {
        byFramework.set(frameworks[f], new Map());
      }
    }
  }
  for (let i = 0; i < results.length; i++) {
    const control = controls.get(results[i].controlId);
    if (!control) continue;
    addNamespaceShares(
      control.frameworks.map(framework => byFramework.get(framework)!),
      control.severity,
      results[i],
    );
  }
  const scores = new Map<string, Map<Framework, number | null>>();
  for (const [framework, inNamespaces] of byFramework) {
    for (const namespace of [...inNamespaces.keys()].sort()) {
      let ofNamespace = scores.get(namespace);
      if (!ofNamespace) {
        ofNamespace = new Map();
        scores.set(namespace, ofNamespace);
      }
      ofNamespace.set(framework, summaryOf(inNamespaces.get(namespace)!).score);
    }
  }
  // Records built by `Object.fromEntries`, as `evaluation` (defineControl.ts) explains.
  return Object.fromEntries(
    [...scores].map(([namespace, ofNamespace]) => [
      namespace,
      Object.fromEntries(ofNamespace),
    ]),
  );
}
