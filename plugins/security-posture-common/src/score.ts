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
 * is the one `weightedScore` computes), without a list per roll-up; a scan makes hundreds.
 */
class Tally {
  private weighted = 0;
  private total = 0;
  private scored = 0;
  private passing = 0;
  private failing = 0;
  private unknown = 0;
  private manual = 0;
  private notApplicable = 0;

  add(severity: Severity, status: ControlStatus, score: number | null): void {
    if (status === 'unknown') this.unknown += 1;
    else if (status === 'manual') this.manual += 1;
    else if (status === 'not-applicable') this.notApplicable += 1;
    if (score === null) return;
    this.weighted += severityWeights[severity] * score;
    this.total += severityWeights[severity];
    this.scored += 1;
    if (status === 'pass') this.passing += 1;
    else if (status === 'fail') this.failing += 1;
  }

  summary(): ScoreSummary {
    const score =
      this.total === 0
        ? null
        : Math.round((1000 * this.weighted) / this.total) / 10;
    const summary: ScoreSummary = {
      score,
      scored: this.scored,
      passing: this.passing,
      failing: this.failing,
      unknown: this.unknown,
      manual: this.manual,
      notApplicable: this.notApplicable,
    };
    if (score === null) {
      summary.reason =
        this.unknown > 0
          ? `No data: ${this.unknown} control(s) could not be evaluated and none had resources to judge`
          : 'No data: no control had resources to judge';
    }
    return summary;
  }
}

function summarize(items: Scored[]): ScoreSummary {
  const tally = new Tally();
  for (let i = 0; i < items.length; i++) {
    tally.add(items[i].severity, items[i].status, items[i].score);
  }
  return tally.summary();
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

  const byFramework: Partial<Record<Framework, ScoreSummary>> = {};
  const frameworks = new Set(scored.flatMap(s => s.control.frameworks));
  for (const framework of frameworks) {
    byFramework[framework] = summarize(
      scored.filter(s => s.control.frameworks.includes(framework)),
    );
  }

  // Per namespace, the controls with applicable resources there (in result order), judged on
  // that namespace's share; one pass over the results instead of one per namespace.
  const inNamespaces = new Map<string, Tally>();
  for (let i = 0; i < scored.length; i++) {
    const s = scored[i];
    const applicableByNamespace = s.result.applicableByNamespace ?? {};
    const namespaces = Object.keys(applicableByNamespace);
    for (let n = 0; n < namespaces.length; n++) {
      const namespace = namespaces[n];
      let tally = inNamespaces.get(namespace);
      if (!tally) {
        tally = new Tally();
        inNamespaces.set(namespace, tally);
      }
      const applicable = applicableByNamespace[namespace];
      if (!(applicable > 0)) continue;
      const failing = Math.min(
        s.result.failingByNamespace?.[namespace] ?? 0,
        applicable,
      );
      tally.add(
        s.severity,
        failing > 0 ? 'fail' : 'pass',
        s.score === null ? null : (applicable - failing) / applicable,
      );
    }
  }
  const byNamespace: Record<string, ScoreSummary> = {};
  for (const namespace of [...inNamespaces.keys()].sort()) {
    byNamespace[namespace] = inNamespaces.get(namespace)!.summary();
  }

  return { cluster: summarize(scored), byFramework, byNamespace };
}
