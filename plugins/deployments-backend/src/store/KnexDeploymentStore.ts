import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Actor,
  Approval,
  Decision,
  DeploymentEvent,
  DeploymentRequest,
  DeploymentState,
  transition,
  TransitionResult,
} from '@sparki/deployments-common';
import { Knex } from 'knex';
import {
  ApplyResult,
  DeploymentStore,
  HistoryFilter,
  HistoryPage,
  LiveVersion,
  RequestFilter,
} from './DeploymentStore';
import { isPostgres, REQUEST_CHANGED_CHANNEL } from './RequestChanges';

const migrationsDir = resolvePackagePath(
  '@sparki/deployments-backend',
  'migrations',
);

const REQUESTS = 'deployments_requests';
const APPROVALS = 'deployments_approvals';
const DECISIONS = 'deployments_decisions';
const STUCK_NOTICES = 'deployments_stuck_notices';

/** States in which a request still waits for a decision, and so can expire. */
const pendingStates: DeploymentState[] = [
  'requested',
  'awaiting-approval',
  'approved',
];

/** A deploy on its way that nobody moves on for long is stuck: someone has to look. */
export const stuckDeployStates: DeploymentState[] = [
  'deploying',
  'preview-ready',
  'promoted',
];

type RequestRow = {
  id: string;
  service_ref: string;
  environment: string;
  state: string;
  revision: number;
  policy_hash: string;
  version: string;
  requester: string;
  reason: string;
  overrides: string;
  provider_refs: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
};

type ApprovalRow = {
  request_id: string;
  user_ref: string;
  at: string;
  comment: string | null;
  policy_hash: string;
  event_id: string;
};

type DecisionRow = {
  request_id: string;
  event_id: string;
  event: string;
  by: string;
  at: string;
  comment: string | null;
  policy_hash: string;
  from_state: string;
  to_state: string;
};

/** What `history` reads of the decision's request. */
type HistoryJoinRow = {
  seq: number;
  service_ref: string;
  environment: string;
  version: string;
};

function toDecision(row: DecisionRow): Decision {
  return {
    eventId: row.event_id,
    event: row.event as Decision['event'],
    by: JSON.parse(row.by) as Actor,
    at: row.at,
    ...(row.comment !== null ? { comment: row.comment } : {}),
    policyHash: row.policy_hash,
    from: row.from_state as DeploymentState,
    to: row.to_state as DeploymentState,
  };
}

/** Thrown inside a transaction to roll it back and answer with a refusal. */
class Refusal extends Error {
  constructor(readonly result: ApplyResult) {
    super('refused');
  }
}

function approvalRow(requestId: string, approval: Approval): ApprovalRow {
  return {
    request_id: requestId,
    user_ref: approval.userRef,
    at: approval.at,
    comment: approval.comment ?? null,
    policy_hash: approval.policyHash,
    event_id: approval.eventId,
  };
}

function decisionRow(requestId: string, decision: Decision): DecisionRow {
  return {
    request_id: requestId,
    event_id: decision.eventId,
    event: decision.event,
    by: JSON.stringify(decision.by),
    at: decision.at,
    comment: decision.comment ?? null,
    policy_hash: decision.policyHash,
    from_state: decision.from,
    to_state: decision.to,
  };
}

function lastPolicyHash(request: DeploymentRequest): string {
  return request.decisions[request.decisions.length - 1]?.policyHash ?? '';
}

export class KnexDeploymentStore implements DeploymentStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient'> &
      Partial<Pick<DatabaseService, 'migrations'>>;
  }): Promise<KnexDeploymentStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new KnexDeploymentStore(db);
  }

  private readonly supportsRowLocks: boolean;
  private readonly notifiesChanges: boolean;

  private constructor(private readonly db: Knex) {
    this.supportsRowLocks = !String(db.client.config.client).includes('sqlite');
    this.notifiesChanges = isPostgres(db);
  }

  async insert(request: DeploymentRequest, expiresAt?: Date): Promise<void> {
    await this.db.transaction(async tx => {
      const row: RequestRow = {
        id: request.id,
        service_ref: request.serviceRef,
        environment: request.environment,
        state: request.state,
        revision: request.revision,
        policy_hash: lastPolicyHash(request),
        version: JSON.stringify(request.version),
        requester: JSON.stringify(request.requester),
        reason: request.reason,
        overrides: JSON.stringify(request.overrides),
        provider_refs: JSON.stringify(request.providerRefs),
        created_at: request.createdAt,
        updated_at: request.updatedAt,
        expires_at: expiresAt?.toISOString() ?? null,
      };
      await tx(REQUESTS).insert(row);
      if (request.approvals.length > 0) {
        await tx(APPROVALS).insert(
          request.approvals.map(a => approvalRow(request.id, a)),
        );
      }
      if (request.decisions.length > 0) {
        await tx(DECISIONS).insert(
          request.decisions.map(d => decisionRow(request.id, d)),
        );
      }
    });
  }

  async get(id: string): Promise<DeploymentRequest | undefined> {
    return this.read(this.db, id, false);
  }

  async list(filter: RequestFilter): Promise<DeploymentRequest[]> {
    const query = this.db<RequestRow>(REQUESTS)
      .select('*')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit ?? 100);
    if (filter.states) query.whereIn('state', filter.states);
    if (filter.environment) query.where('environment', filter.environment);
    if (filter.serviceRef) query.where('service_ref', filter.serviceRef);
    // Every decision sets `updated_at`, so this keeps exactly the requests decided on since.
    if (filter.updatedSince)
      query.where('updated_at', '>=', filter.updatedSince);
    const { after, needsAttention } = filter;
    if (needsAttention) {
      query.where(builder =>
        builder
          .where('state', 'failed')
          .orWhere(stuck =>
            stuck
              .whereIn('state', stuckDeployStates)
              .where('updated_at', '<=', needsAttention.stuckSince),
          ),
      );
    }
    if (after) {
      // Keyset paging in the order above: stable while requests are added.
      query.where(builder =>
        builder
          .where('created_at', '<', after.createdAt)
          .orWhere(same =>
            same
              .where('created_at', after.createdAt)
              .where('id', '<', after.id),
          ),
      );
    }
    const rows = await query;
    if (rows.length === 0) return [];
    const decisions = await this.db<DecisionRow>(DECISIONS)
      .whereIn(
        'request_id',
        rows.map(r => r.id),
      )
      .orderBy('seq', 'asc');
    const decisionsOf = new Map<string, DecisionRow[]>();
    for (const decision of decisions) {
      const list = decisionsOf.get(decision.request_id) ?? [];
      list.push(decision);
      decisionsOf.set(decision.request_id, list);
    }
    return rows.map(row => this.toRequest(row, decisionsOf.get(row.id) ?? []));
  }

  async apply(
    id: string,
    event: DeploymentEvent,
    now: Date,
    read?: DeploymentRequest,
  ): Promise<ApplyResult> {
    // The caller's copy is current if the revision it names is still stored: the CAS checks.
    const known = read?.revision === event.expectedRevision ? read : undefined;
    const early = known && transition(known, event, now);
    // Refused or replayed on the caller's copy: nothing to write, no transaction needed.
    if (early && (!early.ok || early.replayed)) return early;
    if (early && this.notifiesChanges) {
      return this.applyInOneStatement(id, event, early.request);
    }
    try {
      return await this.db.transaction(async (tx): Promise<ApplyResult> => {
        let result: TransitionResult | undefined = early;
        if (!result) {
          const current = await this.read(tx, id, true);
          if (!current) {
            return {
              ok: false,
              error: {
                kind: 'not-found',
                message: `no deployment request ${id}`,
              },
            };
          }
          result = transition(current, event, now);
        }
        if (!result.ok || result.replayed) return result;
        const next = result.request;
        const revision = next.revision - 1;
        // Compare-and-swap: a writer that read an older revision updates nothing.
        const updated = await tx<RequestRow>(REQUESTS)
          .where({ id, revision })
          .update({
            state: next.state,
            revision: next.revision,
            policy_hash: lastPolicyHash(next),
            overrides: JSON.stringify(next.overrides),
            provider_refs: JSON.stringify(next.providerRefs),
            updated_at: next.updatedAt,
          });
        if (updated !== 1) {
          throw new Refusal({
            ok: false,
            error: {
              kind: 'stale-revision',
              expected: revision,
              actual: revision + 1,
              message: 'the request changed meanwhile: read it again',
            },
          });
        }
        const approval = next.approvals.find(a => a.eventId === event.id);
        if (approval) await tx(APPROVALS).insert(approvalRow(id, approval));
        await tx(DECISIONS).insert(
          decisionRow(id, next.decisions[next.decisions.length - 1]),
        );
        // Delivered at commit to every replica's LISTEN (RequestChanges), never on a rollback.
        if (this.notifiesChanges) {
          await tx.raw('select pg_notify(?, ?)', [REQUEST_CHANGED_CHANNEL, id]);
        }
        return result;
      });
    } catch (error) {
      if (error instanceof Refusal) return error.result;
      throw error;
    }
  }

  /**
   * PostgreSQL, the caller's copy current: the compare-and-swap, the approval, the decision and
   * the NOTIFY as one statement (one round trip, its own transaction), so the row lock of a
   * contended request is held for that statement only, not across round trips.
   */
  private async applyInOneStatement(
    id: string,
    event: DeploymentEvent,
    next: DeploymentRequest,
  ): Promise<ApplyResult> {
    const revision = next.revision - 1;
    const decision = decisionRow(id, next.decisions[next.decisions.length - 1]);
    const approval = next.approvals.find(a => a.eventId === event.id);
    const approvalRowOf = approval && approvalRow(id, approval);
    const { rows } = await this.db.raw<{ rows: Array<{ id: string }> }>(
      `WITH updated AS (
         UPDATE ${REQUESTS}
            SET state = ?, revision = ?, policy_hash = ?, overrides = ?, provider_refs = ?,
                updated_at = ?
          WHERE id = ? AND revision = ?
         RETURNING id
       ), approval AS (
         INSERT INTO ${APPROVALS} (request_id, user_ref, at, comment, policy_hash, event_id)
         SELECT id, ?, ?, ?, ?, ? FROM updated WHERE ?
       ), decision AS (
         INSERT INTO ${DECISIONS}
                (request_id, event_id, event, "by", at, comment, policy_hash, from_state, to_state)
         SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM updated
       )
       SELECT id, pg_notify(?, id) FROM updated`,
      [
        next.state,
        next.revision,
        lastPolicyHash(next),
        JSON.stringify(next.overrides),
        JSON.stringify(next.providerRefs),
        next.updatedAt,
        id,
        revision,
        approvalRowOf?.user_ref ?? '',
        approvalRowOf?.at ?? '',
        approvalRowOf?.comment ?? null,
        approvalRowOf?.policy_hash ?? '',
        approvalRowOf?.event_id ?? '',
        approvalRowOf !== undefined,
        decision.event_id,
        decision.event,
        decision.by,
        decision.at,
        decision.comment,
        decision.policy_hash,
        decision.from_state,
        decision.to_state,
        REQUEST_CHANGED_CHANNEL,
      ],
    );
    if (rows.length === 1) return { ok: true, request: next, replayed: false };
    return {
      ok: false,
      error: {
        kind: 'stale-revision',
        expected: revision,
        actual: revision + 1,
        message: 'the request changed meanwhile: read it again',
      },
    };
  }

  async claimStuckNotice(
    requestId: string,
    revision: number,
    now: Date,
  ): Promise<boolean> {
    // The primary key decides between racing replicas: only the insert that wrote a row won.
    const written = await this.db(STUCK_NOTICES)
      .insert({
        request_id: requestId,
        revision,
        notified_at: now.toISOString(),
      })
      .onConflict(['request_id', 'revision'])
      .ignore()
      .returning('request_id');
    return written.length === 1;
  }

  async listExpired(now: Date, limit: number): Promise<string[]> {
    const rows = await this.db<RequestRow>(REQUESTS)
      .select('id')
      .whereIn('state', pendingStates)
      .whereNotNull('expires_at')
      .where('expires_at', '<=', now.toISOString())
      .orderBy('expires_at', 'asc')
      .limit(limit);
    return rows.map(r => r.id);
  }

  async history(filter: HistoryFilter): Promise<HistoryPage> {
    const query = this.db(`${DECISIONS} as d`)
      .join(`${REQUESTS} as r`, 'r.id', 'd.request_id')
      .select<Array<DecisionRow & HistoryJoinRow>>(
        'd.*',
        'r.service_ref',
        'r.environment',
        'r.version',
      )
      .orderBy('d.seq', 'desc')
      // One more than asked: tells whether there is a next page without counting.
      .limit(filter.limit + 1);
    if (filter.serviceRef) query.where('r.service_ref', filter.serviceRef);
    if (filter.environment) query.where('r.environment', filter.environment);
    if (filter.beforeSeq !== undefined) {
      query.where('d.seq', '<', filter.beforeSeq);
    }
    const rows = await query;
    const page = rows.slice(0, filter.limit);
    return {
      items: page.map(row => ({
        requestId: row.request_id,
        serviceRef: row.service_ref,
        environment: row.environment,
        version: JSON.parse(row.version),
        ...toDecision(row),
      })),
      ...(rows.length > filter.limit
        ? { nextBefore: Number(page[page.length - 1].seq) }
        : {}),
    };
  }

  async liveVersions(serviceRef: string): Promise<LiveVersion[]> {
    // A request in `live` went live once (its only way out is a rollback), so its `live`
    // decision says since when; the newest such request per environment is what runs there.
    const rows = await this.db(`${REQUESTS} as r`)
      .join(`${DECISIONS} as d`, 'd.request_id', 'r.id')
      .where({ 'r.service_ref': serviceRef, 'r.state': 'live' })
      .where('d.to_state', 'live')
      .select<
        Array<{ id: string; environment: string; version: string; at: string }>
      >('r.id', 'r.environment', 'r.version', 'd.at')
      .orderBy([
        { column: 'd.at', order: 'desc' },
        { column: 'd.seq', order: 'desc' },
      ]);
    const latest = new Map<string, LiveVersion>();
    for (const row of rows) {
      if (latest.has(row.environment)) continue;
      latest.set(row.environment, {
        environment: row.environment,
        requestId: row.id,
        version: JSON.parse(row.version),
        since: row.at,
      });
    }
    return [...latest.values()];
  }

  private async read(
    db: Knex | Knex.Transaction,
    id: string,
    forUpdate: boolean,
  ): Promise<DeploymentRequest | undefined> {
    if (!forUpdate && this.notifiesChanges) {
      // PostgreSQL: the row and its decisions in one round trip (the hot path of every check).
      const { rows } = await db.raw<{
        rows: Array<RequestRow & { decisions: DecisionRow[] }>;
      }>(
        `SELECT r.*, COALESCE((SELECT json_agg(d ORDER BY d.seq)
                                 FROM ${DECISIONS} d WHERE d.request_id = r.id), '[]'::json)
                       AS decisions
           FROM ${REQUESTS} r WHERE r.id = ?`,
        [id],
      );
      return rows[0] && this.toRequest(rows[0], rows[0].decisions);
    }
    const query = db<RequestRow>(REQUESTS).where({ id }).first();
    // SQLite has no row locks: its write transactions are serialised, and the revision check
    // of the UPDATE catches a writer that read before another one committed.
    if (forUpdate && this.supportsRowLocks) query.forUpdate();
    const row = await query;
    if (!row) return undefined;
    const decisions = await db<DecisionRow>(DECISIONS)
      .where({ request_id: id })
      .orderBy('seq', 'asc');
    return this.toRequest(row, decisions);
  }

  /**
   * The request from its row and its decisions. Its approvals are its `approve` decisions (each
   * stored with the same fields), in the order they were decided; the approvals table holds
   * them too, for its one-per-person key, but reading them again would cost a query per read.
   */
  private toRequest(
    row: RequestRow,
    decisions: DecisionRow[],
  ): DeploymentRequest {
    const approvals: Approval[] = [];
    for (const d of decisions) {
      const by = JSON.parse(d.by) as Actor;
      if (d.event !== 'approve' || by.kind !== 'user') continue;
      approvals.push({
        userRef: by.userRef,
        at: d.at,
        ...(d.comment !== null ? { comment: d.comment } : {}),
        policyHash: d.policy_hash,
        eventId: d.event_id,
      });
    }
    return {
      id: row.id,
      serviceRef: row.service_ref,
      environment: row.environment,
      version: JSON.parse(row.version),
      requester: JSON.parse(row.requester),
      reason: row.reason,
      state: row.state as DeploymentState,
      approvals,
      overrides: JSON.parse(row.overrides),
      decisions: decisions.map(toDecision),
      providerRefs: JSON.parse(row.provider_refs),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      revision: Number(row.revision),
    };
  }
}
