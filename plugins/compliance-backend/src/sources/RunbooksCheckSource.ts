import { Config } from '@backstage/config';
import {
  CheckResource,
  checkId,
  RawCheckResult,
  scopeKey,
  ScopeRef,
} from '@sparki/compliance-common';
import type {
  CheckResourceQuery,
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import type {
  RunbookList,
  RunbookSummary,
  RunbooksTestedReport,
} from '@sparki/runbooks-common';
import { canonicalJson, sha256Hex } from '../service/hash';
import { PluginApiClient } from './PluginApiClient';

export const runbooksTestedCheckId = checkId(
  'runbooks',
  'critical-paths-tested',
);

const day = 24 * 60 * 60 * 1000;

export interface RunbooksSourceOptions {
  /** Where the platform-wide result is reported: the scopes the checklist is judged in. */
  scopes: ScopeRef[];
  /** `runbooks.staleAfterDays`: a test older than this no longer counts. */
  staleAfterDays: number;
  /** The clock of resource listings (collections get theirs from the service). */
  now?: () => Date;
}

/**
 * `runbooks.staleAfterDays`, the runbooks backend's own setting (its API does not send it), so
 * both plugins agree on when a test is too old. Same default and rule as the runbooks backend.
 */
export function readRunbooksStaleAfterDays(config: Config): number {
  const days = config.getOptionalNumber('runbooks.staleAfterDays') ?? 180;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `runbooks.staleAfterDays must be a whole number of days of at least 1, got ${days}`,
    );
  }
  return days;
}

/**
 * A critical path: a runbook of severity critical or high, or one a deploy step links to (the
 * deployment, rollback and failure runbooks), whatever its severity.
 */
export function isCriticalPath(
  runbook: Pick<RunbookSummary, 'severity' | 'deploySteps'>,
): boolean {
  return (
    runbook.severity === 'critical' ||
    runbook.severity === 'high' ||
    runbook.deploySteps.length > 0
  );
}

/** The first day a test still counts on, `staleAfterDays` whole UTC days before `now`. */
export function testedSince(now: Date, staleAfterDays: number): string {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return new Date(today - staleAfterDays * day).toISOString().slice(0, 10);
}

interface RunbooksRead {
  list: RunbookList;
  tested: RunbooksTestedReport;
  judgement: Judgement;
}

interface Judgement {
  since: string;
  critical: RunbookSummary[];
  /** The critical runbooks not tested with outcome passed since `since`, by id, with why. */
  failing: Array<{ runbook: RunbookSummary; why: string }>;
  /** Runbook files the API could not validate: their severity, so whether they count, is unknown. */
  invalid: RunbookList['invalid'];
}

function judge(
  list: RunbookList,
  tested: RunbooksTestedReport,
  since: string,
): Judgement {
  const untested = new Set(tested.untested);
  const critical = list.items
    .filter(isCriticalPath)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const failing = critical.flatMap(runbook => {
    // `lastTested` is the latest test: recorded in the portal, else the file's `last_tested`.
    const last = runbook.lastTested;
    if (!last) return [{ runbook, why: 'never tested' }];
    if (untested.has(runbook.id) || last.date < since) {
      return [{ runbook, why: `last tested ${last.date}, before ${since}` }];
    }
    if (last.outcome !== 'passed') {
      return [
        {
          runbook,
          why: `last test ${last.date} by ${last.by}: ${last.outcome}`,
        },
      ];
    }
    return [];
  });
  return { since, critical, failing, invalid: list.invalid };
}

function describeInvalid(invalid: RunbookList['invalid']): string {
  return invalid
    .map(
      problem =>
        `${problem.location ? `${problem.location} ` : ''}${problem.file}`,
    )
    .join(', ');
}

/**
 * "Runbooks for critical paths tested", from the runbooks backend's test records: passes when every
 * critical-path runbook's latest test (`GET /runbooks`) is dated within `staleAfterDays`
 * (`GET /tested?since=`) and passed; fails naming the others; `unknown` when the API cannot be
 * read, a runbook file is invalid (it might be a critical one) or no runbook is critical. One
 * platform-wide result, reported in each configured scope.
 */
export class RunbooksCheckSource implements ComplianceCheckSource {
  readonly id = 'runbooks';

  constructor(
    private readonly api: PluginApiClient,
    private readonly options: RunbooksSourceOptions,
  ) {}

  handles(id: string): boolean {
    return id === runbooksTestedCheckId;
  }

  private async read(
    now: Date,
    onBehalfOf?: CheckResourceQuery['credentials'],
  ): Promise<RunbooksRead> {
    const since = testedSince(now, this.options.staleAfterDays);
    const [list, tested] = await Promise.all([
      this.api.get<RunbookList>('/runbooks', {}, onBehalfOf),
      this.api.get<RunbooksTestedReport>('/tested', { since }, onBehalfOf),
    ]);
    return { list, tested, judgement: judge(list, tested, since) };
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    // Like attestations: without a scope to judge the platform in there is nothing to report.
    if (this.options.scopes.length === 0) return report;
    const observedAt = now.toISOString();
    const resultIn = (
      scope: ScopeRef,
      verdict: Pick<
        RawCheckResult,
        'state' | 'reason' | 'message' | 'population'
      >,
    ): RawCheckResult => ({
      checkId: runbooksTestedCheckId,
      scope,
      observedAt,
      ...verdict,
    });

    let read: RunbooksRead;
    try {
      read = await this.read(now);
    } catch (error) {
      const message = `runbooks API not readable: ${(error as Error).message}`;
      report.problems.push({ message });
      report.results = this.options.scopes.map(scope =>
        resultIn(scope, { state: 'unknown', reason: 'error', message }),
      );
      return report;
    }
    const { list, tested, judgement } = read;
    const { since, critical, failing, invalid } = judgement;
    if (invalid.length > 0) {
      report.problems.push({
        message: `${
          invalid.length
        } runbook files could not be read, so whether they are critical and tested is unknown: ${describeInvalid(
          invalid,
        )}`,
      });
    }

    const population = { applicable: critical.length, failing: failing.length };
    let verdict: Parameters<typeof resultIn>[1];
    if (failing.length > 0) {
      verdict = {
        state: 'fail',
        population,
        message: `${failing.length} of ${
          critical.length
        } critical-path runbooks not tested with outcome passed since ${since}: ${failing
          .map(({ runbook, why }) => `${runbook.id} (${why})`)
          .join(', ')}`,
      };
    } else if (invalid.length > 0) {
      verdict = {
        state: 'unknown',
        reason: 'error',
        population,
        message: `the ${
          critical.length
        } readable critical-path runbooks passed a test since ${since}, but ${
          invalid.length
        } runbook files are invalid: ${describeInvalid(invalid)}`,
      };
    } else if (critical.length === 0) {
      verdict = {
        state: 'unknown',
        reason: 'no-data',
        message:
          'the runbooks API lists no runbook of severity critical or high or linked from a deploy step',
      };
    } else {
      verdict = {
        state: 'pass',
        population,
        message: `all ${critical.length} critical-path runbooks passed a test since ${since}`,
      };
    }
    report.results = this.options.scopes.map(scope => resultIn(scope, verdict));
    report.snapshots.push({
      source: this.id,
      id: `runbooks:tested-since:${since}`,
      sha256: sha256Hex(canonicalJson({ list, tested })),
      takenAt: observedAt,
    });
    return report;
  }

  /**
   * The critical-path runbooks not tested with outcome passed (`fail`) and the invalid runbook
   * files (`unknown`), read as the caller, in id order.
   */
  async listResources(query: CheckResourceQuery) {
    const inScope = this.options.scopes.some(
      scope => scopeKey(scope) === scopeKey(query.scope),
    );
    if (!this.handles(query.checkId) || !inScope) return { items: [] };
    const now = this.options.now?.() ?? new Date();
    const { judgement } = await this.read(now, query.credentials);
    const resources: Array<{ key: string; resource: CheckResource }> = [
      ...judgement.failing.map(({ runbook, why }) => ({
        key: `runbook:${runbook.id}`,
        resource: {
          kind: 'Runbook',
          name: runbook.id,
          state: 'fail' as const,
          message: `${runbook.title}: ${why}`,
          evidence: {
            severity: runbook.severity,
            deploySteps: runbook.deploySteps,
            ...(runbook.lastTested ? { lastTested: runbook.lastTested } : {}),
            ...(runbook.lastTestedSource
              ? { lastTestedSource: runbook.lastTestedSource }
              : {}),
          },
          ref: { source: 'runbooks' as const, id: runbook.id },
        },
      })),
      ...judgement.invalid.map(problem => ({
        key: `runbook-file:${problem.location ?? ''}:${problem.file}:${
          problem.field
        }`,
        resource: {
          kind: 'RunbookFile',
          name: problem.file,
          state: 'unknown' as const,
          message: `${problem.field} ${problem.reason}`,
          evidence: { ...problem },
          ref: { source: 'runbooks' as const, id: problem.file },
        },
      })),
    ].sort((a, b) => (a.key < b.key ? -1 : 1));
    const after = query.cursor
      ? resources.filter(entry => entry.key > query.cursor!)
      : resources;
    const page = after.slice(0, query.limit);
    return {
      items: page.map(entry => entry.resource),
      ...(after.length > page.length
        ? { nextCursor: page[page.length - 1].key }
        : {}),
    };
  }
}
