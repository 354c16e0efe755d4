import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  Actor,
  DeploymentEvent,
  DeploymentRequest,
  EnvironmentPolicy,
  policyHash,
  ProviderReference,
  requestExpiresAt,
  RolloutAction,
} from '@sparki/deployments-common';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../service/DeploymentService';
import { DeploymentStore } from '../store/DeploymentStore';
import { RolloutRecord, RolloutStore } from '../store/RolloutStore';
import { RolloutChange, RolloutOutcome } from './RolloutProvider';
import type { RolloutNotifier } from './RolloutNotifier';
import { RolloutTarget, RolloutTargets } from './RolloutTargets';

/** How often a writer that lost a race re-reads and tries again. */
const MAX_ATTEMPTS = 20;
/** One promote and one rollback per request: fixed ids make a retried call a replay. */
const PROMOTE_EVENT = 'promote';
const ROLLBACK_EVENT = 'rollback';
/**
 * An abort ends an attempt (`failed`) and a retry starts the next one, so their ids are per
 * attempt: `abort` for the first (as before retries existed), `abort:2`, `retry:2`, … after.
 */
function abortEventId(attempt: number) {
  return attempt === 1 ? 'abort' : `abort:${attempt}`;
}
function retryEventId(attempt: number) {
  return `retry:${attempt}`;
}
/** The request's current deploy attempt: one more than the retries recorded. */
function attemptOf(request: DeploymentRequest) {
  return 1 + request.decisions.filter(d => d.event === 'retry').length;
}
/** Where a switch may still be in progress: what an abort can stop. */
const ABORTABLE_STATES = ['deploying', 'preview-ready', 'promoted'];
const LIVE_AFTER_WATCH_EVENT = 'live:health-watch';
const WATCHER = { kind: 'system', name: 'deployments-health-watch' } as const;

/** Deploy progress the pipeline (or a person holding deployments.request) reports. */
export type ReportedEventType =
  | 'start-deploy'
  | 'preview-ready'
  | 'live'
  | 'fail';

export interface ReportInput {
  type: ReportedEventType;
  /** The client's idempotency key: the same key again is a no-op. */
  id?: string;
  providerRefs?: ProviderReference[];
  comment?: string;
}

export interface RolloutResult {
  request: DeploymentRequest;
  /** What the provider switched; absent when nothing had to be switched (a preview abandoned). */
  rollout?: RolloutOutcome;
}

function actorOf(caller: Caller): Actor {
  return caller.kind === 'user'
    ? { kind: 'user', userRef: caller.userRef }
    : { kind: 'pipeline', identity: caller.identity };
}

/** Who the cluster or repository sees: the person, or the portal acting for a pipeline or itself. */
function changeActor(
  by: Caller | { kind: 'system'; name: string },
): RolloutChange['actor'] {
  if (by.kind === 'user') {
    return {
      kind: 'user',
      userRef: by.userRef,
      groups: by.ownershipRefs.filter(ref => ref.startsWith('group:')),
    };
  }
  // A pipeline is not a cluster user: the portal acts under its own name for it.
  return {
    kind: 'system',
    name: by.kind === 'system' ? by.name : `pipeline ${by.identity}`,
  };
}

function versionLabel(request: DeploymentRequest) {
  return request.version.tag ?? request.version.commitSha.slice(0, 12);
}

/**
 * Promote and rollback in one place: the request must allow the transition, the rollout provider
 * switches the traffic (as the person), then the transition is recorded under the revision read.
 * After a promote, a health watch (its state in the database) either makes the request live or
 * rolls it back as the system's decision.
 */
export class RolloutService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DeploymentStore;
      rollouts: RolloutStore;
      targets: RolloutTargets;
      policies: Record<string, EnvironmentPolicy>;
      logger: LoggerService;
      auditor: AuditorService;
      /** Tells people of failed and automatically rolled-back deploys. */
      notifier?: Pick<RolloutNotifier, 'transitioned'>;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private async read(id: string): Promise<DeploymentRequest> {
    const request = await this.options.store.get(id);
    if (!request) throw new NotFoundError(`no deployment request ${id}`);
    return request;
  }

  private hashOf(request: DeploymentRequest): string {
    const policy = this.options.policies[request.environment];
    return policy ? policyHash(policy) : '';
  }

  /** Applies an event built from the current request, re-reading after a lost race. */
  private async apply(
    id: string,
    build: (current: DeploymentRequest, hash: string) => DeploymentEvent,
  ): Promise<DeploymentRequest> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.read(id);
      const result = await this.options.store.apply(
        id,
        build(current, this.hashOf(current)),
        this.now(),
      );
      if (result.ok) {
        // Once per recorded transition, a replay tells nobody again; never awaited: a notice
        // must not hold up or fail the transition (the notifier logs its own errors).
        if (!result.replayed)
          void this.options.notifier?.transitioned(result.request);
        return result.request;
      }
      if (result.error.kind === 'stale-revision') continue;
      if (result.error.kind === 'not-found') {
        throw new NotFoundError(result.error.message);
      }
      if (result.error.kind === 'invalid-event') {
        throw new InputError(result.error.message);
      }
      throw new ConflictError(result.error.message);
    }
    throw new ConflictError(`request ${id} kept changing meanwhile; try again`);
  }

  private targetOf(request: DeploymentRequest): RolloutTarget {
    const target = this.options.targets.get(
      request.serviceRef,
      request.environment,
    );
    if (!target) {
      throw new ConflictError(
        `no rollout is configured for ${request.serviceRef} in ${request.environment} (deployments.rollout.targets)`,
      );
    }
    return target;
  }

  /** Records deploy progress reported by the pipeline: start-deploy, preview-ready, live, fail. */
  async report(
    id: string,
    caller: Caller,
    input: ReportInput,
  ): Promise<DeploymentRequest> {
    const eventId = `report:${input.type}:${input.id ?? randomUUID()}`;
    return this.apply(id, (current, hash) => {
      const base = {
        id: eventId,
        by: actorOf(caller),
        expectedRevision: current.revision,
        policyHash: hash,
        ...(input.comment ? { comment: input.comment } : {}),
      };
      return input.type === 'start-deploy' || input.type === 'preview-ready'
        ? { ...base, type: input.type, providerRefs: input.providerRefs ?? [] }
        : { ...base, type: input.type };
    });
  }

  /** Switches traffic to the preview and records the promote; starts the health watch. */
  async promote(
    id: string,
    caller: Caller,
    comment?: string,
  ): Promise<RolloutResult> {
    if (caller.kind !== 'user') {
      throw new NotAllowedError('only a person can promote a deploy');
    }
    const request = await this.read(id);
    if (request.decisions.some(d => d.eventId === PROMOTE_EVENT)) {
      return { request };
    }
    if (request.state !== 'preview-ready') {
      throw new ConflictError(
        `cannot promote a request that is ${request.state}: only a preview-ready deploy is promoted`,
      );
    }
    const target = this.targetOf(request);
    const at = this.now();
    const change: RolloutChange = {
      actor: {
        kind: 'user',
        userRef: caller.userRef,
        groups: caller.ownershipRefs.filter(ref => ref.startsWith('group:')),
      },
      reason: comment ?? `promote ${versionLabel(request)}`,
      requestId: id,
      eventId: PROMOTE_EVENT,
      at,
    };
    const outcome = await target.provider.promote(change);
    const watch = target.healthWatch;
    await this.options.rollouts.recordPromotion({
      requestId: id,
      provider: target.provider.kind,
      from: outcome.from,
      to: outcome.to,
      providerRef: outcome.providerRef.id,
      promotedAt: at.toISOString(),
      watch: watch
        ? {
            state: 'watching',
            until: new Date(
              at.getTime() + watch.minutes * 60_000,
            ).toISOString(),
            nextCheckAt: new Date(
              at.getTime() + watch.intervalSeconds * 1000,
            ).toISOString(),
          }
        : { state: 'none' },
    });
    const promoted = await this.apply(id, (current, hash) => ({
      type: 'promote',
      id: PROMOTE_EVENT,
      by: actorOf(caller),
      expectedRevision: current.revision,
      policyHash: hash,
      comment: comment ? `${comment} (${outcome.summary})` : outcome.summary,
    })).catch(error => {
      throw new ConflictError(
        `${outcome.summary}, but the request could not be marked promoted: ${
          (error as Error).message
        }`,
      );
    });
    return { request: promoted, rollout: outcome };
  }

  /**
   * Switches traffic back to what served before the promote and records the rollback. A preview
   * that was never promoted (or a deploy that failed before) is rolled back without a switch.
   */
  async rollback(
    id: string,
    by: Caller | { kind: 'system'; name: string },
    reason: string,
  ): Promise<RolloutResult> {
    if (!reason.trim()) throw new InputError('a rollback needs a reason');
    const request = await this.read(id);
    if (request.decisions.some(d => d.eventId === ROLLBACK_EVENT)) {
      return { request };
    }
    const actor: Actor = by.kind === 'system' ? by : actorOf(by);
    const record = await this.options.rollouts.get(id);
    let outcome: RolloutOutcome | undefined;
    if (record) {
      if (!['promoted', 'live', 'failed'].includes(request.state)) {
        throw new ConflictError(
          `cannot roll back a request that is ${request.state}`,
        );
      }
      outcome = await this.targetOf(request).provider.rollback(
        {
          actor: changeActor(by),
          reason,
          requestId: id,
          eventId: ROLLBACK_EVENT,
          at: this.now(),
        },
        record.from,
      );
    } else if (
      request.state !== 'preview-ready' &&
      request.state !== 'failed'
    ) {
      throw new ConflictError(
        `request ${id} is ${request.state} but no promotion is recorded for it: the portal cannot tell what to switch back to`,
      );
    }
    const rolledBack = await this.apply(id, (current, hash) => ({
      type: 'rollback',
      id: ROLLBACK_EVENT,
      by: actor,
      expectedRevision: current.revision,
      policyHash: hash,
      comment: outcome
        ? `${reason} (${outcome.summary})`
        : `${reason} (traffic was not switched by the portal: nothing to switch back)`,
    }));
    if (record?.watch.state === 'watching') {
      await this.options.rollouts.updateWatch(
        id,
        { state: 'closed', reason: 'rolled back' },
        this.now(),
      );
    }
    return { request: rolledBack, rollout: outcome };
  }

  /**
   * Stops a rollout still in progress (Argo Rollouts' abort: the stable version takes all
   * traffic) and records the deploy as `failed`, the reason as the decision's comment. `failed`
   * rather than `rolled-back`: nothing was switched back to a previous version, the new one
   * simply did not go live, as when the pipeline reports a failure; a rollback stays possible.
   */
  async abort(id: string, by: Caller, reason: string): Promise<RolloutResult> {
    if (!reason.trim()) throw new InputError('an abort needs a reason');
    const request = await this.read(id);
    const eventId = abortEventId(attemptOf(request));
    if (request.decisions.some(d => d.eventId === eventId)) {
      return { request };
    }
    if (!ABORTABLE_STATES.includes(request.state)) {
      throw new ConflictError(
        `cannot abort a request that is ${
          request.state
        }: only a deploy in progress (${ABORTABLE_STATES.join(
          ', ',
        )}) is aborted`,
      );
    }
    const { provider } = this.targetOf(request);
    if (!provider.abort) {
      throw new ConflictError(
        `${provider.kind} switches at once, there is no rollout in progress to abort: roll back instead`,
      );
    }
    const outcome = await provider.abort({
      actor: changeActor(by),
      reason,
      requestId: id,
      eventId: eventId,
      at: this.now(),
    });
    const failed = await this.apply(id, (current, hash) => ({
      type: 'fail',
      id: eventId,
      by: actorOf(by),
      expectedRevision: current.revision,
      policyHash: hash,
      comment: `aborted: ${reason} (${outcome.summary})`,
    })).catch(error => {
      throw new ConflictError(
        `${outcome.summary}, but the request could not be marked failed: ${
          (error as Error).message
        }`,
      );
    });
    const record = await this.options.rollouts.get(id);
    if (record?.watch.state === 'watching') {
      await this.options.rollouts.updateWatch(
        id,
        { state: 'closed', reason: 'aborted' },
        this.now(),
      );
    }
    return { request: failed, rollout: outcome };
  }

  /**
   * Tries an aborted deploy again (Argo Rollouts' retry): `failed` → `deploying`, the pipeline
   * then reports the preview again. Only what an abort ended before any promotion (the fixed
   * promote, rollback and health-watch records stay one per request) and only while the request
   * has not expired: its approvals covered this version's deploy, not an open-ended one.
   */
  async retry(id: string, by: Caller, reason: string): Promise<RolloutResult> {
    if (!reason.trim()) throw new InputError('a retry needs a reason');
    const request = await this.read(id);
    const attempt = attemptOf(request);
    // A repeat of the retry just made finds it as the last decision: nothing is redone.
    if (request.decisions.at(-1)?.eventId === retryEventId(attempt)) {
      return { request };
    }
    const refusal = this.retryRefusal(request);
    if (refusal) throw new ConflictError(refusal);
    const { provider } = this.targetOf(request);
    if (!provider.retry) {
      throw new ConflictError(
        `${provider.kind} has no retry: request the version again`,
      );
    }
    const eventId = retryEventId(attempt + 1);
    const outcome = await provider.retry({
      actor: changeActor(by),
      reason,
      requestId: id,
      eventId,
      at: this.now(),
    });
    const retried = await this.apply(id, (current, hash) => ({
      type: 'retry',
      id: eventId,
      by: actorOf(by),
      expectedRevision: current.revision,
      policyHash: hash,
      comment: `${reason} (${outcome.summary})`,
    })).catch(error => {
      throw new ConflictError(
        `${outcome.summary}, but the request could not be marked deploying: ${
          (error as Error).message
        }`,
      );
    });
    return { request: retried, rollout: outcome };
  }

  /** Why the request cannot be retried now (its provider aside), or undefined when it can. */
  private retryRefusal(request: DeploymentRequest): string | undefined {
    const last = request.decisions.at(-1);
    if (
      request.state !== 'failed' ||
      last?.eventId !== abortEventId(attemptOf(request))
    ) {
      return `cannot retry a request that is ${request.state}${
        request.state === 'failed' ? ' without an abort' : ''
      }: only a deploy stopped by an abort is retried`;
    }
    if (request.decisions.some(d => d.eventId === PROMOTE_EVENT)) {
      return `request ${request.id} was aborted after its promotion: roll it back, or request the version again`;
    }
    const policy = this.options.policies[request.environment];
    const expiresAt = policy && requestExpiresAt(policy, request);
    if (expiresAt && this.now() >= expiresAt) {
      return `request ${
        request.id
      } expired at ${expiresAt.toISOString()}: request the version again`;
    }
    return undefined;
  }

  /**
   * The deploy actions that `promote`, `rollback`, `abort` and `retry` would accept for the
   * request now, by the same checks (permissions aside), so the UI offers only those. Reads the
   * rollout record only where a rollback depends on it.
   */
  async actionsOf(request: DeploymentRequest): Promise<RolloutAction[]> {
    const target = this.options.targets.get(
      request.serviceRef,
      request.environment,
    );
    const actions: RolloutAction[] = [];
    if (target && request.state === 'preview-ready') actions.push('promote');
    if (await this.mayRollBack(request, target !== undefined)) {
      actions.push('rollback');
    }
    if (target?.provider.abort && ABORTABLE_STATES.includes(request.state)) {
      actions.push('abort');
    }
    if (target?.provider.retry && !this.retryRefusal(request)) {
      actions.push('retry');
    }
    return actions;
  }

  /** What `rollback` accepts: a switch back where a promotion is recorded, else no switch. */
  private async mayRollBack(request: DeploymentRequest, hasTarget: boolean) {
    if (request.state === 'preview-ready') return true;
    if (!['promoted', 'live', 'failed'].includes(request.state)) return false;
    const record = await this.options.rollouts.get(request.id);
    return record ? hasTarget : request.state === 'failed';
  }

  /**
   * One pass of the health watch over every watch that is due (a scheduled task; after a restart
   * the next pass continues where the database says). Returns what it decided, per request.
   */
  async runDueWatches(limit = 20): Promise<Record<string, string>> {
    const decided: Record<string, string> = {};
    for (const record of await this.options.rollouts.listDueWatches(
      this.now(),
      limit,
    )) {
      try {
        decided[record.requestId] = await this.checkWatch(record);
      } catch (error) {
        // Checked again at the next pass: the watch stays open.
        this.options.logger.warn(
          `Health watch of deployment request ${record.requestId} failed: ${error}`,
        );
        decided[record.requestId] = 'error';
      }
    }
    return decided;
  }

  private async checkWatch(record: RolloutRecord): Promise<string> {
    const { rollouts } = this.options;
    const now = this.now();
    const request = await this.read(record.requestId);
    if (request.state !== 'promoted') {
      await rollouts.updateWatch(
        record.requestId,
        { state: 'closed', reason: `the request became ${request.state}` },
        now,
      );
      return 'closed';
    }
    const target = this.options.targets.get(
      request.serviceRef,
      request.environment,
    );
    const health = target
      ? await this.options.targets.health(target, record.to)
      : ({
          status: 'unknown',
          reason: 'no rollout is configured anymore',
        } as const);
    const until = record.watch.until ? new Date(record.watch.until) : now;
    const next = new Date(
      now.getTime() + (target?.healthWatch?.intervalSeconds ?? 30) * 1000,
    );
    if (health.status === 'unhealthy') {
      const reason = `automated rollback: ${record.to} failed its health check: ${health.reason}`;
      await this.audited('deployment-automated-rollback', record, reason, () =>
        this.rollback(record.requestId, WATCHER, reason),
      );
      await rollouts.updateWatch(
        record.requestId,
        { state: 'rolled-back', reason },
        now,
      );
      return 'rolled-back';
    }
    if (health.status === 'healthy' && now >= until) {
      await this.audited('deployment-live', record, 'health watch passed', () =>
        this.apply(record.requestId, (current, hash) => ({
          type: 'live',
          id: LIVE_AFTER_WATCH_EVENT,
          by: WATCHER,
          expectedRevision: current.revision,
          policyHash: hash,
          comment: `${record.to} stayed healthy through the watch period`,
        })),
      );
      await rollouts.updateWatch(record.requestId, { state: 'passed' }, now);
      return 'passed';
    }
    if (health.status === 'unknown' && now >= until) {
      // Unknown is never taken as healthy: the request stays promoted for a person to decide.
      await rollouts.updateWatch(
        record.requestId,
        { state: 'inconclusive', reason: health.reason },
        now,
      );
      return 'inconclusive';
    }
    await rollouts.updateWatch(
      record.requestId,
      {
        state: 'watching',
        until: record.watch.until,
        nextCheckAt: next.toISOString(),
        ...(health.status === 'unknown' ? { reason: health.reason } : {}),
      },
      now,
    );
    return 'watching';
  }

  /** The watcher's own decisions, recorded like a person's (there is no HTTP request). */
  private async audited<T>(
    eventId: string,
    record: RolloutRecord,
    reason: string,
    run: () => Promise<T>,
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'high',
      meta: {
        requestId: record.requestId,
        actor: 'system:deployments-health-watch',
        reason,
      },
    });
    try {
      const result = await run();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}
