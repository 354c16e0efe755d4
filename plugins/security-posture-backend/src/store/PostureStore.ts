import {
  ControlStatus,
  Framework,
  Severity,
  UnavailableKind,
} from '@sparki/security-posture-common';

/** One row of a snapshot: a failing resource, or a control that is `unknown`/`manual`. */
export interface FindingRow {
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

export interface StoredFinding extends FindingRow {
  id: number;
  snapshotId: number;
}

/** What a scan hands to the store. `document` is everything else the snapshot holds. */
export interface NewSnapshot {
  cluster: string;
  collectedAt: string;
  unavailable: UnavailableKind[];
  score: number | null;
  /** JSON scores (per framework, per namespace). */
  scores: unknown;
  /** JSON control results without findings. */
  results: unknown;
  findings: FindingRow[];
}

export interface SnapshotSummary {
  id: number;
  cluster: string;
  collectedAt: string;
  partial: boolean;
  unavailable: UnavailableKind[];
  score: number | null;
  scores: unknown;
  results: unknown;
  findingCount: number;
  sha256: string;
}

export interface HistoryPoint {
  snapshotId: number;
  collectedAt: string;
  score: number | null;
  partial: boolean;
  scores: unknown;
}

export interface FindingQuery {
  snapshotIds: number[];
  namespace?: string;
  controlId?: string;
  severity?: Severity;
  framework?: Framework;
  status?: ControlStatus;
  /** Return rows with an id greater than this (keyset pagination). */
  afterId?: number;
  limit: number;
}

/** Raised when a snapshot would overwrite one already stored. */
export class SnapshotExistsError extends Error {
  name = 'SnapshotExistsError';
}

/**
 * Scan history. Snapshots are append-only: there is no update; a second snapshot with the same
 * cluster and collection time is rejected. Only retention deletes them.
 */
export interface PostureStore {
  insertSnapshot(snapshot: NewSnapshot): Promise<SnapshotSummary>;
  getSnapshot(id: number): Promise<SnapshotSummary | undefined>;
  /** The canonical JSON whose sha256 is recorded on the snapshot. */
  getSnapshotDocument(id: number): Promise<string | undefined>;
  /** The most recent snapshot of every cluster that has one. */
  latestSnapshots(): Promise<SnapshotSummary[]>;
  /** Oldest first, collected at or after `since`. */
  history(
    cluster: string,
    options: { since?: string; limit: number },
  ): Promise<HistoryPoint[]>;
  listFindings(query: FindingQuery): Promise<StoredFinding[]>;
  /** Deletes snapshots collected before `cutoff`, except the latest of each cluster. */
  deleteSnapshotsBefore(cutoff: Date): Promise<number>;
}
