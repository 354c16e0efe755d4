import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AuditEvent,
  AuditEventQuery,
  csvRow,
  ExportFormat,
} from '@sparki/audit-trail-common';
import { Writable } from 'node:stream';
import { EventQueryService } from '../database/EventQueryService';

const EXPORT_PAGE = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How much one export may take out. */
export interface ExportLimits {
  /** Longest `from`–`to` window; without `from`, the export covers this many days before `to`. */
  maxWindowDays: number;
  /** Most events in one export; larger ones are refused before anything is written. */
  maxRows: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportLimits = {
  maxWindowDays: 31,
  maxRows: 100_000,
};

/** `auditTrail.export`: positive whole numbers, defaults where unset. */
export function readExportLimits(config: Config): ExportLimits {
  const limit = (key: keyof ExportLimits) => {
    const value =
      config.getOptionalNumber(`auditTrail.export.${key}`) ??
      DEFAULT_EXPORT_LIMITS[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `auditTrail.export.${key} must be a whole number >= 1, got ${value}`,
      );
    }
    return value;
  };
  return { maxWindowDays: limit('maxWindowDays'), maxRows: limit('maxRows') };
}

/** Why an export was refused: recorded with its auditor event. */
export type ExportRefusal =
  | 'unauthenticated'
  | 'permission-denied'
  | 'invalid-query'
  | 'window-too-large'
  | 'too-many-rows';

/** An export the limits do not allow: a 400 naming the limit. */
export class ExportRefusedError extends InputError {
  constructor(readonly reason: ExportRefusal, message: string) {
    super(message);
  }
}

/** The refusal an error before the export started stands for. */
export function refusalOf(error: unknown): ExportRefusal | undefined {
  if (error instanceof ExportRefusedError) return error.reason;
  switch ((error as Error)?.name) {
    case 'AuthenticationError':
      return 'unauthenticated';
    case 'NotAllowedError':
      return 'permission-denied';
    case 'InputError':
      return 'invalid-query';
    default:
      return undefined;
  }
}

export function parseExportFormat(value: unknown): ExportFormat {
  if (value === undefined) return 'ndjson';
  if (value === 'csv' || value === 'ndjson') return value;
  throw new InputError('format must be csv or ndjson');
}

const CSV_COLUMNS: Array<[string, (event: AuditEvent) => unknown]> = [
  ['eventId', e => e.eventId],
  ['eventTime', e => e.eventTime],
  ['eventSource', e => e.eventSource],
  ['eventName', e => e.eventName],
  ['accountId', e => e.accountId],
  ['region', e => e.region],
  ['actorType', e => e.actorType],
  ['actorArn', e => e.actorArn],
  ['actorName', e => e.actorName],
  ['sourceIp', e => e.sourceIp],
  ['userAgent', e => e.userAgent],
  ['errorCode', e => e.errorCode],
  ['errorMessage', e => e.errorMessage],
  ['readOnly', e => e.readOnly],
  ['resources', e => e.resources.map(r => r.arn).join(' ')],
];

export function csvHeader(): string {
  return csvRow(CSV_COLUMNS.map(([name]) => name));
}

export function csvLine(event: AuditEvent): string {
  return csvRow(CSV_COLUMNS.map(([, get]) => get(event)));
}

/** An export within the limits: its window and how many events it matched when planned. */
export interface ExportPlan {
  query: AuditEventQuery & { from: string; to: string };
  rows: number;
}

/** Resolves once the destination can take more, or has gone away. */
function drained(out: Writable): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/**
 * Exports events within limits: a bounded time window and a row limit checked before the
 * first byte, then streamed page by page with backpressure, never held in memory whole.
 */
export class EventExporter {
  constructor(
    private readonly events: EventQueryService,
    private readonly limits: ExportLimits = DEFAULT_EXPORT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Bounds the query's window and counts it; refuses what exceeds the limits. */
  async plan(query: AuditEventQuery): Promise<ExportPlan> {
    const { maxWindowDays, maxRows } = this.limits;
    const to = query.to ?? new Date(this.now()).toISOString();
    const from =
      query.from ??
      new Date(Date.parse(to) - maxWindowDays * DAY_MS).toISOString();
    if (from >= to) throw new InputError('from must be before to');
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
    if (days > maxWindowDays) {
      throw new ExportRefusedError(
        'window-too-large',
        `An export covers at most ${maxWindowDays} days; ${from} to ${to} is ${Math.ceil(
          days,
        )} days: narrow it with from and to`,
      );
    }
    const bounded = { ...query, from, to };
    const buckets = await this.events.countEvents(bounded, 'day');
    const rows = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    if (rows > maxRows) {
      throw new ExportRefusedError(
        'too-many-rows',
        `An export holds at most ${maxRows} events; this one matches ${rows}: narrow the filters or the window`,
      );
    }
    return { query: bounded, rows };
  }

  /**
   * Writes the planned events, honouring backpressure, and stops when the destination goes
   * away. Returns how many were written. Events ingested since the plan cannot push it past
   * the row limit: it fails rather than end a truncated file as if it were complete.
   */
  async write(
    plan: ExportPlan,
    format: ExportFormat,
    out: Writable,
  ): Promise<number> {
    const write = async (chunk: string) => {
      if (!out.write(chunk)) await drained(out);
    };
    // The header goes out with the first page: if that page fails, nothing was sent and
    // the caller can still answer with an error status.
    let header = format === 'csv' ? csvHeader() : '';
    let written = 0;
    let cursor: string | undefined = undefined;
    do {
      const page = await this.events.searchEvents({
        ...plan.query,
        cursor,
        limit: EXPORT_PAGE,
      });
      if (written + page.items.length > this.limits.maxRows) {
        throw new Error(
          `More than ${this.limits.maxRows} events matched while exporting`,
        );
      }
      const body = page.items
        .map(event =>
          format === 'csv' ? csvLine(event) : `${JSON.stringify(event)}\n`,
        )
        .join('');
      if (out.destroyed) break;
      await write(header + body);
      header = '';
      written += page.items.length;
      cursor = page.nextCursor;
    } while (cursor && !out.destroyed);
    out.end();
    return written;
  }
}
