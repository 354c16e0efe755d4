import {
  AttestationRecord as CommonAttestationRecord,
  CheckResult,
  effectiveResult,
  Framework,
  FrameworkScore,
  RawCheckResult,
  scopeKey,
  ScopeRef,
  ScopeScore,
  scoreFramework,
  SourceProblem,
  SourceSnapshotRef,
  WaiverRecord,
} from '@sparki/compliance-common';
import type { CheckSourceReport } from '@sparki/compliance-node';
import { StoredAttestation, StoredWaiver } from '../store/ComplianceStore';

/** One framework evaluated over every scope (the roll-up) and in each of its scopes. */
export interface FrameworkEvaluation {
  framework: Framework;
  /** Over every scope: of several results of one check, the worst counts (method rule 1). */
  rollUp: FrameworkScore;
  /** Worst first. */
  scopes: Array<{ scope: ScopeRef; score: FrameworkScore }>;
  /** The framework's checks' effective results, by scope key. */
  resultsByScope: Map<string, CheckResult[]>;
  /** Ids of the sources that reported results for the framework's checks. */
  sourceIds: Set<string>;
}

export interface Evaluation {
  evaluatedAt: Date;
  frameworks: FrameworkEvaluation[];
  sources: SourceSnapshotRef[];
  problems: SourceProblem[];
}

export type SourceOutcome =
  | { sourceId: string; report: CheckSourceReport }
  | { sourceId: string; error: Error };

/** The waiver register as the records `effectiveResult` applies: approvals and revocations. */
export function waiverRecords(waivers: StoredWaiver[]): WaiverRecord[] {
  return waivers.flatMap(({ request, decision, revocation }): WaiverRecord[] =>
    decision?.decision === 'approved'
      ? [
          {
            kind: 'waiver',
            id: request.id,
            checkId: request.checkId,
            scope: request.scope,
            reason: request.reason,
            requester: request.requester,
            expiresAt: request.expiresAt,
            approver: decision.by,
            approvedAt: decision.at,
          },
          ...(revocation
            ? [
                {
                  kind: 'waiver-revocation' as const,
                  id: revocation.id,
                  waiverId: request.id,
                  revokedBy: revocation.revokedBy,
                  revokedAt: revocation.revokedAt,
                  reason: revocation.reason,
                },
              ]
            : []),
        ]
      : [],
  );
}

export function attestationRecords(
  attestations: StoredAttestation[],
): CommonAttestationRecord[] {
  return attestations.flatMap(
    ({ attestation, revocation }): CommonAttestationRecord[] => {
      const { recordedAt: _recordedAt, ...rest } = attestation;
      return [
        { kind: 'attestation', ...rest },
        ...(revocation
          ? [
              {
                kind: 'attestation-revocation' as const,
                id: revocation.id,
                attestationId: attestation.id,
                revokedBy: revocation.revokedBy,
                revokedAt: revocation.revokedAt,
                reason: revocation.reason,
              },
            ]
          : []),
      ];
    },
  );
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const resultKey = (checkId: string, scope: ScopeRef) =>
  `${checkId}|${scopeKey(scope)}`;

/**
 * Worst first: the lowest conservative audit score (what an auditor can rely on), then the lowest
 * operational score; scopes where nothing applies last.
 */
export function worstFirst(a: ScopeScore, b: ScopeScore): number {
  const rank = (value: number | null) => (value === null ? 2 : value);
  return (
    rank(a.audit.conservativeScore) - rank(b.audit.conservativeScore) ||
    rank(a.operational.score) - rank(b.operational.score) ||
    scopeKey(a.scope!).localeCompare(scopeKey(b.scope!))
  );
}

export function scopeScore(
  score: FrameworkScore,
  scope: ScopeRef | undefined,
): ScopeScore {
  return {
    ...(scope ? { scope } : {}),
    operational: score.operational,
    audit: score.audit,
    waivers: score.waivers,
    waivedChecks: score.waivedChecks,
    controlsByStatus: score.controlsByStatus,
  };
}

/**
 * Applies the registers to what the sources reported and scores every framework, over every
 * scope and per scope. Pure: the same reports, registers and `now` give the same evaluation.
 */
export function evaluate(options: {
  frameworks: readonly Framework[];
  outcomes: SourceOutcome[];
  waivers: StoredWaiver[];
  attestations: StoredAttestation[];
  now: Date;
}): Evaluation {
  const { now } = options;
  const problems: SourceProblem[] = [];
  const sources: SourceSnapshotRef[] = [];
  const raw: Array<{ sourceId: string; result: RawCheckResult }> = [];
  for (const outcome of options.outcomes) {
    if ('error' in outcome) {
      problems.push({
        source: outcome.sourceId,
        message: `${outcome.sourceId} could not be read: ${outcome.error.message}`,
      });
      continue;
    }
    const { report, sourceId } = outcome;
    sources.push(...report.snapshots);
    problems.push(
      ...report.problems.map(problem => ({ source: sourceId, ...problem })),
    );
    raw.push(...report.results.map(result => ({ sourceId, result })));
  }

  // Records by check and scope; revocations (key '') go with every result, they name their target.
  const waivers = groupBy(waiverRecords(options.waivers), record =>
    record.kind === 'waiver' ? resultKey(record.checkId, record.scope) : '',
  );
  const revocations = waivers.get('') ?? [];
  const attestations = groupBy(
    attestationRecords(options.attestations),
    record =>
      record.kind === 'attestation'
        ? resultKey(record.checkId, record.scope)
        : '',
  );
  const attestationRevocations = attestations.get('') ?? [];
  const effective = raw.map(({ sourceId, result }) => {
    const key = resultKey(result.checkId, result.scope);
    return {
      sourceId,
      result: effectiveResult(
        result,
        [...(waivers.get(key) ?? []), ...revocations],
        [...(attestations.get(key) ?? []), ...attestationRevocations],
        now,
      ),
    };
  });
  const byCheck = groupBy(effective, ({ result }) => result.checkId);

  const frameworks = options.frameworks.map(
    (framework): FrameworkEvaluation => {
      const checkIds = new Set(
        framework.controls.flatMap(control => control.requiredChecks),
      );
      const mine = [...checkIds].flatMap(id => byCheck.get(id) ?? []);
      const results = mine.map(({ result }) => result);
      const resultsByScope = groupBy(results, result => scopeKey(result.scope));
      const scopes = [...resultsByScope.values()]
        .map(scoped => ({
          scope: scoped[0].scope,
          score: scoreFramework(framework, scoped, now),
        }))
        .sort((a, b) =>
          worstFirst(
            scopeScore(a.score, a.scope),
            scopeScore(b.score, b.scope),
          ),
        );
      return {
        framework,
        rollUp: scoreFramework(framework, results, now),
        scopes,
        resultsByScope,
        sourceIds: new Set(mine.map(({ sourceId }) => sourceId)),
      };
    },
  );
  return { evaluatedAt: now, frameworks, sources, problems };
}
