import {
  AuditEvent,
  AuditEventPage,
  AuditEventQuery,
} from '@sparki/audit-trail-common';
import { Writable } from 'node:stream';
import { auditEvent } from '../__testUtils__/events';
import { EventQueryService } from '../database/EventQueryService';
import { csvLine, EventExporter } from './exportEvents';

/** Events newest first with integer cursors, and day counts of all of them. */
function fakeEvents(events: AuditEvent[]) {
  const searches: AuditEventQuery[] = [];
  const service: EventQueryService = {
    async searchEvents(query): Promise<AuditEventPage> {
      searches.push(query);
      const start = Number(query.cursor ?? 0);
      const end = start + (query.limit ?? 100);
      return {
        items: events.slice(start, end),
        nextCursor: end < events.length ? String(end) : undefined,
      };
    },
    async countEvents() {
      return [
        {
          time: '2026-11-01T00:00:00.000Z',
          count: events.length,
          errorCount: 0,
        },
      ];
    },
  };
  return { service, searches };
}

/** A destination that takes one chunk at a time, asynchronously. */
function slowSink() {
  const chunks: string[] = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      setImmediate(callback);
    },
  });
  return { sink, text: () => chunks.join('') };
}

const window = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-02T00:00:00.000Z',
};
const now = () => Date.parse('2026-12-01T00:00:00.000Z');

describe('CSV lines', () => {
  it('writes events as rows of quoted cells', () => {
    const event = auditEvent(1, { userAgent: '=cmd()' });
    const line = csvLine(event);
    expect(line).toMatch(/^"evt-000000001","2026-11-01T00:00:01.000Z",/);
    expect(line).toContain(`"'=cmd()"`);
  });
});

describe('EventExporter', () => {
  it('bounds an export without from to the window before to (default now)', async () => {
    const { service } = fakeEvents([]);
    const exporter = new EventExporter(
      service,
      { maxWindowDays: 31, maxRows: 10 },
      now,
    );
    expect((await exporter.plan({ eventName: 'StopLogging' })).query).toEqual({
      eventName: 'StopLogging',
      from: '2026-10-31T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });

  it('refuses windows and results beyond the limits', async () => {
    const { service } = fakeEvents(
      Array.from({ length: 11 }, (_, i) => auditEvent(i)),
    );
    const exporter = new EventExporter(
      service,
      { maxWindowDays: 31, maxRows: 10 },
      now,
    );
    await expect(
      exporter.plan({ from: '2026-01-01T00:00:00.000Z' }),
    ).rejects.toMatchObject({
      name: 'InputError',
      reason: 'window-too-large',
      message: expect.stringMatching(/at most 31 days/),
    });
    await expect(exporter.plan(window)).rejects.toMatchObject({
      reason: 'too-many-rows',
      message: expect.stringMatching(/at most 10 events; this one matches 11/),
    });
    await expect(
      exporter.plan({ from: '2026-12-05T00:00:00.000Z' }),
    ).rejects.toThrow('from must be before to');
  });

  it('streams page by page with backpressure', async () => {
    const events = Array.from({ length: 2500 }, (_, i) => auditEvent(i));
    const { service, searches } = fakeEvents(events);
    const exporter = new EventExporter(service, {
      maxWindowDays: 31,
      maxRows: 2500,
    });
    const { sink, text } = slowSink();
    const plan = await exporter.plan(window);
    expect(await exporter.write(plan, 'ndjson', sink)).toBe(2500);
    expect(searches.map(s => [s.limit, s.cursor, s.from])).toEqual([
      [1000, undefined, window.from],
      [1000, '1000', window.from],
      [1000, '2000', window.from],
    ]);
    const lines = text().trim().split('\n');
    expect(lines.map(line => JSON.parse(line).eventId)).toEqual(
      events.map(e => e.eventId),
    );
  });

  it('stops when the destination goes away while it waits for it to drain', async () => {
    const { service, searches } = fakeEvents(
      Array.from({ length: 2500 }, (_, i) => auditEvent(i)),
    );
    const exporter = new EventExporter(service, {
      maxWindowDays: 31,
      maxRows: 2500,
    });
    const sink = new Writable({
      highWaterMark: 1,
      // Never acknowledges: the client stopped reading, then disconnects.
      write() {
        setImmediate(() => sink.destroy());
      },
    });
    const plan = await exporter.plan(window);
    expect(await exporter.write(plan, 'csv', sink)).toBe(1000);
    expect(searches).toHaveLength(1);
  });

  it('fails rather than truncate when more events match than when it was planned', async () => {
    const events = Array.from({ length: 5 }, (_, i) => auditEvent(i));
    const { service } = fakeEvents(events);
    const exporter = new EventExporter(service, {
      maxWindowDays: 31,
      maxRows: 5,
    });
    const plan = await exporter.plan(window);
    events.push(auditEvent(5));
    const { sink } = slowSink();
    await expect(exporter.write(plan, 'csv', sink)).rejects.toThrow(
      'More than 5 events matched while exporting',
    );
  });
});
