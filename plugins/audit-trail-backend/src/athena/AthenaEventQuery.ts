import {
  AthenaClient,
  GetQueryExecutionCommand,
  paginateGetQueryResults,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  AuditEventPage,
  AuditEventQuery,
  CountInterval,
  EntityEventScope,
  EventCountBucket,
  normalizeRecord,
} from '@sparki/audit-trail-common';
import { EventQueryService } from '../database/EventQueryService';
import {
  decodeCursor,
  encodeCursor,
  pageSize,
} from '../database/KnexAuditEventStore';
import { Clock, systemClock } from '../sources/lookup/clock';

export interface AthenaEventQueryOptions {
  client: AthenaClient;
  database: string;
  /** The CloudTrail table created with the DDL of the CloudTrail user guide. */
  table: string;
  workGroup?: string;
  outputLocation?: string;
  /**
   * The table is partitioned by delivery day in a `timestamp` column (`yyyy/MM/dd`, partition
   * projection as in the CloudTrail user guide): time filters then prune partitions.
   */
  timestampPartition?: boolean;
  clock?: Clock;
  /** Gives up on a query after this long. Default 60 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const BUCKET_LENGTH: Record<CountInterval, number> = { hour: 13, day: 10 };
const BUCKET_SUFFIX: Record<CountInterval, string> = {
  hour: ':00:00.000Z',
  day: 'T00:00:00.000Z',
};

/** The columns of the CloudTrail table that make up an event. */
const EVENT_COLUMNS = `eventid, eventtime, eventname, eventsource, recipientaccountid, awsregion,
  useridentity.type, useridentity.arn, useridentity.accountid, useridentity.username,
  useridentity.invokedby, useridentity.sessioncontext.sessionissuer.arn,
  useridentity.sessioncontext.sessionissuer.username, sourceipaddress, useragent, errorcode,
  errormessage, readonly, eventtype, eventversion, additionaleventdata, responseelements,
  json_format(cast(resources as json))`;

/** Athena string literal (values go in as ExecutionParameters, never into the query text). */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** CloudTrail writes `eventTime` with second precision: `2026-11-20T10:15:00Z`. */
function cloudTrailTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `yyyy/MM/dd` partition value of a time, `daysLater` days on. */
function partitionDay(iso: string, daysLater: number): string {
  const date = new Date(iso);
  date.setUTCDate(date.getUTCDate() + daysLater);
  return date.toISOString().slice(0, 10).replace(/-/g, '/');
}

function parseJson(value: string | undefined): any {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Event search and counts pushed down to Athena over the CloudTrail S3 archive, for
 * organizations whose history is too large for the plugin database. Same query model,
 * same cursors as the database.
 */
export class AthenaEventQuery implements EventQueryService {
  private readonly clock: Clock;

  constructor(private readonly options: AthenaEventQueryOptions) {
    this.clock = options.clock ?? systemClock;
  }

  private where(query: AuditEventQuery, scope?: EntityEventScope) {
    const conditions: string[] = [];
    const parameters: string[] = [];
    const add = (condition: string, ...values: string[]) => {
      conditions.push(condition);
      parameters.push(...values.map(literal));
    };
    if (query.from) add('eventtime >= ?', cloudTrailTime(query.from));
    if (query.to) add('eventtime < ?', cloudTrailTime(query.to));
    if (this.options.timestampPartition) {
      // Files are delivered minutes after their events: their day folder is the event's
      // day or the next one.
      if (query.from) add('"timestamp" >= ?', partitionDay(query.from, 0));
      if (query.to) add('"timestamp" <= ?', partitionDay(query.to, 1));
    }
    if (query.actor?.startsWith('arn:')) {
      add(
        '(useridentity.sessioncontext.sessionissuer.arn = ? OR useridentity.arn = ?)',
        query.actor,
        query.actor,
      );
    } else if (query.actor) {
      add(
        "(useridentity.username = ? OR element_at(split(useridentity.arn, '/'), -1) = ? OR useridentity.invokedby = ?)",
        query.actor,
        query.actor,
        query.actor,
      );
    }
    if (query.eventName) add('eventname = ?', query.eventName);
    if (query.eventSource) add('eventsource = ?', query.eventSource);
    if (query.accountId) add('recipientaccountid = ?', query.accountId);
    if (query.region) add('awsregion = ?', query.region);
    if (query.errorCode) add('errorcode = ?', query.errorCode);
    if (query.hasError === true) conditions.push('errorcode IS NOT NULL');
    if (query.hasError === false) conditions.push('errorcode IS NULL');
    if (query.readOnly !== undefined)
      add('readonly = ?', String(query.readOnly));
    if (query.resourceArn) {
      add('any_match(resources, r -> r.arn = ?)', query.resourceArn);
    }
    if (scope) {
      const alternatives: string[] = [];
      for (const accountId of scope.accountIds) {
        alternatives.push('recipientaccountid = ?');
        parameters.push(literal(accountId));
      }
      for (const arn of scope.arns) {
        alternatives.push(
          '(useridentity.sessioncontext.sessionissuer.arn = ? OR useridentity.arn = ? OR any_match(resources, r -> r.arn = ?))',
        );
        parameters.push(literal(arn), literal(arn), literal(arn));
      }
      conditions.push(
        alternatives.length ? `(${alternatives.join(' OR ')})` : 'false',
      );
    }
    if (query.cursor) {
      const { t, id } = decodeCursor(query.cursor);
      if (this.options.timestampPartition) {
        add('"timestamp" <= ?', partitionDay(t, 1));
      }
      add(
        '(eventtime < ? OR (eventtime = ? AND eventid < ?))',
        cloudTrailTime(t),
        cloudTrailTime(t),
        id,
      );
    }
    return {
      clause: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
      parameters,
    };
  }

  async searchEvents(
    query: AuditEventQuery,
    scope?: EntityEventScope,
  ): Promise<AuditEventPage> {
    const limit = pageSize(query.limit);
    const { clause, parameters } = this.where(query, scope);
    const rows = await this.run(
      `SELECT ${EVENT_COLUMNS} FROM ${this.tableName()} ${clause} ` +
        `ORDER BY eventtime DESC, eventid DESC LIMIT ${limit + 1}`,
      parameters,
    );
    const items = rows.slice(0, limit).flatMap(row => {
      const result = normalizeRecord(this.toRecord(row));
      return result.ok ? [result.event] : [];
    });
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ t: last.eventTime, id: last.eventId })
          : undefined,
    };
  }

  async countEvents(
    query: AuditEventQuery,
    interval: CountInterval,
  ): Promise<EventCountBucket[]> {
    const { clause, parameters } = this.where(query);
    const rows = await this.run(
      `SELECT substr(eventtime, 1, ${BUCKET_LENGTH[interval]}) AS bucket, count(*), count(errorcode) ` +
        `FROM ${this.tableName()} ${clause} GROUP BY 1 ORDER BY 1`,
      parameters,
    );
    return rows.map(([bucket, count, errors]) => ({
      time: `${bucket}${BUCKET_SUFFIX[interval]}`,
      count: Number(count),
      errorCount: Number(errors),
    }));
  }

  private tableName(): string {
    const identifier = /^[A-Za-z0-9_]+$/;
    const { database, table } = this.options;
    if (!identifier.test(database) || !identifier.test(table)) {
      throw new InputError(
        'Athena database and table names must be plain identifiers',
      );
    }
    return `"${database}"."${table}"`;
  }

  private toRecord(row: Array<string | undefined>): Record<string, unknown> {
    const [
      eventID,
      eventTime,
      eventName,
      eventSource,
      recipientAccountId,
      awsRegion,
      type,
      arn,
      accountId,
      userName,
      invokedBy,
      issuerArn,
      issuerName,
      sourceIPAddress,
      userAgent,
      errorCode,
      errorMessage,
      readOnly,
      eventType,
      eventVersion,
      additionalEventData,
      responseElements,
      resources,
    ] = row;
    return {
      eventVersion,
      eventID,
      eventTime,
      eventName,
      eventSource,
      eventType,
      recipientAccountId,
      awsRegion,
      sourceIPAddress,
      userAgent,
      errorCode,
      errorMessage,
      readOnly: readOnly === undefined ? undefined : readOnly === 'true',
      userIdentity: {
        type,
        arn,
        accountId,
        userName,
        invokedBy,
        ...(issuerArn
          ? {
              sessionContext: {
                sessionIssuer: { arn: issuerArn, userName: issuerName },
              },
            }
          : {}),
      },
      additionalEventData: parseJson(additionalEventData),
      responseElements: parseJson(responseElements),
      resources: (parseJson(resources) ?? []).map(
        (r: Record<string, string>) => ({
          ARN: r.arn,
          accountId: r.accountid,
          type: r.type,
        }),
      ),
    };
  }

  /** Best effort: the error that made the query unwanted is the one to report. */
  private async stop(queryExecutionId: string | undefined): Promise<void> {
    try {
      await this.options.client.send(
        new StopQueryExecutionCommand({ QueryExecutionId: queryExecutionId }),
      );
    } catch {
      // The query ends with its timeout in the work group at the latest.
    }
  }

  /** Runs a query to completion and returns its rows without the header. */
  private async run(
    queryString: string,
    parameters: string[],
  ): Promise<Array<Array<string | undefined>>> {
    const { client, database, workGroup, outputLocation } = this.options;
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({
        QueryString: queryString,
        QueryExecutionContext: { Database: database },
        WorkGroup: workGroup,
        ResultConfiguration: outputLocation
          ? { OutputLocation: outputLocation }
          : undefined,
        ExecutionParameters: parameters.length ? parameters : undefined,
      }),
    );
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = this.clock.now() + timeoutMs;
    let ended = false;
    try {
      for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
        const { QueryExecution } = await client.send(
          new GetQueryExecutionCommand({ QueryExecutionId }),
        );
        const state = QueryExecution?.Status?.State;
        if (state === 'SUCCEEDED') break;
        if (state === 'FAILED' || state === 'CANCELLED') {
          ended = true;
          throw new Error(
            `Athena query ${QueryExecutionId} ${state}: ${
              QueryExecution?.Status?.StateChangeReason ?? ''
            }`,
          );
        }
        if (this.clock.now() >= deadline) {
          throw new ServiceUnavailableError(
            `Athena query ${QueryExecutionId} did not finish in ${
              timeoutMs / 1000
            } s; it was stopped`,
          );
        }
        await this.clock.sleep(delay);
      }
    } catch (error) {
      // Nobody waits for it any more: stop it rather than let it scan (and bill) on.
      if (!ended) await this.stop(QueryExecutionId);
      throw error;
    }
    const rows: Array<Array<string | undefined>> = [];
    for await (const page of paginateGetQueryResults(
      { client },
      { QueryExecutionId },
    )) {
      for (const row of page.ResultSet?.Rows ?? []) {
        rows.push((row.Data ?? []).map(datum => datum.VarCharValue));
      }
    }
    return rows.slice(1);
  }
}
