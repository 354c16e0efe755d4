import { Meter, metrics } from '@opentelemetry/api';
import { IngestRun } from '@sparki/audit-trail-common';
import { AuditEventStore, InsertResult } from '../database/AuditEventStore';

/**
 * OpenTelemetry instruments of the audit trail (exported as Prometheus metrics by the backend's
 * metrics exporter, e.g. `audit_trail_detections_total`). Counters count what this replica
 * ingested; the last-success gauge reads the database, so every replica reports the same
 * time for every configured source, whichever replica ran the source's task.
 */
export class AuditTrailMetrics {
  private readonly detections;
  private readonly events;
  private readonly runs;
  private readonly failedObjects;
  /** The configured sources, whose last success the gauge reports. */
  private sources: string[] = [];

  constructor(
    store: Pick<AuditEventStore, 'lastIngestSuccesses'>,
    meter: Meter = metrics.getMeter('audit-trail'),
  ) {
    this.detections = meter.createCounter('audit_trail.detections', {
      description:
        'Detections of the CIS monitoring rules stored for the first time (re-read logs add none)',
    });
    this.events = meter.createCounter('audit_trail.events.ingested', {
      description: 'Audit events stored for the first time, by source',
    });
    this.runs = meter.createCounter('audit_trail.ingest.runs', {
      description:
        'Ingestion runs by source and outcome (ok: succeeded or partial; failed: stopped)',
    });
    this.failedObjects = meter.createCounter(
      'audit_trail.archive.failed_objects',
      {
        description:
          'Log objects of an archive that could not be ingested (retried on later runs up to the attempt limit)',
      },
    );
    meter
      .createObservableGauge('audit_trail.ingest.last_success', {
        description:
          'Unix time at which the last succeeded or partial ingestion run of a source finished',
        unit: 's',
      })
      .addCallback(async result => {
        for (const { source, finishedAt } of await store.lastIngestSuccesses(
          this.sources,
        )) {
          result.observe(Date.parse(finishedAt) / 1000, { source });
        }
      });
  }

  reportLastSuccessOf(sources: string[]) {
    this.sources = sources;
  }

  /** What one insert of a source stored for the first time. */
  recordStored(source: string, result: InsertResult) {
    if (result.inserted) this.events.add(result.inserted, { source });
    for (const { ruleId, severity, count } of result.newDetections) {
      this.detections.add(count, { rule_id: ruleId, severity });
    }
  }

  /** A run that returned (failed or not), or `failed` for one that threw. */
  recordRun(source: string, status: IngestRun['status']) {
    this.runs.add(1, {
      source,
      outcome: status === 'failed' ? 'failed' : 'ok',
    });
  }

  recordFailedObject(source: string) {
    this.failedObjects.add(1, { source });
  }
}
