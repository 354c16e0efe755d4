import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AuditEvent,
  AuditEventPage,
  AuditEventQuery,
  CountInterval,
  Detection,
  DetectionPage,
  DetectionQuery,
  EntityEventScope,
  EventCountBucket,
  IngestRun,
  Severity,
} from '@sparki/audit-trail-common';
import { Knex } from 'knex';
import {
  AuditEventStore,
  InsertResult,
  LastIngestSuccess,
  NewDetectionCount,
} from './AuditEventStore';

const migrationsDir = resolvePackagePath(
  '@sparki/audit-trail-backend',
  'migrations',
);

const EVENTS = 'audit_trail_events';
const RESOURCES = 'audit_trail_event_resources';
const DETECTIONS = 'audit_trail_detections';
const CHECKPOINTS = 'audit_trail_checkpoints';
const RUNS = 'audit_trail_ingest_runs';

/** Rows per Postgres INSERT (bound as one JSON array). */
const POSTGRES_INSERT_BATCH = 5000;
const DEFAULT_LIMIT = 100;
export const MAX_PAGE_SIZE = 1000;

const BUCKET_LENGTH: Record<CountInterval, number> = { hour: 13, day: 10 };
const BUCKET_SUFFIX: Record<CountInterval, string> = {
  hour: ':00:00.000Z',
  day: 'T00:00:00.000Z',
};

type EventRow = {
  event_id: string;
  event_time: string;
  event_name: string;
  event_source: string;
  account_id: string;
  region: string;
  actor_arn: string | null;
  actor_type: string | null;
  actor_name: string | null;
  source_ip: string | null;
  user_agent: string | null;
  error_code: string | null;
  error_message: string | null;
  read_only: boolean | number | null;
  resources: string;
  raw: string;
};

type DetectionRow = {
  event_id: string;
  rule_id: string;
  cis_control_id: string;
  severity: string;
  event_time: string;
  account_id: string;
  region: string;
  event_name: string;
  actor_arn: string | null;
};

/** Position after an event (and, for detections, after one of its rules). */
const EVENT_COLUMNS: Array<keyof EventRow> = [
  'event_id',
  'event_time',
  'event_name',
  'event_source',
  'account_id',
  'region',
  'actor_arn',
  'actor_type',
  'actor_name',
  'source_ip',
  'user_agent',
  'error_code',
  'error_message',
  'read_only',
  'resources',
  'raw',
];

const RESOURCE_COLUMNS = ['resource_arn', 'event_time', 'event_id'] as const;

/** `INSERT INTO t (a, b) SELECT a, b FROM json_populate_recordset(NULL::t, ?)`: rows as one JSON array. */
function jsonInsert(table: string, columns: readonly string[]): string {
  const list = columns.join(', ');
  return `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ?::json)`;
}

const DETECTION_COLUMNS: Array<keyof DetectionRow> = [
  'event_id',
  'rule_id',
  'cis_control_id',
  'severity',
  'event_time',
  'account_id',
  'region',
  'event_name',
  'actor_arn',
];

/** The parts of a better-sqlite3 connection the SQLite insert path uses. */
interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): { changes: number } };
  transaction<T>(fn: () => T): () => T;
}

type SqliteStatements = Record<
  'event' | 'resource' | 'detection',
  ReturnType<SqliteConnection['prepare']>
>;

const preparedStatements = new WeakMap<SqliteConnection, SqliteStatements>();

function sqliteStatements(connection: SqliteConnection): SqliteStatements {
  let statements = preparedStatements.get(connection);
  if (!statements) {
    const insert = (table: string, columns: string[]) =>
      connection.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns
          .map(() => '?')
          .join(', ')}) ON CONFLICT DO NOTHING`,
      );
    statements = {
      event: insert(EVENTS, EVENT_COLUMNS),
      resource: insert(RESOURCES, [...RESOURCE_COLUMNS]),
      detection: insert(DETECTIONS, DETECTION_COLUMNS),
    };
    preparedStatements.set(connection, statements);
  }
  return statements;
}

function resourceRows(event: AuditEvent) {
  return event.resources.map(resource => ({
    resource_arn: resource.arn,
    event_time: event.eventTime,
    event_id: event.eventId,
  }));
}

function toDetectionRow(detection: Detection): DetectionRow {
  return {
    event_id: detection.eventId,
    rule_id: detection.ruleId,
    cis_control_id: detection.cisControlId,
    severity: detection.severity,
    event_time: detection.eventTime,
    account_id: detection.accountId,
    region: detection.region,
    event_name: detection.eventName,
    actor_arn: detection.actorArn ?? null,
  };
}

type Cursor = { t: string; id: string; rule?: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof parsed.t === 'string' && typeof parsed.id === 'string') {
      return parsed;
    }
  } catch {
    // reported below
  }
  throw new InputError('Invalid cursor');
}

export function toEventRow(event: AuditEvent): EventRow {
  return {
    event_id: event.eventId,
    event_time: event.eventTime,
    event_name: event.eventName,
    event_source: event.eventSource,
    account_id: event.accountId,
    region: event.region,
    actor_arn: event.actorArn ?? null,
    actor_type: event.actorType ?? null,
    actor_name: event.actorName ?? null,
    source_ip: event.sourceIp ?? null,
    user_agent: event.userAgent ?? null,
    error_code: event.errorCode ?? null,
    error_message: event.errorMessage ?? null,
    read_only: event.readOnly ?? null,
    resources: JSON.stringify(event.resources),
    raw: JSON.stringify(event.raw),
  };
}

function fromEventRow(row: EventRow): AuditEvent {
  return {
    eventId: row.event_id,
    eventTime: row.event_time,
    eventName: row.event_name,
    eventSource: row.event_source,
    accountId: row.account_id,
    region: row.region,
    actorArn: row.actor_arn ?? undefined,
    actorType: row.actor_type ?? undefined,
    actorName: row.actor_name ?? undefined,
    sourceIp: row.source_ip ?? undefined,
    userAgent: row.user_agent ?? undefined,
    errorCode: row.error_code ?? undefined,
    errorMessage: row.error_message ?? undefined,
    readOnly: row.read_only === null ? undefined : Boolean(row.read_only),
    resources: JSON.parse(row.resources),
    raw: JSON.parse(row.raw),
  };
}

function fromDetectionRow(row: DetectionRow): Detection {
  return {
    eventId: row.event_id,
    ruleId: row.rule_id,
    cisControlId: row.cis_control_id,
    severity: row.severity as Severity,
    eventTime: row.event_time,
    accountId: row.account_id,
    region: row.region,
    eventName: row.event_name,
    actorArn: row.actor_arn ?? undefined,
  };
}

export function pageSize(limit: number | undefined): number {
  const size = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InputError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** Tallies new detections by rule and severity. */
class DetectionTally {
  private readonly counts = new Map<string, NewDetectionCount>();

  add(ruleId: string, severity: string, count: number) {
    const key = `${ruleId}\u0000${severity}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += count;
    else
      this.counts.set(key, { ruleId, severity: severity as Severity, count });
  }

  toArray(): NewDetectionCount[] {
    return [...this.counts.values()];
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

export class KnexAuditEventStore implements AuditEventStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<KnexAuditEventStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexAuditEventStore(client);
  }

  private readonly isSqlite: boolean;

  constructor(private readonly db: Knex) {
    this.isSqlite = String(db.client.config.client).includes('sqlite');
  }

  async insertEvents(
    events: AuditEvent[],
    detections: Detection[],
  ): Promise<InsertResult> {
    const unique = [...new Map(events.map(e => [e.eventId, e])).values()];
    const detectionRows = detections.map(toDetectionRow);
    const newDetections = new DetectionTally();
    const inserted = this.isSqlite
      ? await this.insertSqlite(unique, detectionRows, newDetections)
      : await this.insertPostgres(unique, detectionRows, newDetections);
    return {
      inserted,
      duplicates: events.length - inserted,
      newDetections: newDetections.toArray(),
    };
  }

  /**
   * Postgres: one INSERT … SELECT FROM json_populate_recordset per table and batch: a single
   * JSON parameter instead of 16 parameters a row; new event ids come back for the counts, and
   * new detections as counts per rule and severity (a few rows, not one per detection).
   */
  private async insertPostgres(
    events: AuditEvent[],
    detections: DetectionRow[],
    newDetections: DetectionTally,
  ): Promise<number> {
    let inserted = 0;
    await this.db.transaction(async tx => {
      for (const batch of chunks(events, POSTGRES_INSERT_BATCH)) {
        const result = await tx.raw(
          `${jsonInsert(
            EVENTS,
            EVENT_COLUMNS,
          )} ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [JSON.stringify(batch.map(toEventRow))],
        );
        const newIds = new Set(
          result.rows.map((row: { event_id: string }) => row.event_id),
        );
        inserted += newIds.size;
        const resources = batch
          .filter(event => newIds.has(event.eventId))
          .flatMap(resourceRows);
        if (resources.length) {
          await tx.raw(
            `${jsonInsert(RESOURCES, RESOURCE_COLUMNS)} ON CONFLICT DO NOTHING`,
            [JSON.stringify(resources)],
          );
        }
      }
      for (const batch of chunks(detections, POSTGRES_INSERT_BATCH)) {
        const result = await tx.raw(
          `WITH new_detections AS (${jsonInsert(
            DETECTIONS,
            DETECTION_COLUMNS,
          )} ON CONFLICT DO NOTHING RETURNING rule_id, severity)
          SELECT rule_id, severity, count(*) AS count FROM new_detections GROUP BY rule_id, severity`,
          [JSON.stringify(batch)],
        );
        for (const row of result.rows as Array<{
          rule_id: string;
          severity: string;
          count: string;
        }>) {
          newDetections.add(row.rule_id, row.severity, Number(row.count));
        }
      }
    });
    return inserted;
  }

  /**
   * SQLite: prepared statements on the driver's connection in one synchronous transaction.
   * knex writes multi-row SQLite inserts as 500-term compound SELECTs, four times slower.
   */
  private async insertSqlite(
    events: AuditEvent[],
    detections: DetectionRow[],
    newDetections: DetectionTally,
  ): Promise<number> {
    const connection: SqliteConnection =
      await this.db.client.acquireConnection();
    try {
      const statements = sqliteStatements(connection);
      return connection.transaction(() => {
        let inserted = 0;
        for (const event of events) {
          const row = toEventRow(event);
          const result = statements.event.run(
            ...EVENT_COLUMNS.map(column =>
              column === 'read_only' && row.read_only !== null
                ? Number(row.read_only)
                : row[column],
            ),
          );
          if (result.changes === 0) continue;
          inserted += 1;
          for (const resource of resourceRows(event)) {
            statements.resource.run(
              resource.resource_arn,
              resource.event_time,
              resource.event_id,
            );
          }
        }
        for (const detection of detections) {
          const { changes } = statements.detection.run(
            ...DETECTION_COLUMNS.map(column => detection[column]),
          );
          if (changes) {
            newDetections.add(detection.rule_id, detection.severity, changes);
          }
        }
        return inserted;
      })();
    } finally {
      await this.db.client.releaseConnection(connection);
    }
  }

  /**
   * The events matching a query. With a resource filter the query starts from the resource
   * index, whose (time, event id) columns then drive ordering and cursors: the newest events
   * of a busy resource come without sorting all of them.
   */
  private filtered(query: AuditEventQuery, scope?: EntityEventScope) {
    const key = query.resourceArn ? RESOURCES : EVENTS;
    const builder = this.db(EVENTS);
    const column = (name: string) => `${EVENTS}.${name}`;
    if (query.resourceArn) {
      builder
        .join(RESOURCES, `${RESOURCES}.event_id`, column('event_id'))
        .where(`${RESOURCES}.resource_arn`, query.resourceArn);
    }
    if (query.from) builder.where(`${key}.event_time`, '>=', query.from);
    if (query.to) builder.where(`${key}.event_time`, '<', query.to);
    if (query.actor) {
      // An ARN names the principal (the role, for sessions); anything else is a user,
      // session or service name.
      builder.where(
        column(query.actor.startsWith('arn:') ? 'actor_arn' : 'actor_name'),
        query.actor,
      );
    }
    if (query.eventName) builder.where(column('event_name'), query.eventName);
    if (query.eventSource) {
      builder.where(column('event_source'), query.eventSource);
    }
    if (query.accountId) builder.where(column('account_id'), query.accountId);
    if (query.region) builder.where(column('region'), query.region);
    if (query.errorCode) builder.where(column('error_code'), query.errorCode);
    if (query.hasError === true) builder.whereNotNull(column('error_code'));
    if (query.hasError === false) builder.whereNull(column('error_code'));
    if (query.readOnly !== undefined) {
      builder.where(column('read_only'), query.readOnly);
    }
    if (scope) {
      builder.where(q => {
        // An entity without AWS identifiers matches nothing, not everything.
        q.whereRaw('1 = 0');
        if (scope.accountIds.length) {
          q.orWhereIn(column('account_id'), scope.accountIds);
        }
        if (scope.arns.length) {
          q.orWhereIn(column('actor_arn'), scope.arns).orWhereIn(
            column('event_id'),
            this.db(RESOURCES)
              .select('event_id')
              .whereIn('resource_arn', scope.arns),
          );
        }
      });
    }
    if (query.cursor) {
      const { t, id } = decodeCursor(query.cursor);
      // The plain bound lets every (…, event_time) index range-scan; the row comparison
      // places the cursor exactly.
      builder
        .where(`${key}.event_time`, '<=', t)
        .whereRaw(`(${key}.event_time, ${key}.event_id) < (?, ?)`, [t, id]);
    }
    return { builder, key };
  }

  async searchEvents(
    query: AuditEventQuery,
    scope?: EntityEventScope,
  ): Promise<AuditEventPage> {
    const limit = pageSize(query.limit);
    const { builder, key } = this.filtered(query, scope);
    const rows: EventRow[] = await builder
      .select(`${EVENTS}.*`)
      .orderBy([
        { column: `${key}.event_time`, order: 'desc' },
        { column: `${key}.event_id`, order: 'desc' },
      ])
      .limit(limit + 1);
    const items = rows.slice(0, limit).map(fromEventRow);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit
          ? encodeCursor({ t: last.eventTime, id: last.eventId })
          : undefined,
    };
  }

  async countEvents(
    query: AuditEventQuery,
    interval: CountInterval,
  ): Promise<EventCountBucket[]> {
    // Inlined, not bound: Postgres only groups by an expression it can see is the same.
    const bucket = this.db.raw(
      `substr(${EVENTS}.event_time, 1, ${BUCKET_LENGTH[interval]})`,
    );
    const rows: Array<{
      bucket: string;
      count: string | number;
      errors: string | number;
    }> = await this.filtered(query)
      .builder.select({ bucket })
      .count({ count: '*' })
      .select(
        this.db.raw(
          'sum(case when error_code is null then 0 else 1 end) as errors',
        ),
      )
      .groupBy(bucket)
      .orderBy('bucket');
    return rows.map(row => ({
      time: `${row.bucket}${BUCKET_SUFFIX[interval]}`,
      count: Number(row.count),
      errorCount: Number(row.errors),
    }));
  }

  async listDetections(query: DetectionQuery): Promise<DetectionPage> {
    const limit = pageSize(query.limit);
    const builder = this.db<DetectionRow>(DETECTIONS)
      .select('*')
      .orderBy([
        { column: 'event_time', order: 'desc' },
        { column: 'event_id', order: 'desc' },
        { column: 'rule_id', order: 'asc' },
      ])
      .limit(limit + 1);
    if (query.from) builder.where('event_time', '>=', query.from);
    if (query.to) builder.where('event_time', '<', query.to);
    if (query.ruleId) builder.where('rule_id', query.ruleId);
    if (query.accountId) builder.where('account_id', query.accountId);
    if (query.severity) builder.where('severity', query.severity);
    if (query.cursor) {
      const { t, id, rule } = decodeCursor(query.cursor);
      builder.where('event_time', '<=', t).where(q =>
        q
          .where('event_time', '<', t)
          .orWhere(q2 => q2.where('event_time', t).where('event_id', '<', id))
          .orWhere(q3 =>
            q3
              .where('event_time', t)
              .where('event_id', id)
              .where('rule_id', '>', rule ?? ''),
          ),
      );
    }
    const rows: DetectionRow[] = await builder;
    const items = rows.slice(0, limit).map(fromDetectionRow);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit
        ? encodeCursor({
            t: last.eventTime,
            id: last.eventId,
            rule: last.ruleId,
          })
        : undefined;
    return { items, nextCursor };
  }

  async deleteEventsBefore(time: string): Promise<number> {
    let deleted = 0;
    await this.db.transaction(async tx => {
      const old = tx(EVENTS).select('event_id').where('event_time', '<', time);
      await tx(RESOURCES).whereIn('event_id', old).delete();
      await tx(DETECTIONS).where('event_time', '<', time).delete();
      deleted = await tx(EVENTS).where('event_time', '<', time).delete();
    });
    return deleted;
  }

  async getCheckpoint(key: string): Promise<string | undefined> {
    const row = await this.db(CHECKPOINTS)
      .where('checkpoint_key', key)
      .first('value');
    return row?.value;
  }

  async setCheckpoint(key: string, value: string): Promise<void> {
    await this.db(CHECKPOINTS)
      .insert({
        checkpoint_key: key,
        value,
        updated_at: new Date().toISOString(),
      })
      .onConflict('checkpoint_key')
      .merge(['value', 'updated_at']);
  }

  async deleteCheckpoint(key: string): Promise<void> {
    await this.db(CHECKPOINTS).where('checkpoint_key', key).delete();
  }

  async recordIngestRun(run: IngestRun): Promise<void> {
    await this.db(RUNS).insert({
      source: run.source,
      started_at: run.startedAt,
      finished_at: run.finishedAt ?? null,
      status: run.status,
      records: run.records,
      inserted: run.inserted,
      duplicates: run.duplicates,
      malformed: run.malformed,
      message: run.message ?? null,
    });
  }

  async latestIngestRuns(): Promise<IngestRun[]> {
    const latest = this.db(RUNS).max('id').groupBy('source');
    const rows = await this.db(RUNS).whereIn('id', latest).orderBy('source');
    return rows.map(row => ({
      source: row.source,
      startedAt: row.started_at,
      finishedAt: row.finished_at ?? undefined,
      status: row.status,
      records: row.records,
      inserted: row.inserted,
      duplicates: row.duplicates,
      malformed: row.malformed,
      message: row.message ?? undefined,
    }));
  }

  async lastIngestSuccesses(sources: string[]): Promise<LastIngestSuccess[]> {
    // One lookup per source on the partial index of successful runs (one range per source,
    // not a scan of the whole run history): this runs on every metrics scrape.
    const rows = await Promise.all(
      sources.map(source =>
        this.db(RUNS)
          .where('source', source)
          // As the index predicate reads: a bound value would not let the planners use it.
          .whereRaw("status <> 'failed'")
          .max({ finishedAt: 'finished_at' })
          .first(),
      ),
    );
    return sources.flatMap((source, i) =>
      rows[i]?.finishedAt ? [{ source, finishedAt: rows[i].finishedAt }] : [],
    );
  }
}
