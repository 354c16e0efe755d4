import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { createTestDatabases } from '@sparki/test-databases';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { KnexAuditEventStore } from '../database/KnexAuditEventStore';
import { RecordIngester } from '../ingest/RecordIngester';
import { ArchiveIngester } from '../sources/ArchiveIngester';
import { LocalDirectoryArchive } from '../sources/LocalDirectoryArchive';
import { AuditTrailMetrics } from './metrics';

jest.setTimeout(60_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

/** Collects on demand, as the Prometheus exporter does on a scrape. */
class CollectingReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

/** `name` → data points as `{ attributes, value }`. */
async function collect(reader: MetricReader) {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return new Map(
    resourceMetrics.scopeMetrics.flatMap(scope =>
      scope.metrics.map(metric => [
        metric.descriptor.name,
        metric.dataPoints.map(point => ({
          attributes: point.attributes,
          value: point.value,
        })),
      ]),
    ),
  );
}

function record(id: string, eventName: string) {
  return {
    eventVersion: '1.11',
    eventID: id,
    eventTime: '2026-11-20T10:00:00Z',
    eventName,
    eventSource: 'cloudtrail.amazonaws.com',
    awsRegion: 'eu-west-1',
    recipientAccountId: '111111111111',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111111111111:user/alice',
      userName: 'alice',
    },
  };
}

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const store = await KnexAuditEventStore.create({
    database: { getClient: async () => knex },
  });
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  const metrics = new AuditTrailMetrics(
    store,
    provider.getMeter('audit-trail'),
  );
  return { knex, store, reader, metrics };
}

describe.each(databases.eachSupportedId())(
  'AuditTrailMetrics on %p',
  databaseId => {
    it('counts stored events per source and only new detections by rule and severity', async () => {
      const { store, reader, metrics } = await setup(databaseId);
      const ingester = new RecordIngester(store, {
        source: 'local:/logs',
        metrics,
      });
      const records = [
        record('e1', 'StopLogging'),
        record('e2', 'DescribeTrails'),
      ];
      await ingester.ingest(records);
      // The same records again (a re-read log object) and one new detection.
      await ingester.ingest([...records, record('e3', 'DeleteTrail')]);

      const collected = await collect(reader);
      expect(collected.get('audit_trail.events.ingested')).toEqual([
        { attributes: { source: 'local:/logs' }, value: 3 },
      ]);
      expect(collected.get('audit_trail.detections')).toEqual([
        {
          attributes: {
            rule_id: 'cloudtrail-config-changes',
            severity: 'critical',
          },
          value: 2,
        },
      ]);
    });

    it('counts failed log objects and run outcomes', async () => {
      const { store, reader, metrics } = await setup(databaseId);
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-logs-'));
      const day = path.join(
        directory,
        'AWSLogs/111111111111/CloudTrail/eu-west-1/2026/11/20',
      );
      fs.mkdirSync(day, { recursive: true });
      const name = (suffix: string) =>
        path.join(
          day,
          `111111111111_CloudTrail_eu-west-1_20261120T1000Z_${suffix}.json.gz`,
        );
      fs.writeFileSync(
        name('good'),
        gzipSync(JSON.stringify({ Records: [record('e1', 'StopLogging')] })),
      );
      // Cut short: not valid gzip, so the object fails.
      fs.writeFileSync(
        name('bad'),
        gzipSync(JSON.stringify({ Records: [] })).subarray(0, 12),
      );
      const archive = new LocalDirectoryArchive(directory);
      const ingester = new ArchiveIngester(
        archive,
        store,
        mockServices.logger.mock(),
        { metrics },
      );

      const run = await ingester.run();
      expect(run.status).toBe('partial');
      metrics.recordRun(ingester.source, run.status);
      metrics.recordRun(ingester.source, 'failed');
      metrics.recordRun(ingester.source, 'succeeded');

      const collected = await collect(reader);
      expect(collected.get('audit_trail.archive.failed_objects')).toEqual([
        { attributes: { source: archive.name }, value: 1 },
      ]);
      expect(collected.get('audit_trail.ingest.runs')).toEqual(
        expect.arrayContaining([
          { attributes: { source: archive.name, outcome: 'ok' }, value: 2 },
          { attributes: { source: archive.name, outcome: 'failed' }, value: 1 },
        ]),
      );
      expect(collected.get('audit_trail.events.ingested')).toEqual([
        { attributes: { source: archive.name }, value: 1 },
      ]);
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('reports the last successful run of each configured source from the database, on every replica', async () => {
      const { knex, store, reader, metrics } = await setup(databaseId);
      // A second replica: its own store and meter, the same database.
      const otherReader = new CollectingReader();
      const otherReplica = new AuditTrailMetrics(
        await KnexAuditEventStore.create({
          database: { getClient: async () => knex },
        }),
        new MeterProvider({ readers: [otherReader] }).getMeter('audit-trail'),
      );
      const sources = ['local:/logs', 'lookup-events:111111111111:eu-west-1'];
      metrics.reportLastSuccessOf(sources);
      otherReplica.reportLastSuccessOf(sources);

      const run = (finishedAt: string, status: 'succeeded' | 'failed') =>
        store.recordIngestRun({
          source: 'local:/logs',
          startedAt: finishedAt,
          finishedAt,
          status,
          records: 0,
          inserted: 0,
          duplicates: 0,
          malformed: 0,
        });
      await run('2026-11-20T10:00:00.000Z', 'succeeded');
      await run('2026-11-20T10:05:00.000Z', 'failed');

      const expected = [
        {
          attributes: { source: 'local:/logs' },
          value: Date.parse('2026-11-20T10:00:00.000Z') / 1000,
        },
      ];
      expect(
        (await collect(reader)).get('audit_trail.ingest.last_success'),
      ).toEqual(expected);
      expect(
        (await collect(otherReader)).get('audit_trail.ingest.last_success'),
      ).toEqual(expected);
    });
  },
);
