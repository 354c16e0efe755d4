import {
  AuditEvent,
  AuditEventQuery,
  ExportFormat,
} from '@sparki/audit-trail-common';
import { Response } from 'express';
import { once } from 'node:events';
import { EventQueryService } from '../database/EventQueryService';

const EXPORT_PAGE = 1000;

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

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  // Spreadsheets run cells starting with these as formulas; user agents and error messages
  // are attacker-controlled.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.map(([name]) => name).join(',')}\n`;
}

export function csvLine(event: AuditEvent): string {
  return `${CSV_COLUMNS.map(([, get]) => csvCell(get(event))).join(',')}\n`;
}

/**
 * Streams every event matching the query, page by page, honouring backpressure; stops when
 * the client goes away. Returns the number of events written.
 */
export async function streamExport(
  events: EventQueryService,
  query: AuditEventQuery,
  format: ExportFormat,
  res: Response,
): Promise<number> {
  res.status(200);
  res.setHeader(
    'Content-Type',
    format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
  );
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="audit-events.${format}"`,
  );
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await once(res, 'drain');
  };
  if (format === 'csv') await write(csvHeader());
  let written = 0;
  let cursor: string | undefined = undefined;
  do {
    const page = await events.searchEvents({
      ...query,
      cursor,
      limit: EXPORT_PAGE,
    });
    const body = page.items
      .map(event =>
        format === 'csv' ? csvLine(event) : `${JSON.stringify(event)}\n`,
      )
      .join('');
    if (res.destroyed) break;
    await write(body);
    written += page.items.length;
    cursor = page.nextCursor;
  } while (cursor && !res.destroyed);
  res.end();
  return written;
}
