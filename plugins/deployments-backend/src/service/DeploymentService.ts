import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  Actor,
  ApproverCheck,
  createDeploymentRequest,
  DeploymentEvent,
  DeploymentRequest,
  DeploymentState,
  DeploymentVersion,
  EnvironmentPolicy,
  evaluatePolicy,
  Override,
  PolicyEvaluation,
  policyHash,
  ProviderReference,
  requestExpiresAt,
  RolloutAction,
  RuleOutcome,
  transition,
  TransitionError,
} from '@sparki/deployments-common';
import { randomUUID } from 'node:crypto';
import { PollingRequestChanges, RequestChanges } from '../store/RequestChanges';
import { DeploymentStore } from '../store/DeploymentStore';
import { DEFAULT_STUCK_AFTER_MINUTES } from '../config';
import { ApproverNotifier } from './ApproverNotifier';
import { GatheredFacts, PolicyFactsSource } from './PolicyFactsSource';

/** How often a writer that lost a race re-reads and tries again. */
const MAX_ATTEMPTS = 20;

/** Who calls: a signed-in person (with the groups sign-in resolved) or a pipeline identity. */
export type Caller =
  | { kind: 'user'; userRef: string; ownershipRefs: string[] }
  | { kind: 'pipeline'; identity: string };

export interface NewRequestInput {
  serviceRef: string;
  environment: string;
  version: DeploymentVersion;
  reason: string;
  /** The commit author's user ref, when the pipeline knows it; they may not approve. */
  commitAuthor?: string;
  /** Where the deploy lives in the system that asked, e.g. a GitHub deployment. */
  providerRefs?: ProviderReference[];
}

/** A policy evaluation as JSON: the rules in words, and whether the caller may approve. */
export interface EvaluationView {
  policyHash: string;
  satisfied: boolean;
  rules: RuleOutcome[];
  canApprove?: ApproverCheck;
}

export interface RequestView {
  request: DeploymentRequest;
  evaluation: EvaluationView;
  /** What promote, rollback, abort and retry would accept now (permissions aside). */
  rolloutActions: RolloutAction[];
}

export interface ListFilter {
  state?: DeploymentState;
  environment?: string;
  serviceRef?: string;
  waitingForMe?: boolean;
  /** Only requests with a decision at or after this instant (ISO 8601, UTC with milliseconds). */
  updatedSince?: string;
  /** Failed requests, and deploys on their way unchanged for `stuckAfterMinutes`. */
  attention?: boolean;
  limit?: number;
  after?: RequestCursor;
}

/** Where a page of requests ended: the last request's creation time and id. */
export type RequestCursor = { createdAt: string; id: string };

export interface RequestPage {
  items: DeploymentRequest[];
  /** Pass as `after` for the next page; absent on the last one. */
  nextAfter?: RequestCursor;
}

const DEFAULT_PAGE_SIZE = 100;
/** How many awaiting requests the inbox evaluates at a time. */
const INBOX_SCAN_PAGE = 250;

function cursorOf(request: DeploymentRequest): RequestCursor {
  return { createdAt: request.createdAt, id: request.id };
}

function actorOf(caller: Caller): Actor {
  return caller.kind === 'user'
    ? { kind: 'user', userRef: caller.userRef }
    : { kind: 'pipeline', identity: caller.identity };
}

function isRequester(request: DeploymentRequest, caller: Caller): boolean {
  const { requester } = request;
  return caller.kind === 'user'
    ? requester.kind === 'user' && requester.userRef === caller.userRef
    : requester.kind === 'pipeline' && requester.identity === caller.identity;
}

/** A refused transition as the HTTP error that says why. */
function toError(
  error: TransitionError | { kind: 'not-found'; message: string },
) {
  switch (error.kind) {
    case 'not-found':
      return new NotFoundError(error.message);
    case 'invalid-event':
      return new InputError(error.message);
    case 'self-approval':
      return new NotAllowedError(error.message);
    default:
      return new ConflictError(error.message);
  }
}

/**
 * Deployment requests under the environments' policies: create, approve, reject, cancel, expire.
 * Each change re-reads the request, gathers the facts, evaluates the policy with the event
 * applied, and asks the store to apply the event under the revision it read; a writer that lost
 * the race does it all again, so every approval is counted once against current data.
 */
export class DeploymentService {
  private readonly now: () => Date;

  constructor(
    private readonly options: {
      store: DeploymentStore;
      policies: Record<string, EnvironmentPolicy>;
      facts: PolicyFactsSource;
      /** Told of every request that (still) waits for approval; it never throws. */
      notifier?: Pick<ApproverNotifier, 'requestWaiting'>;
      /** What wakes a wait when a request changes; polling only when absent. */
      changes?: RequestChanges;
      /** The deploy actions the rollout providers accept for a request; none when absent. */
      rolloutActions?: (request: DeploymentRequest) => Promise<RolloutAction[]>;
      /** After how long without a change a deploy on its way needs attention; default 60. */
      stuckAfterMinutes?: number;
      now?: () => Date;
    },
  ) {
    this.now = options.now ?? (() => new Date());
    this.changes = options.changes ?? new PollingRequestChanges();
  }

  private readonly changes: RequestChanges;

  environments(): string[] {
    return Object.keys(this.options.policies);
  }

  private policyOf(environment: string): EnvironmentPolicy {
    const policy = this.options.policies[environment];
    if (!policy) {
      throw new InputError(
        `unknown environment "${environment}"; configured: ${
          this.environments().join(', ') || 'none'
        }`,
      );
    }
    return policy;
  }

  /**
   * The policy's facts for the request's service and environment, its approvers and the caller
   * (whose groups sign-in resolved). They hold for the request with the caller's approval added.
   */
  private gather(
    request: DeploymentRequest,
    caller?: Caller,
  ): Promise<GatheredFacts> {
    const userRefs = request.approvals.map(a => a.userRef);
    const knownGroups: Record<string, string[]> = {};
    if (caller?.kind === 'user') {
      userRefs.push(caller.userRef);
      knownGroups[caller.userRef] = caller.ownershipRefs.filter(ref =>
        ref.startsWith('group:'),
      );
    }
    return this.options.facts.gather(request, userRefs, knownGroups);
  }

  private async evaluate(
    request: DeploymentRequest,
    caller?: Caller,
  ): Promise<PolicyEvaluation> {
    return this.evaluateWith(
      request,
      await this.gather(request, caller),
      caller,
    );
  }

  private evaluateWith(
    request: DeploymentRequest,
    facts: GatheredFacts,
    caller?: Caller,
  ): PolicyEvaluation {
    return evaluatePolicy({
      policy: this.policyOf(request.environment),
      request,
      approverCandidates: caller?.kind === 'user' ? [caller.userRef] : [],
      facts: { ...facts, now: this.now() },
    });
  }

  private async view(
    request: DeploymentRequest,
    evaluation: PolicyEvaluation,
    caller?: Caller,
  ): Promise<RequestView> {
    return {
      request,
      rolloutActions: (await this.options.rolloutActions?.(request)) ?? [],
      evaluation: {
        policyHash: evaluation.policyHash,
        satisfied: evaluation.satisfied,
        rules: evaluation.rules,
        ...(caller?.kind === 'user'
          ? { canApprove: evaluation.canApprove(caller.userRef) }
          : {}),
      },
    };
  }

  /** Stores a new request already submitted: `approved` when the policy is met, else waiting. */
  async create(input: NewRequestInput, caller: Caller): Promise<RequestView> {
    const policy = this.policyOf(input.environment);
    const now = this.now();
    const created = createDeploymentRequest(
      {
        id: randomUUID(),
        serviceRef: input.serviceRef,
        environment: input.environment,
        version: input.version,
        reason: input.reason,
        ...(input.providerRefs ? { providerRefs: input.providerRefs } : {}),
        requester:
          caller.kind === 'user'
            ? {
                kind: 'user',
                userRef: caller.userRef,
                ...(input.commitAuthor
                  ? { commitAuthor: input.commitAuthor }
                  : {}),
              }
            : {
                kind: 'pipeline',
                identity: caller.identity,
                ...(input.commitAuthor
                  ? { commitAuthor: input.commitAuthor }
                  : {}),
              },
      },
      now,
    );
    const submit = (policySatisfied: boolean, hash: string) =>
      transition(
        created,
        {
          type: 'submit',
          id: `${created.id}:submit`,
          by: actorOf(caller),
          expectedRevision: 0,
          policyHash: hash,
          policySatisfied,
        },
        now,
      );
    const trial = submit(false, '');
    if (!trial.ok) throw toError(trial.error);
    const evaluation = await this.evaluate(trial.request, caller);
    const submitted = submit(evaluation.satisfied, evaluation.policyHash);
    if (!submitted.ok) throw toError(submitted.error);
    await this.options.store.insert(
      submitted.request,
      requestExpiresAt(policy, submitted.request),
    );
    this.notifyIfWaiting(submitted.request);
    return this.view(submitted.request, evaluation, caller);
  }

  private async read(id: string): Promise<DeploymentRequest> {
    const request = await this.options.store.get(id);
    if (!request) throw new NotFoundError(`no deployment request ${id}`);
    return request;
  }

  /** The request with its policy evaluation for the caller (`known`: just read or written). */
  async get(
    id: string,
    caller?: Caller,
    known?: DeploymentRequest,
  ): Promise<RequestView> {
    const request = known ?? (await this.read(id));
    return await this.view(
      request,
      await this.evaluate(request, caller),
      caller,
    );
  }

  /**
   * Requests newest first, a page at a time (`after`: the `nextAfter` of the previous page).
   * `waitingForMe` reads awaiting requests in pages and keeps those the caller may approve now,
   * until the page is full, so an inbox is complete however many requests wait.
   */
  async list(filter: ListFilter, caller: Caller): Promise<RequestPage> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const base = {
      environment: filter.environment,
      serviceRef: filter.serviceRef,
      updatedSince: filter.updatedSince,
    };
    if (!filter.waitingForMe) {
      const stuckAfterMs =
        (this.options.stuckAfterMinutes ?? DEFAULT_STUCK_AFTER_MINUTES) *
        60_000;
      const rows = await this.options.store.list({
        ...base,
        states: filter.state && [filter.state],
        ...(filter.attention
          ? {
              needsAttention: {
                stuckSince: new Date(
                  this.now().getTime() - stuckAfterMs,
                ).toISOString(),
              },
            }
          : {}),
        limit: limit + 1,
        after: filter.after,
      });
      const items = rows.slice(0, limit);
      return rows.length > limit
        ? { items, nextAfter: cursorOf(items[items.length - 1]) }
        : { items };
    }
    if (caller.kind !== 'user') return { items: [] };
    const items: DeploymentRequest[] = [];
    let after = filter.after;
    for (;;) {
      const page = await this.options.store.list({
        ...base,
        states: ['awaiting-approval'],
        limit: INBOX_SCAN_PAGE,
        after,
      });
      const evaluations = await this.evaluateAll(page, caller);
      for (const [index, request] of page.entries()) {
        if (!evaluations[index].canApprove(caller.userRef).allowed) continue;
        items.push(request);
        const more = index < page.length - 1 || page.length === INBOX_SCAN_PAGE;
        if (items.length === limit) {
          return more ? { items, nextAfter: cursorOf(request) } : { items };
        }
      }
      if (page.length < INBOX_SCAN_PAGE) return { items };
      after = cursorOf(page[page.length - 1]);
    }
  }

  /**
   * Evaluates many requests for one caller, gathering the facts once per service and
   * environment (they depend on nothing else) for every approver at once: an inbox of a
   * thousand requests costs a few catalog reads, not thousands.
   */
  private async evaluateAll(
    requests: DeploymentRequest[],
    caller: Caller & { kind: 'user' },
  ): Promise<PolicyEvaluation[]> {
    const userRefs = [
      ...new Set([
        caller.userRef,
        ...requests.flatMap(r => r.approvals.map(a => a.userRef)),
      ]),
    ];
    const knownGroups = {
      [caller.userRef]: caller.ownershipRefs.filter(ref =>
        ref.startsWith('group:'),
      ),
    };
    const factsOf = new Map<string, Promise<GatheredFacts>>();
    const now = this.now();
    return Promise.all(
      requests.map(async request => {
        const key = `${request.serviceRef}\n${request.environment}`;
        if (!factsOf.has(key)) {
          factsOf.set(
            key,
            this.options.facts.gather(request, userRefs, knownGroups),
          );
        }
        return evaluatePolicy({
          policy: this.policyOf(request.environment),
          request,
          approverCandidates: [caller.userRef],
          facts: { ...(await factsOf.get(key)!), now },
        });
      }),
    );
  }

  /**
   * Applies an event built from the current request; on a lost race reads again. With
   * `decidesApproval`, the event carries whether the policy is met with the event applied.
   * Returns the request written and, when it evaluated the policy, the facts it gathered (once
   * per attempt: the check, the trial and the answer's view share them).
   */
  private async change(
    id: string,
    spec: {
      /** Refuses the change (throws) given the request and its current evaluation. */
      check?: (
        request: DeploymentRequest,
        evaluation: PolicyEvaluation,
      ) => void;
      build: (
        request: DeploymentRequest,
        policyHash: string,
        policySatisfied: boolean,
      ) => DeploymentEvent;
      decidesApproval?: boolean;
      caller?: Caller;
    },
  ): Promise<{ request: DeploymentRequest; facts?: GatheredFacts }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const request = await this.read(id);
      const hash = policyHash(this.policyOf(request.environment));
      const facts =
        spec.check || spec.decidesApproval
          ? await this.gather(request, spec.caller)
          : undefined;
      if (spec.check) {
        spec.check(request, this.evaluateWith(request, facts!, spec.caller));
      }
      let event = spec.build(request, hash, false);
      if (spec.decidesApproval) {
        const trial = transition(request, event, this.now());
        if (!trial.ok) throw toError(trial.error);
        if (trial.replayed) return { request, facts };
        const after = this.evaluateWith(trial.request, facts!, spec.caller);
        event = spec.build(request, hash, after.satisfied);
      }
      const result = await this.options.store.apply(
        id,
        event,
        this.now(),
        request,
      );
      if (result.ok) return { request: result.request, facts };
      if (result.error.kind !== 'stale-revision') throw toError(result.error);
    }
    throw new ConflictError(`request ${id} kept changing meanwhile; try again`);
  }

  async approve(
    id: string,
    caller: Caller,
    comment?: string,
  ): Promise<RequestView> {
    if (caller.kind !== 'user') {
      throw new NotAllowedError('only a person can approve a deploy');
    }
    // One approval per person: the fixed id makes a retried approval a no-op.
    const eventId = `approve:${caller.userRef}`;
    const { request, facts } = await this.change(id, {
      caller,
      decidesApproval: true,
      check: (current, evaluation) => {
        if (current.decisions.some(d => d.eventId === eventId)) return;
        const check = evaluation.canApprove(caller.userRef);
        if (!check.allowed) throw new NotAllowedError(check.reason);
      },
      build: (current, hash, policySatisfied) => ({
        type: 'approve',
        id: eventId,
        by: actorOf(caller),
        expectedRevision: current.revision,
        policyHash: hash,
        policySatisfied,
        ...(comment ? { comment } : {}),
      }),
    });
    this.notifyIfWaiting(request);
    return this.answer(request, caller, facts);
  }

  /** The view of a written request: with the facts its change gathered, else gathered anew. */
  private async answer(
    request: DeploymentRequest,
    caller: Caller,
    facts: GatheredFacts | undefined,
  ): Promise<RequestView> {
    if (!facts) return this.get(request.id, caller, request);
    return this.view(
      request,
      this.evaluateWith(request, facts, caller),
      caller,
    );
  }

  /**
   * Tells the approvers, without making the caller wait for it: a notification only points to
   * the inbox, which is the truth.
   */
  private notifyIfWaiting(request: DeploymentRequest) {
    if (request.state === 'awaiting-approval') {
      void this.options.notifier?.requestWaiting(request);
    }
  }

  /**
   * Lifts a gate for this request: `freeze` (change windows and freezes) or `posture`. Recorded
   * with the reason forever; the policy is re-evaluated with it, so it may approve the request.
   */
  async override(
    id: string,
    caller: Caller,
    input: { kind: Override['kind']; reason: string },
  ): Promise<RequestView> {
    if (caller.kind !== 'user') {
      throw new NotAllowedError('only a person can override a gate');
    }
    const reason = input.reason.trim();
    if (!reason) throw new InputError('an override needs a reason');
    // One override of each kind per person: a retried call is a no-op.
    const eventId = `override:${input.kind}:${caller.userRef}`;
    const { request, facts } = await this.change(id, {
      caller,
      decidesApproval: true,
      build: (current, hash, policySatisfied) => ({
        type: 'override',
        id: eventId,
        by: actorOf(caller),
        expectedRevision: current.revision,
        policyHash: hash,
        kind: input.kind,
        reason,
        policySatisfied,
      }),
    });
    return this.answer(request, caller, facts);
  }

  async reject(
    id: string,
    caller: Caller,
    comment: string,
  ): Promise<RequestView> {
    if (caller.kind !== 'user') {
      throw new NotAllowedError('only a person can reject a deploy');
    }
    if (!comment.trim()) throw new InputError('a rejection needs a comment');
    const eventId = `reject:${randomUUID()}`;
    const { request } = await this.change(id, {
      build: (current, hash) => ({
        type: 'reject',
        id: eventId,
        by: actorOf(caller),
        expectedRevision: current.revision,
        policyHash: hash,
        comment,
      }),
    });
    return this.get(request.id, caller, request);
  }

  /** Cancels a request: the requester's own, or anyone's with `anyRequester` (approvers). */
  async cancel(
    id: string,
    caller: Caller,
    options: { comment?: string; anyRequester: boolean },
  ): Promise<RequestView> {
    const { comment, anyRequester } = options;
    const eventId = `cancel:${randomUUID()}`;
    const { request } = await this.change(id, {
      check: current => {
        // Only a person acts on someone else's request, never a pipeline token.
        const mayCancelOthers = anyRequester && caller.kind === 'user';
        if (!mayCancelOthers && !isRequester(current, caller)) {
          throw new NotAllowedError(
            'only the requester or an approver can cancel a request',
          );
        }
      },
      build: (current, hash) => ({
        type: 'cancel',
        id: eventId,
        by: actorOf(caller),
        expectedRevision: current.revision,
        policyHash: hash,
        ...(comment ? { comment } : {}),
      }),
    });
    return this.get(request.id, caller, request);
  }

  /**
   * Expires every pending request past its expiry. The fixed event id makes a rerun (or a
   * second replica) a no-op; a request decided meanwhile is left as it is.
   */
  async expireDue(
    limit = 100,
  ): Promise<{ expired: string[]; skipped: string[] }> {
    const ids = await this.options.store.listExpired(this.now(), limit);
    const expired: string[] = [];
    const skipped: string[] = [];
    for (const id of ids) {
      try {
        await this.change(id, {
          build: (current, hash) => ({
            type: 'expire',
            id: 'expire',
            by: { kind: 'system', name: 'deployments-expiry' },
            expectedRevision: current.revision,
            policyHash: hash,
          }),
        });
        expired.push(id);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        skipped.push(id);
      }
    }
    return { expired, skipped };
  }

  /**
   * The request once it is no longer waiting for a decision, or after `timeoutSeconds`. It reads
   * the store again when `changes` says the request changed (PostgreSQL NOTIFY, from any
   * replica) and every `pollMs` in any case, so a decision taken on any replica wakes it.
   */
  async waitForDecision(
    id: string,
    timeoutSeconds: number,
    options: { pollMs: number; aborted: () => boolean },
  ): Promise<{ request: DeploymentRequest; decided: boolean }> {
    const until = new Date(this.now().getTime() + timeoutSeconds * 1000);
    // Watched before the first read: a change committed meanwhile still wakes the wait.
    const watch = this.changes.watch(id);
    try {
      for (;;) {
        const request = await this.read(id);
        const decided =
          request.state !== 'requested' &&
          request.state !== 'awaiting-approval';
        const left = until.getTime() - this.now().getTime();
        if (decided || left <= 0 || options.aborted()) {
          return { request, decided };
        }
        await watch.next(Math.min(options.pollMs, left));
      }
    } finally {
      watch.close();
    }
  }
}
