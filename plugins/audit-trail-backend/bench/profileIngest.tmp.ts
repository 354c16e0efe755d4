import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { detect, normalizeRecord } from '@sparki/audit-trail-common';
import { auditEvent } from '../src/__testUtils__/events';
import { KnexAuditEventStore, toEventRow } from '../src/database/KnexAuditEventStore';
import { RecordIngester } from '../src/ingest/RecordIngester';

async function main() {
  const N = 100_000;
  const raw = Array.from({ length: N }, (_, i) => auditEvent(i).raw);
  const t = (label: string, fn: () => void) => {
    const c = process.cpuUsage(); const s = performance.now(); fn();
    const u = process.cpuUsage(c);
    console.log(label, ((performance.now() - s)).toFixed(0), 'ms wall', ((u.user + u.system) / 1000).toFixed(0), 'ms cpu');
  };
  let events: any[] = [];
  t('normalize', () => { events = raw.map(r => (normalizeRecord(r) as any).event); });
  t('detect', () => { for (const e of events) detect(e); });
  t('toEventRow', () => { for (const e of events) toEventRow(e); });
  t('stringify raw', () => { for (const e of events) JSON.stringify(e.raw); });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const sqlite = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'a.sqlite') }, useNullAsDefault: true });
  const store = await KnexAuditEventStore.create({ database: { getClient: async () => sqlite } });
  const ingester = new RecordIngester(store);
  const mode = process.env.MODE;
  if (mode) { const conn0: any = await sqlite.client.acquireConnection(); for (const p of mode.split(',')) conn0.pragma(p); await sqlite.client.releaseConnection(conn0); }
  const c = process.cpuUsage(); const s = performance.now();
  for (let i = 0; i < N; i += 5000) await ingester.ingest(raw.slice(i, i + 5000));
  const u = process.cpuUsage(c);
  const wall = (performance.now() - s) / 1000;
  console.log('ingest', Math.round(N / wall), 'rows/s wall', Math.round(N / ((u.user + u.system) / 1e6)), 'rows/cpu-s');
  const conn: any = await sqlite.client.acquireConnection();
  console.log('journal', conn.pragma('journal_mode', { simple: true }), 'sync', conn.pragma('synchronous', { simple: true }));
  await sqlite.client.releaseConnection(conn);
  await sqlite.destroy();
  fs.rmSync(dir, { recursive: true });
}
main();
