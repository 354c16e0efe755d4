import { InventoryKind } from './inventory';
import type { EvaluationContext } from './evaluation/context';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** The frameworks a control's result rolls up into. */
export type Framework =
  | 'pss-baseline'
  | 'pss-restricted'
  | 'network-policy'
  | 'rbac'
  | 'cis-kubernetes'
  | 'cis-eks';

/** Identifies the object a finding is about (and, for pod checks, the container). */
export interface ResourceRef {
  kind: string;
  name: string;
  namespace?: string;
  /** For findings about one container of a pod or pod template. */
  container?: string;
}

export interface Finding {
  controlId: string;
  resource: ResourceRef;
  /** One sentence a person can act on, e.g. `container "app" runs privileged`. */
  message: string;
  /** The offending values, kept as evidence for auditors. */
  evidence?: Record<string, unknown>;
}

/**
 * - `pass`: every applicable resource passes.
 * - `fail`: at least one applicable resource fails.
 * - `unknown`: data the control needs could not be collected; shown, excluded from the score.
 * - `not-applicable`: nothing the control applies to exists (e.g. no pods in a namespace).
 * - `manual`: needs data from outside Kubernetes (listed, never guessed).
 */
export type ControlStatus =
  | 'pass'
  | 'fail'
  | 'unknown'
  | 'not-applicable'
  | 'manual';

export interface ControlMetadata {
  /** Our stable id, kebab-case, e.g. `rbac-cluster-admin-bindings`. */
  id: string;
  title: string;
  frameworks: Framework[];
  /** CIS Kubernetes Benchmark v1.12 recommendation id, e.g. `5.1.1`. */
  cisKubernetes?: string;
  /** CIS Amazon EKS Benchmark v1.7 recommendation id, e.g. `4.1.1`. */
  cisEks?: string;
  severity: Severity;
  rationale: string;
  remediation: string;
  /** Id of the runbook in `runbooks/` that explains the fix. */
  runbook: string;
  /** Inventory kinds the control reads; if any is unavailable, the result is `unknown`. */
  requires: InventoryKind[];
  /** For `manual` controls: what data from outside Kubernetes the check needs. */
  manualReason?: string;
}

/** What a control's evaluation returns: how many resources it judged, and which failed. */
export interface ControlEvaluation {
  /** Number of resources the control applies to (the denominator of its score). */
  applicable: number;
  findings: Finding[];
  /** Results per namespace for namespaced controls (applicable counts per namespace). */
  applicableByNamespace?: Record<string, number>;
  /**
   * Resources the control could not judge (e.g. a binding to a role that is neither in the
   * inventory nor a Kubernetes default): not counted in `applicable`; without a failure the
   * result is `unknown`, never `pass`.
   */
  undetermined?: { count: number; reason: string };
}

export interface Control extends ControlMetadata {
  /**
   * `manual` controls have no evaluate: they need data from outside Kubernetes. The context holds
   * the inventory and the indexes shared by all controls (see `createEvaluationContext`).
   */
  evaluate?(context: EvaluationContext): ControlEvaluation;
}

export interface ControlResult {
  controlId: string;
  status: ControlStatus;
  applicable: number;
  /** Number of distinct failing resources. */
  failing: number;
  findings: Finding[];
  /** Why the status is `unknown` or `manual`; for `fail`, what could not be judged, if anything. */
  reason?: string;
  /** Applicable resources per namespace (namespaced resources only). */
  applicableByNamespace?: Record<string, number>;
  /** Distinct failing resources per namespace (namespaced resources only). */
  failingByNamespace?: Record<string, number>;
}
