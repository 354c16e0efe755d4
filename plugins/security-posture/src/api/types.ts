import type {
  ControlMetadata,
  ControlResult,
  ControlStatus,
  Framework,
  PostureScore,
  ScoreSummary,
  Severity,
  UnavailableKind,
} from '@sparki/security-posture-common';

/*
 * Wire shapes of the security-posture backend's HTTP API (see its src/schema/openapi.yaml),
 * built from the domain types of @sparki/security-posture-common. The backend declares the same
 * shapes next to its store and query service; they belong in -common (requested) and this file
 * goes away when they are exported from there.
 */

/** A control's result as stored on a snapshot: everything but the findings. */
export type SnapshotControlResult = Omit<ControlResult, 'findings'>;

/** Per-framework scores (0–100) where null means nothing could be scored. */
export type FrameworkScores = Partial<Record<Framework, number | null>>;

export interface SnapshotScores extends PostureScore {
  byNamespaceFramework: Record<string, FrameworkScores>;
}

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
  sha256: string;
}

/** A snapshot as listed with its cluster: the figures, without scores per framework or results. */
export type SnapshotSummary = Omit<Snapshot, 'scores' | 'results'>;

export interface ClusterStatus {
  name: string;
  source: 'api' | 'manifests';
  /** Catalog Resource annotated `sparki.io/cluster-name: <name>`. */
  entityRef?: string;
  scanning: boolean;
  latestSnapshot: SnapshotSummary | null;
}

export interface HistoryPoint {
  snapshotId: number;
  collectedAt: string;
  partial: boolean;
  score: number | null;
  byFramework: FrameworkScores;
}

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

export interface FindingFilters {
  cluster?: string;
  snapshot?: number;
  namespace?: string;
  control?: string;
  severity?: Severity;
  framework?: Framework;
  status?: ControlStatus;
}

export interface FindingsPage {
  items: PostureFinding[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** A control of the catalog as served by `GET /controls`. */
export type CatalogControl = ControlMetadata;

export type { ScoreSummary };
