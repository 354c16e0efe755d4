import { NotFoundError } from '@backstage/errors';
import {
  ControlHistory,
  ControlHistoryPoint,
  Framework,
  FrameworkScore,
  scopeKey,
  ScopeRef,
  ScoreHistory,
  ScoreSnapshot,
} from '@sparki/compliance-common';
import { randomUUID } from 'node:crypto';
import { ComplianceStore, StoredScoreSnapshot } from '../store/ComplianceStore';
import { ComplianceService } from './ComplianceService';
import { Evaluation, scopeScore } from './evaluation';
import { canonicalJson, sha256Hex } from './hash';

export interface SnapshotRun {
  evaluation: Evaluation;
  written: Array<{
    snapshot: StoredScoreSnapshot;
    previous?: StoredScoreSnapshot;
  }>;
}

const seriesKey = (frameworkId: string, scope: ScopeRef | undefined) =>
  `${frameworkId}|${scope ? scopeKey(scope) : ''}`;

function publicSnapshot({
  controls: _controls,
  fingerprint: _fingerprint,
  ...snapshot
}: StoredScoreSnapshot): ScoreSnapshot {
  return snapshot;
}

/**
 * The score history: per framework and scope (and over every scope) a snapshot a day, and one
 * whenever the figures or a control's state changed, each with the method version and the hashes
 * of the source snapshots it was computed from. Point-in-time answers come from these rows, never
 * from recomputing with today's data or method.
 */
export class ScoreSnapshotService {
  private readonly now: () => Date;

  constructor(
    private readonly service: ComplianceService,
    private readonly store: ComplianceStore,
    private readonly frameworks: readonly Framework[],
    now?: () => Date,
  ) {
    this.now = now ?? (() => new Date());
  }

  /**
   * Evaluates (afresh unless `fresh: false`, which accepts the service's cached evaluation) and
   * writes the snapshots that are due. Returns them with the evaluation and each written series'
   * previous snapshot (what a change is measured against).
   */
  async take(options: { fresh?: boolean } = {}): Promise<SnapshotRun> {
    const evaluation = await this.service.evaluation({
      fresh: options.fresh ?? true,
    });
    const takenAt = this.now().toISOString();
    const latest = new Map(
      (await this.store.latestScoreSnapshots()).map(snapshot => [
        seriesKey(snapshot.frameworkId, snapshot.scope),
        snapshot,
      ]),
    );
    const due: StoredScoreSnapshot[] = [];
    for (const f of evaluation.frameworks) {
      const sources = evaluation.sources.filter(ref =>
        f.sourceIds.has(ref.source),
      );
      const series: Array<{ scope?: ScopeRef; score: FrameworkScore }> = [
        { score: f.rollUp },
        ...f.scopes,
      ];
      for (const { scope, score } of series) {
        const figures = scopeScore(score, scope);
        const fingerprint = sha256Hex(
          canonicalJson({
            frameworkVersion: score.frameworkVersion,
            methodVersion: score.methodVersion,
            figures,
            controls: score.controls,
            // New source data (a posture scan, an ingestion) is a change even when the figures
            // stay: the history must show what each score was computed from. Ids and times are
            // left out, as some sources name their reads by the time of reading.
            sourceHashes: sources
              .map(ref => `${ref.source}:${ref.sha256}`)
              .sort(),
          }),
        );
        const previous = latest.get(seriesKey(f.framework.id, scope));
        let trigger: StoredScoreSnapshot['trigger'];
        // The first snapshot of a UTC day is the daily one; later ones record changes.
        if (!previous || previous.takenAt.slice(0, 10) < takenAt.slice(0, 10)) {
          trigger = 'daily';
        } else if (previous.fingerprint !== fingerprint) {
          trigger = 'change';
        } else {
          continue;
        }
        due.push({
          id: randomUUID(),
          frameworkId: f.framework.id,
          frameworkVersion: score.frameworkVersion,
          methodVersion: score.methodVersion,
          takenAt,
          trigger,
          ...figures,
          sources,
          controls: score.controls,
          fingerprint,
        });
      }
    }
    await this.store.insertScoreSnapshots(due);
    return {
      evaluation,
      written: due.map(snapshot => ({
        snapshot,
        previous: latest.get(seriesKey(snapshot.frameworkId, snapshot.scope)),
      })),
    };
  }

  async history(query: {
    frameworkId: string;
    scope?: ScopeRef;
    from?: string;
    to?: string;
    asOf?: string;
    limit: number;
  }): Promise<ScoreHistory> {
    if (!this.frameworks.some(f => f.id === query.frameworkId)) {
      throw new NotFoundError(`no framework ${query.frameworkId}`);
    }
    const points = await this.store.scoreHistory(query);
    const history: ScoreHistory = {
      frameworkId: query.frameworkId,
      ...(query.scope ? { scope: query.scope } : {}),
      points: points.map(publicSnapshot),
    };
    if (query.asOf) {
      const at = await this.store.scoreSnapshotAt(
        query.frameworkId,
        query.scope,
        query.asOf,
      );
      history.asOf = at ? publicSnapshot(at) : null;
    }
    return history;
  }

  /** One control's status, progress and checks in each stored snapshot of the series. */
  async controlHistory(query: {
    frameworkId: string;
    controlId: string;
    scope?: ScopeRef;
    from?: string;
    to?: string;
    limit: number;
  }): Promise<ControlHistory> {
    const framework = this.frameworks.find(f => f.id === query.frameworkId);
    if (!framework) {
      throw new NotFoundError(`no framework ${query.frameworkId}`);
    }
    if (!framework.controls.some(c => c.id === query.controlId)) {
      throw new NotFoundError(
        `no control ${query.controlId} in ${query.frameworkId}`,
      );
    }
    const snapshots = await this.store.scoreHistory(query);
    const points = snapshots.flatMap((snapshot): ControlHistoryPoint[] => {
      const control = snapshot.controls.find(
        c => c.controlId === query.controlId,
      );
      if (!control) return [];
      return [
        {
          snapshotId: snapshot.id,
          takenAt: snapshot.takenAt,
          trigger: snapshot.trigger,
          methodVersion: snapshot.methodVersion,
          frameworkVersion: snapshot.frameworkVersion,
          status: control.status,
          progress: control.progress,
          conservativeProgress: control.conservativeProgress,
          checks: control.checks,
          sources: snapshot.sources,
        },
      ];
    });
    return {
      frameworkId: query.frameworkId,
      controlId: query.controlId,
      ...(query.scope ? { scope: query.scope } : {}),
      points,
    };
  }
}
