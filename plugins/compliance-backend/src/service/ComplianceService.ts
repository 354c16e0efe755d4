import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CheckResult,
  CheckResourcePage,
  CheckResultView,
  CheckState,
  checkStatesWorstFirst,
  ComplianceOverview,
  ControlDetail,
  controlScopesLimit,
  ControlSummary,
  Framework,
  FrameworkDetail,
  FrameworkSummary,
  getCheck,
  overviewWorstScopes,
  scopeKey,
  ScopeRef,
  ScopeScorePage,
  scoreMethodVersion,
} from '@sparki/compliance-common';
import type { ComplianceCheckSource } from '@sparki/compliance-node';
import { ComplianceStore } from '../store/ComplianceStore';
import {
  evaluate,
  Evaluation,
  FrameworkEvaluation,
  scopeScore,
  SourceOutcome,
} from './evaluation';

/** One check's effective result in one scope, for a control of a framework: what a pack lists. */
export interface ComplianceFinding {
  frameworkId: string;
  controlId: string;
  result: CheckResult;
}

function summary({
  controls: _controls,
  ...rest
}: Framework): FrameworkSummary {
  return rest;
}

/** Offsets as opaque cursors: the results are an in-memory list of one evaluation. */
const encodeCursor = (offset: number) =>
  Buffer.from(String(offset)).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InputError('cursor: not a cursor of this list');
  }
  return offset;
}

export interface ComplianceServiceOptions {
  frameworks: readonly Framework[];
  sources: ComplianceCheckSource[];
  store: ComplianceStore;
  logger: LoggerService;
  /** How long an evaluation is served before the sources are read again. */
  cacheSeconds: number;
  /** How long a source may take before it counts as failed. */
  sourceTimeoutSeconds: number;
  now?: () => Date;
}

/**
 * Reads the sources, applies the registers and scores the frameworks (see `evaluate`); serves the
 * overview, framework and control views from one cached evaluation, and streams the findings for
 * an evidence pack.
 */
export class ComplianceService {
  private cached?: { at: number; evaluation: Promise<Evaluation> };
  private readonly now: () => Date;

  constructor(private readonly options: ComplianceServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The next read evaluates afresh: after a waiver or attestation changed. */
  invalidate() {
    this.cached = undefined;
  }

  async evaluation(options: { fresh?: boolean } = {}): Promise<Evaluation> {
    const now = this.now();
    if (
      !options.fresh &&
      this.cached &&
      now.getTime() - this.cached.at < this.options.cacheSeconds * 1000
    ) {
      return this.cached.evaluation;
    }
    const evaluation = this.evaluate(now);
    this.cached = { at: now.getTime(), evaluation };
    // A failed evaluation is not served again.
    evaluation.catch(() => {
      if (this.cached?.evaluation === evaluation) this.cached = undefined;
    });
    return evaluation;
  }

  private async evaluate(now: Date): Promise<Evaluation> {
    const { store, sources, sourceTimeoutSeconds, logger } = this.options;
    const [outcomes, waivers, attestations] = await Promise.all([
      Promise.all(
        sources.map(async (source): Promise<SourceOutcome> => {
          let timer: NodeJS.Timeout | undefined;
          try {
            const report = await Promise.race([
              source.collect({ now }),
              new Promise<never>((_, reject) => {
                timer = setTimeout(
                  () =>
                    reject(
                      new Error(`no answer within ${sourceTimeoutSeconds} s`),
                    ),
                  sourceTimeoutSeconds * 1000,
                );
              }),
            ]);
            return { sourceId: source.id, report };
          } catch (error) {
            logger.warn(
              `Compliance source ${source.id} failed: ${
                (error as Error).message
              }`,
            );
            return { sourceId: source.id, error: error as Error };
          } finally {
            clearTimeout(timer);
          }
        }),
      ),
      store.listWaivers({ limit: 100_000 }),
      store.listAttestations({ limit: 100_000 }),
    ]);
    return evaluate({
      frameworks: this.options.frameworks,
      outcomes,
      waivers,
      attestations,
      now,
    });
  }

  private frameworkOf(evaluation: Evaluation, id: string): FrameworkEvaluation {
    const found = evaluation.frameworks.find(f => f.framework.id === id);
    if (!found) {
      throw new NotFoundError(
        `no framework ${id}; known: ${evaluation.frameworks
          .map(f => f.framework.id)
          .join(', ')}`,
      );
    }
    return found;
  }

  /**
   * Every framework's roll-up and its worst `worstScopes` scopes (its list is worst first, so the
   * worst over every framework are among them); with `scope`, that scope's figures alone.
   */
  async overview(
    query: { scope?: ScopeRef; worstScopes?: number } = {},
  ): Promise<ComplianceOverview> {
    const { scope, worstScopes = overviewWorstScopes.default } = query;
    const evaluation = await this.evaluation();
    return {
      methodVersion: scoreMethodVersion,
      evaluatedAt: evaluation.evaluatedAt.toISOString(),
      frameworks: evaluation.frameworks.map(f => ({
        framework: summary(f.framework),
        ...scopeScore(f.rollUp, undefined),
        scopes: (scope
          ? f.scopes.filter(s => scopeKey(s.scope) === scopeKey(scope))
          : f.scopes.slice(0, worstScopes)
        ).map(s => scopeScore(s.score, s.scope)),
        scopeCount: f.scopes.length,
      })),
      sources: evaluation.sources,
      problems: evaluation.problems,
    };
  }

  /**
   * One page of a framework's scopes, worst first (the overview's order): `offset` past the end
   * gives no items, with the total still.
   */
  async frameworkScopes(
    id: string,
    page: { offset: number; limit: number },
  ): Promise<ScopeScorePage> {
    const { offset, limit } = page;
    const evaluation = await this.evaluation();
    const f = this.frameworkOf(evaluation, id);
    return {
      items: f.scopes
        .slice(offset, offset + limit)
        .map(s => scopeScore(s.score, s.scope)),
      total: f.scopes.length,
      offset,
      limit,
    };
  }

  /** `evaluation`: answer from that one (an evidence pack reads every part from one). */
  async framework(
    id: string,
    scope?: ScopeRef,
    given?: Evaluation,
  ): Promise<FrameworkDetail> {
    const evaluation = given ?? (await this.evaluation());
    const f = this.frameworkOf(evaluation, id);
    const scopes = scope
      ? f.scopes.filter(s => scopeKey(s.scope) === scopeKey(scope))
      : f.scopes;
    const score = scope
      ? scopes[0]?.score ?? this.emptyScore(f.framework, evaluation)
      : f.rollUp;
    const controls = score.controls.map((control, index): ControlSummary => {
      const {
        id: _id,
        requiredChecks: _checks,
        ...meta
      } = f.framework.controls[index];
      const statuses = scopes.map(s => s.score.controls[index].status);
      return {
        id: control.controlId,
        title: meta.title,
        severity: control.severity,
        ...(meta.runbookId ? { runbookId: meta.runbookId } : {}),
        status: control.status,
        progress: control.progress,
        conservativeProgress: control.conservativeProgress,
        failingScopes: statuses.filter(s => s === 'failing').length,
        unknownScopes: statuses.filter(s => s === 'unknown').length,
        waivedChecks: scopes.reduce(
          (sum, s) =>
            sum +
            s.score.controls[index].checks.filter(
              check => check.state === 'waived',
            ).length,
          0,
        ),
      };
    });
    return {
      methodVersion: scoreMethodVersion,
      evaluatedAt: evaluation.evaluatedAt.toISOString(),
      framework: summary(f.framework),
      score: scopeScore(score, scope),
      scopeCount: scope ? 0 : f.scopes.length,
      controls,
      problems: evaluation.problems.filter(
        problem => !scope || !problem.scope || concerns(problem.scope, scope),
      ),
    };
  }

  /** A scope no source reported for this framework: every check unknown / no-data. */
  private emptyScore(framework: Framework, evaluation: Evaluation) {
    return evaluate({
      frameworks: [framework],
      outcomes: [],
      waivers: [],
      attestations: [],
      now: evaluation.evaluatedAt,
    }).frameworks[0].rollUp;
  }

  async control(
    frameworkId: string,
    controlId: string,
    query: {
      scope?: ScopeRef;
      state?: CheckState;
      limit: number;
      cursor?: string;
    },
  ): Promise<ControlDetail> {
    const evaluation = await this.evaluation();
    const f = this.frameworkOf(evaluation, frameworkId);
    const index = f.framework.controls.findIndex(c => c.id === controlId);
    if (index < 0) {
      throw new NotFoundError(`no control ${controlId} in ${frameworkId}`);
    }
    const control = f.framework.controls[index];
    const scopes = f.scopes.filter(
      s => !query.scope || scopeKey(s.scope) === scopeKey(query.scope),
    );
    const results = this.controlResults(
      f,
      control.requiredChecks,
      scopes,
      evaluation,
    ).filter(result => !query.state || result.state === query.state);
    const offset = decodeCursor(query.cursor);
    const page = results.slice(offset, offset + query.limit);
    const statuses = scopes
      .map(s => ({ scope: s.scope, status: s.score.controls[index].status }))
      .sort(
        (a, b) =>
          statusRank(a.status) - statusRank(b.status) ||
          scopeKey(a.scope).localeCompare(scopeKey(b.scope)),
      );
    return {
      evaluatedAt: evaluation.evaluatedAt.toISOString(),
      framework: summary(f.framework),
      control,
      checks: control.requiredChecks.map(id => getCheck(id)!),
      // With `scope` the list is that scope's alone: within the cap, so `statusHere` is there.
      scopes: statuses.slice(0, controlScopesLimit),
      scopeCount: statuses.length,
      results: page,
      total: results.length,
      ...(offset + query.limit < results.length
        ? { nextCursor: encodeCursor(offset + query.limit) }
        : {}),
    };
  }

  /** One result per check and scope, a missing one as unknown / no-data; worst first. */
  private controlResults(
    f: FrameworkEvaluation,
    checkIds: readonly string[],
    scopes: Array<{ scope: ScopeRef }>,
    evaluation: Evaluation,
  ): CheckResultView[] {
    const views: CheckResultView[] = [];
    for (const { scope } of scopes) {
      const scoped = f.resultsByScope.get(scopeKey(scope)) ?? [];
      for (const checkId of checkIds) {
        const check = getCheck(checkId)!;
        const found = scoped.filter(r => r.checkId === checkId);
        if (found.length === 0) {
          const raw = {
            checkId,
            scope,
            state: 'unknown' as const,
            reason: 'no-data' as const,
            observedAt: evaluation.evaluatedAt.toISOString(),
            message: 'no source reported this check in this scope',
          };
          views.push({ ...raw, raw, check });
        }
        views.push(...found.map(result => ({ ...result, check })));
      }
    }
    return views.sort(
      (a, b) =>
        checkStatesWorstFirst.indexOf(a.state) -
          checkStatesWorstFirst.indexOf(b.state) ||
        scopeKey(a.scope).localeCompare(scopeKey(b.scope)) ||
        a.checkId.localeCompare(b.checkId),
    );
  }

  async resources(query: {
    frameworkId: string;
    controlId: string;
    checkId: string;
    scope: ScopeRef;
    limit: number;
    cursor?: string;
    credentials: BackstageCredentials;
  }): Promise<CheckResourcePage> {
    const { frameworkId, controlId, checkId } = query;
    const framework = this.options.frameworks.find(f => f.id === frameworkId);
    const control = framework?.controls.find(c => c.id === controlId);
    if (!control) {
      throw new NotFoundError(`no control ${controlId} in ${frameworkId}`);
    }
    if (!control.requiredChecks.includes(checkId)) {
      throw new NotFoundError(`control ${controlId} has no check ${checkId}`);
    }
    const source = this.options.sources.find(s => s.handles(checkId));
    if (!source?.listResources) return { items: [], supported: false };
    const page = await source.listResources(query);
    return { ...page, supported: true };
  }

  /**
   * Every control's check results in one scope (or every scope), control by control: an evidence
   * pack writer streams these without holding the framework's findings twice.
   */
  async *findings(
    frameworkId: string,
    scope?: ScopeRef,
    given?: Evaluation,
  ): AsyncGenerator<ComplianceFinding> {
    const evaluation = given ?? (await this.evaluation());
    const f = this.frameworkOf(evaluation, frameworkId);
    const scopes = f.scopes.filter(
      s => !scope || scopeKey(s.scope) === scopeKey(scope),
    );
    for (const control of f.framework.controls) {
      for (const result of this.controlResults(
        f,
        control.requiredChecks,
        scopes,
        evaluation,
      )) {
        const { check: _check, ...plain } = result;
        yield { frameworkId, controlId: control.id, result: plain };
      }
    }
  }
}

/**
 * Whether a source's problem in `problem` bears on the figures of `scope`: its own, those of a
 * namespace of the cluster (`cluster sparki-prod: RBAC not readable`), and an account's and its
 * regions' alike.
 */
function concerns(problem: ScopeRef, scope: ScopeRef): boolean {
  if (scopeKey(problem) === scopeKey(scope)) return true;
  const within = (inner: string, outer: string) =>
    inner.startsWith(`${outer}/`);
  if (problem.kind === 'cluster' && scope.kind === 'namespace') {
    return within(scope.id, problem.id);
  }
  if (problem.kind === 'account' && scope.kind === 'account') {
    return within(scope.id, problem.id) || within(problem.id, scope.id);
  }
  return false;
}

const statusOrder = [
  'failing',
  'unknown',
  'waived',
  'satisfied',
  'not-applicable',
];
function statusRank(status: string): number {
  return statusOrder.indexOf(status);
}
