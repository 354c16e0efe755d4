import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  cisKubernetes,
  RawCheckResult,
  ScopeRef,
} from '@sparki/compliance-common';
import type { ComplianceCheckSource } from '@sparki/compliance-node';
import { createHash } from 'node:crypto';
import { ComplianceService } from '../../service/ComplianceService';
import { ComplianceStore } from '../../store/ComplianceStore';
import { EvidencePackService } from '../EvidencePackService';

/** Findings CIS Kubernetes has per scope: one per control and required check. */
export const findingsPerScope = cisKubernetes.controls.reduce(
  (sum, control) => sum + control.requiredChecks.length,
  0,
);

/**
 * A posture-like source over `scopes` clusters: every check reported in every cluster, one in
 * ten failing with two objects behind it. For scale tests and the benchmark (no I/O).
 */
export function generatedSource(scopes: number): ComplianceCheckSource {
  const checkIds = [
    ...new Set(cisKubernetes.controls.flatMap(c => c.requiredChecks)),
  ];
  const observedAt = new Date().toISOString();
  return {
    id: 'generated',
    handles: checkId => checkId.startsWith('posture-control:'),
    async collect() {
      const results: RawCheckResult[] = [];
      for (let s = 0; s < scopes; s++) {
        const scope: ScopeRef = { kind: 'cluster', id: `cluster-${s}` };
        checkIds.forEach((checkId, c) => {
          const failing = (s + c) % 10 === 0;
          results.push({
            checkId,
            scope,
            state: failing ? 'fail' : 'pass',
            observedAt,
            population: { applicable: 40, failing: failing ? 2 : 0 },
            message: failing
              ? `2 of 40 workloads in cluster-${s} fail ${checkId}`
              : `all 40 workloads in cluster-${s} pass ${checkId}`,
          });
        });
      }
      return {
        results,
        snapshots: [
          {
            source: 'generated',
            id: `generated:${scopes}`,
            sha256: createHash('sha256').update(`${scopes}`).digest('hex'),
            takenAt: observedAt,
          },
        ],
        problems: [],
      };
    },
    async listResources({ checkId, scope }) {
      return {
        items: [1, 2].map(n => ({
          kind: 'Pod',
          name: `workload-${n}`,
          namespace: 'apps',
          state: 'fail' as const,
          message: `${checkId} fails in ${scope.id}`,
          ref: { source: 'posture-control' as const, id: `${scope.id}-${n}` },
        })),
      };
    },
  };
}

/** Runs outside jest too (the benchmark): a logger without output. */
const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

/** Empty registers and history: the scale is in the findings. */
const emptyStore = {
  listWaivers: async () => [],
  listAttestations: async () => [],
  scoreHistory: async () => [],
} as unknown as ComplianceStore;

/** A compliance service over `scopes` generated clusters and a pack service on top of it. */
export function generatedPackService(scopes: number) {
  const logger = silentLogger;
  const sources = [generatedSource(scopes)];
  const compliance = new ComplianceService({
    frameworks: [cisKubernetes],
    sources,
    store: emptyStore,
    logger,
    cacheSeconds: 3600,
    sourceTimeoutSeconds: 600,
  });
  const packs = new EvidencePackService({
    compliance,
    store: emptyStore,
    frameworks: [cisKubernetes],
    sources,
    logger,
  });
  return { compliance, packs };
}
