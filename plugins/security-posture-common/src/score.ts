import { Control, ControlResult, Framework, Severity } from './controls';
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

interface Scored {
  control: Control;
  result: Pick<ControlResult, 'status'>;
  score: number | null;
}

function summarize(items: Scored[]): ScoreSummary {
  const count = (status: ControlResult['status']) =>
    items.filter(i => i.result.status === status).length;
  const score = weightedScore(
    items.map(i => ({ severity: i.control.severity, score: i.score })),
  );
  const unknown = count('unknown');
  const summary: ScoreSummary = {
    score,
    scored: items.filter(i => i.score !== null).length,
    passing: items.filter(i => i.score !== null && i.result.status === 'pass')
      .length,
    failing: items.filter(i => i.score !== null && i.result.status === 'fail')
      .length,
    unknown,
    manual: count('manual'),
    notApplicable: count('not-applicable'),
  };
  if (score === null) {
    summary.reason =
      unknown > 0
        ? `No data: ${unknown} control(s) could not be evaluated and none had resources to judge`
        : 'No data: no control had resources to judge';
  }
  return summary;
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
  const scored: Array<Scored & { result: ControlResult }> = results.flatMap(
    result => {
      const control = controls.get(result.controlId);
      return control ? [{ control, result, score: controlScore(result) }] : [];
    },
  );

  const byFramework: Partial<Record<Framework, ScoreSummary>> = {};
  const frameworks = new Set(scored.flatMap(s => s.control.frameworks));
  for (const framework of frameworks) {
    byFramework[framework] = summarize(
      scored.filter(s => s.control.frameworks.includes(framework)),
    );
  }

  // Per namespace, the controls with applicable resources there (in result order), judged on
  // that namespace's share; one pass over the results instead of one per namespace.
  const inNamespaces = new Map<string, Scored[]>();
  for (const s of scored) {
    const applicableByNamespace = s.result.applicableByNamespace ?? {};
    for (const namespace of Object.keys(applicableByNamespace)) {
      let items = inNamespaces.get(namespace);
      if (!items) {
        items = [];
        inNamespaces.set(namespace, items);
      }
      const applicable = applicableByNamespace[namespace];
      if (!(applicable > 0)) continue;
      const failing = Math.min(
        s.result.failingByNamespace?.[namespace] ?? 0,
        applicable,
      );
      items.push({
        control: s.control,
        result: { status: failing > 0 ? 'fail' : 'pass' },
        score: s.score === null ? null : (applicable - failing) / applicable,
      });
    }
  }
  const byNamespace: Record<string, ScoreSummary> = {};
  for (const namespace of [...inNamespaces.keys()].sort()) {
    byNamespace[namespace] = summarize(inNamespaces.get(namespace)!);
  }

  return { cluster: summarize(scored), byFramework, byNamespace };
}
