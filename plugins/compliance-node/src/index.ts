/**
 * Node library of Sparki's compliance plugin: the extension point through which check sources
 * plug into `@sparki/compliance-backend`.
 *
 * @packageDocumentation
 */
import {
  BackstageCredentials,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import type {
  CheckResourcePage,
  RawCheckResult,
  ScopeRef,
  SourceProblem,
  SourceSnapshotRef,
} from '@sparki/compliance-common';

/** What a source read in one collection. */
export interface CheckSourceReport {
  /**
   * Raw results per check and scope. A check a source does not report stays `unknown` /
   * `no-data`; data the source holds but judges too old is reported as `unknown` / `stale`.
   */
  results: RawCheckResult[];
  /** What the results were read from, with hashes: kept with every score snapshot. */
  snapshots: SourceSnapshotRef[];
  /** Scopes (or the whole source) it could not read fully: shown as partial, never as pass. */
  problems: Array<Omit<SourceProblem, 'source'>>;
}

/** Which objects stand behind one check's result in one scope, one page at a time. */
export interface CheckResourceQuery {
  checkId: string;
  scope: ScopeRef;
  limit: number;
  cursor?: string;
  /** The caller's: a source reads other plugins' data on the caller's behalf, within their rights. */
  credentials: BackstageCredentials;
}

/**
 * A source of raw check results, e.g. posture snapshots or audit-trail ingestion. Sources report
 * what they observed; waivers, attestations and scores are applied by the compliance backend.
 */
export interface ComplianceCheckSource {
  /** Unique, e.g. `posture`; names the source in problems and snapshot references. */
  readonly id: string;
  /** The raw results it has now. Throwing marks the whole source as failed (its checks unknown). */
  collect(options: { now: Date }): Promise<CheckSourceReport>;
  /** The objects behind a result (failing pods, CloudTrail events…); absent if it has none. */
  listResources?(
    query: CheckResourceQuery,
  ): Promise<Omit<CheckResourcePage, 'supported'>>;
  /** True when this source answers for the check (only those checks are listed through it). */
  handles(checkId: string): boolean;
}

export interface ComplianceCheckSourcesExtensionPoint {
  addCheckSource(...sources: ComplianceCheckSource[]): void;
}

/** Check sources plug into the compliance backend here (from a backend module). */
export const complianceCheckSourcesExtensionPoint =
  createExtensionPoint<ComplianceCheckSourcesExtensionPoint>({
    id: 'compliance.check-sources',
  });
