import {
  AuditEvent,
  Detection,
  DetectionPage,
  DetectionQuery,
  IngestRun,
} from '@sparki/audit-trail-common';
import { EventQueryService } from './EventQueryService';

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

/** Storage of audit events, detections and ingestion progress. */
export interface AuditEventStore extends EventQueryService {
  /** Stores events not stored yet (by event id) with their detections. */
  insertEvents(
    events: AuditEvent[],
    detections: Detection[],
  ): Promise<InsertResult>;
  listDetections(query: DetectionQuery): Promise<DetectionPage>;
  /** Deletes events (and their detections) older than the time; returns how many. */
  deleteEventsBefore(time: string): Promise<number>;
  getCheckpoint(key: string): Promise<string | undefined>;
  setCheckpoint(key: string, value: string): Promise<void>;
  deleteCheckpoint(key: string): Promise<void>;
  recordIngestRun(run: IngestRun): Promise<void>;
  /** The latest run of every source. */
  latestIngestRuns(): Promise<IngestRun[]>;
}
