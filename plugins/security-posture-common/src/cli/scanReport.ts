import { ControlMetadata, ControlResult } from '../controls';
import { controlCatalog } from '../controls/catalog';
import { evaluateInventory } from '../evaluation/evaluateInventory';
import { ClusterInventory } from '../inventory';
import { BuiltInventory } from '../manifests';
import { whatIfPodSecurity, WhatIfResult } from '../podSecurity/whatIf';
import { controlScore, PostureScore, scorePosture } from '../score';

export type ControlReport = Omit<ControlMetadata, 'requires'> &
  ControlResult & {
    /** Share of applicable resources that pass, 0–100; null when not scored. */
    score: number | null;
  };

/** What `posture scan` prints as JSON. */
export interface ScanReport {
  cluster: string;
  source: string;
  collectedAt: string;
  objects: number;
  ignoredKinds: Record<string, number>;
  duplicates: string[];
  score: PostureScore;
  controls: ControlReport[];
  whatIf: WhatIfResult;
}

export function buildScanReport(
  built: BuiltInventory,
  source: string,
  pss: { level: string; version: string; namespace?: string },
): ScanReport {
  const inventory: ClusterInventory = built.inventory;
  const results = evaluateInventory(inventory, { pssVersion: pss.version });
  const byId = new Map(results.map(result => [result.controlId, result]));
  const controls = controlCatalog.map(
    ({ evaluate: _evaluate, requires: _requires, ...metadata }) => {
      const result = byId.get(metadata.id)!;
      const score = controlScore(result);
      return {
        ...metadata,
        ...result,
        score: score === null ? null : Math.round(score * 1000) / 10,
      };
    },
  );
  return {
    cluster: inventory.cluster,
    source,
    collectedAt: inventory.collectedAt,
    objects: Object.values(inventory.objects).reduce(
      (sum, list) => sum + list.length,
      0,
    ),
    ignoredKinds: built.ignoredKinds,
    duplicates: built.duplicates,
    score: scorePosture(results),
    controls,
    whatIf: whatIfPodSecurity(inventory, {
      namespace: pss.namespace,
      level: pss.level,
      version: pss.version,
    }),
  };
}
