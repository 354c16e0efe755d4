import type {
  ControlMetadata,
  ControlResult,
  ControlStatus,
  Framework,
  Severity,
} from './controls';
import type { KubeObject, UnavailableKind } from './inventory';
import type { PodSecurityLevel } from './pss';
import type { PostureScore, ScoreSummary } from './score';
import type { WhatIfRequest, WhatIfResult } from './podSecurity/whatIf';

/*
 * Wire shapes of the security-posture backend's HTTP API (`/api/security-posture`, described by
 * the backend's src/schema/openapi.yaml). The backend answers with them and the frontend reads
 * them: declared once, here.
 */

/** A control's result as stored on a snapshot: everything but the findings (see `/findings`). */
export type SnapshotControlResult = Omit<ControlResult, 'findings'>;

/** Per-framework scores (0–100); null means nothing could be scored. */
export type FrameworkScores = Partial<Record<Framework, number | null>>;

/**
 * Scores of one snapshot: the roll-ups of `scorePosture` plus, per namespace, the score of each
 * framework. Scores are 0–100 or null when nothing was scorable, never a silent 100.
 */
export interface SnapshotScores extends PostureScore {
  byNamespaceFramework: Record<string, FrameworkScores>;
}

/** `GET /snapshots/{id}` and `POST /scans`: one stored, immutable scan of a cluster. */
export interface Snapshot {
  id: number;
  cluster: string;
  collectedAt: string;
  /** Some kinds could not be read; see `unavailable`. */
  partial: boolean;
  unavailable: UnavailableKind[];
  /** Cluster score, null when no control could be scored. */
  score: number | null;
  scores: SnapshotScores;
  results: SnapshotControlResult[];
  findingCount: number;
  /** sha256 of the canonical JSON served by `GET /snapshots/{id}/document`. */
  sha256: string;
}

/** A snapshot's figures without its scores and results (those are in `/scores`, `/snapshots/{id}`). */
export type SnapshotSummary = Omit<Snapshot, 'scores' | 'results'>;

/** An item of `GET /clusters`. */
export interface ClusterStatus {
  name: string;
  source: 'api' | 'manifests' | 'git';
  /** The catalog Resource annotated `sparki.io/cluster-name: <name>`, when there is one. */
  entityRef?: string;
  scanning: boolean;
  /** Absent until the cluster's first scan is stored. */
  latestSnapshot?: SnapshotSummary;
}

/** A namespace's entry of `GET /scores`: its overall roll-up and its score per framework. */
export interface NamespaceScores extends ScoreSummary {
  byFramework: FrameworkScores;
}

/** An item of `GET /scores`: the scores of a cluster's latest snapshot. */
export interface ClusterScores {
  cluster: string;
  snapshotId: number;
  collectedAt: string;
  partial: boolean;
  unavailable: UnavailableKind[];
  score: number | null;
  /** The cluster roll-up. */
  summary: ScoreSummary;
  byFramework: Partial<Record<Framework, ScoreSummary>>;
  byNamespace: Record<string, NamespaceScores>;
}

/** A point of `GET /clusters/{cluster}/history`. */
export interface HistoryPoint {
  snapshotId: number;
  collectedAt: string;
  partial: boolean;
  score: number | null;
  byFramework: FrameworkScores;
}

/** `GET /clusters/{cluster}/history`: oldest first. */
export interface ClusterHistory {
  cluster: string;
  points: HistoryPoint[];
}

/** A finding of `GET /findings`: a failing resource, or a control that is `unknown`/`manual`. */
export interface PostureFinding {
  id: number;
  snapshotId: number;
  cluster: string;
  namespace?: string;
  controlId: string;
  severity: Severity;
  frameworks: Framework[];
  status: ControlStatus;
  resourceKind?: string;
  resourceName?: string;
  container?: string;
  message: string;
  evidence?: Record<string, unknown>;
}

/** The filters of `GET /findings` (besides paging). */
export interface FindingFilters {
  cluster?: string;
  /** A snapshot id; defaults to the latest snapshot of each cluster. */
  snapshot?: number;
  namespace?: string;
  control?: string;
  severity?: Severity;
  framework?: Framework;
  status?: ControlStatus;
}

/** `GET /findings`: one page, keyset-paginated. */
export interface FindingsPage {
  items: PostureFinding[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** A control of the catalog as served by `GET /controls` (no `evaluate`). */
export type CatalogControl = ControlMetadata;

/** The body of `POST /what-if`: a what-if on the inventory of one cluster. */
export interface ClusterWhatIfRequest extends WhatIfRequest {
  cluster: string;
  level: PodSecurityLevel;
  /** `latest` or `v1.N`. */
  version: string;
}

/** `POST /what-if`: the common what-if result on the inventory the backend last collected. */
export interface WhatIfResponse extends WhatIfResult {
  cluster: string;
  inventoryCollectedAt: string;
}

/** The body of `POST /scans`; the answer (201) is the stored `Snapshot`. */
export interface ScanRequest {
  cluster: string;
}

/** The lists of `GET /clusters`, `GET /scores` and `GET /controls`. */
export interface ItemList<T> {
  items: T[];
}

/**
 * `GET /clusters/{cluster}/objects?kind=&name=&namespace=`: one object of the inventory stored with
 * the cluster's latest snapshot, e.g. a failing pod to show its YAML. Secret values are redacted.
 */
export interface ClusterObjectView {
  cluster: string;
  /** The snapshot whose inventory holds the object. */
  snapshotId: number;
  /** When that inventory was collected. */
  collectedAt: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  /** The object as collected, redacted. */
  object: KubeObject;
  /** The same object as YAML text. */
  yaml: string;
  /** Dotted paths whose values were replaced by `<redacted>`, e.g. `data.password`. */
  redacted: string[];
}
