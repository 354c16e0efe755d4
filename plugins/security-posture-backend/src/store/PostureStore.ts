import {
  ClusterInventory,
  ControlStatus,
  Framework,
  PostureFinding,
  Severity,
  Snapshot,
  SnapshotControlResult,
  SnapshotScores,
  UnavailableKind,
} from '@sparki/security-posture-common';

/** One row of a snapshot: a failing resource, or a control that is `unknown`/`manual`. */
export type FindingRow = Omit<PostureFinding, 'id' | 'snapshotId'>;

/**
 * What a scan hands to the store. Everything but `inventory` makes up the snapshot's hashed
 * document.
 */
export interface NewSnapshot {
  cluster: string;
  collectedAt: string;
  /**
   * The inventory the scan evaluated, kept beside the snapshot, outside its document, until a
   * newer snapshot of the cluster replaces it (what-if and the object drill-down read it).
   */
  inventory: ClusterInventory;
  unavailable: UnavailableKind[];
  score: number | null;
  /** JSON scores (per framework, per namespace). */
  scores: unknown;
  /** JSON control results without findings. */
  results: unknown;
  findings: FindingRow[];
}

/**
 * A snapshot as stored. The store keeps scores and results as opaque JSON; `asSnapshot` gives them
 * the types the scanner wrote them with.
 */
export interface StoredSnapshot {
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

export interface StoredHistoryPoint {
  snapshotId: number;
  collectedAt: string;
  score: number | null;
  partial: boolean;
  scores: unknown;
}

/** A stored snapshot as the API serves it; every snapshot is written by `ScanService`. */
export function asSnapshot(stored: StoredSnapshot): Snapshot {
  return {
    ...stored,
    scores: stored.scores as SnapshotScores,
    results: stored.results as SnapshotControlResult[],
  };
}

/** The inventory kept for the latest snapshot of a cluster. */
export interface StoredInventory {
  snapshotId: number;
  inventory: ClusterInventory;
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
  insertSnapshot(snapshot: NewSnapshot): Promise<StoredSnapshot>;
  getSnapshot(id: number): Promise<StoredSnapshot | undefined>;
  /** The canonical JSON whose sha256 is recorded on the snapshot. */
  getSnapshotDocument(id: number): Promise<string | undefined>;
  /** The most recent snapshot of every cluster that has one. */
  latestSnapshots(): Promise<StoredSnapshot[]>;
  /** The inventory of the cluster's latest snapshot; undefined before its first scan. */
  latestInventory(cluster: string): Promise<StoredInventory | undefined>;
  /** Oldest first, collected at or after `since`. */
  history(
    cluster: string,
    options: { since?: string; limit: number },
  ): Promise<StoredHistoryPoint[]>;
  listFindings(query: FindingQuery): Promise<PostureFinding[]>;
  /** Deletes snapshots collected before `cutoff`, except the latest of each cluster. */
  deleteSnapshotsBefore(cutoff: Date): Promise<number>;
}
