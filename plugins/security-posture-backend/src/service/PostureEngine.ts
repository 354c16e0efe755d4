import {
  ClusterInventory,
  ControlMetadata,
  ControlResult,
  Framework,
  PostureScore,
  WhatIfRequest,
  WhatIfResult,
} from '@sparki/security-posture-common';

/**
 * Scores of one snapshot: the roll-ups of `scorePosture` plus, per namespace, the score of each
 * framework (for the namespace × framework gauges and filters). Scores are 0–100 or `null` when
 * nothing was scorable, never a silent 100.
 */
export interface SnapshotScores extends PostureScore {
  byNamespaceFramework: Record<
    string,
    Partial<Record<Framework, number | null>>
  >;
}

/**
 * The evaluation logic the backend runs, all of it from `@sparki/security-posture-common` so the
 * frontend and the CLI judge a cluster exactly like the scanner. Behind an interface so the scan
 * and query services stay independent of how scores are computed.
 */
export interface PostureEngine {
  controls(): ControlMetadata[];
  evaluate(inventory: ClusterInventory): ControlResult[];
  score(results: ControlResult[]): SnapshotScores;
  whatIf(inventory: ClusterInventory, request: WhatIfRequest): WhatIfResult;
  /** Reads a directory of manifests (YAML/JSON, recursively) as the inventory of one cluster. */
  readManifests(
    directory: string,
    cluster: string,
    collectedAt: string,
  ): Promise<ClusterInventory>;
}
