import {
  CatalogControl,
  ClusterInventory,
  ControlResult,
  SnapshotScores,
  WhatIfRequest,
  WhatIfResult,
} from '@sparki/security-posture-common';

/**
 * The evaluation logic the backend runs, all of it from `@sparki/security-posture-common` so the
 * frontend and the CLI judge a cluster exactly like the scanner. Behind an interface so the scan
 * and query services stay independent of how scores are computed.
 */
export interface PostureEngine {
  controls(): CatalogControl[];
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
