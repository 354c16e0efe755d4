import {
  AuditEvent,
  Detection,
  detect,
  normalizeRecord,
} from '@sparki/audit-trail-common';
import { AuditEventStore } from '../database/AuditEventStore';
import { AuditTrailMetrics } from '../service/metrics';

export interface IngestStats {
  records: number;
  inserted: number;
  duplicates: number;
  malformed: number;
  /** The first reasons records were rejected, for the run report. */
  errors: string[];
}

const MAX_REPORTED_ERRORS = 20;

export function emptyStats(): IngestStats {
  return { records: 0, inserted: 0, duplicates: 0, malformed: 0, errors: [] };
}

export function addStats(total: IngestStats, part: IngestStats): void {
  total.records += part.records;
  total.inserted += part.inserted;
  total.duplicates += part.duplicates;
  total.malformed += part.malformed;
  for (const error of part.errors) {
    if (total.errors.length < MAX_REPORTED_ERRORS) total.errors.push(error);
  }
}

/** Normalizes raw records, runs the detection rules and stores both. */
export class RecordIngester {
  constructor(
    private readonly store: AuditEventStore,
    /** Where stored events and new detections are counted, for the source they came from. */
    private readonly metered?: { source: string; metrics: AuditTrailMetrics },
  ) {}

  async ingest(records: unknown[]): Promise<IngestStats> {
    const stats = emptyStats();
    const events: AuditEvent[] = [];
    const detections: Detection[] = [];
    for (const record of records) {
      stats.records += 1;
      const result = normalizeRecord(record);
      if (!result.ok) {
        stats.malformed += 1;
        if (stats.errors.length < MAX_REPORTED_ERRORS) {
          stats.errors.push(result.reason);
        }
        continue;
      }
      events.push(result.event);
      detections.push(...detect(result.event));
    }
    const result = await this.store.insertEvents(events, detections);
    this.metered?.metrics.recordStored(this.metered.source, result);
    stats.inserted = result.inserted;
    stats.duplicates = result.duplicates;
    return stats;
  }
}
