import {
  AuditEvent,
  Detection,
  DetectionPage,
  DetectionQuery,
  IngestRun,
  Severity,
} from '@sparki/audit-trail-common';
import { EventQueryService } from './EventQueryService';

/** Detections of one rule and severity that an insert stored for the first time. */
export interface NewDetectionCount {
  ruleId: string;
  severity: Severity;
  count: number;
}

export interface InsertResult {
  inserted: number;
  duplicates: number;
  /** Only detections not stored before (a re-read log object adds none). */
  newDetections: NewDetectionCount[];
}

/** When a source last finished a run that was not `failed`. */
export interface LastIngestSuccess {
  source: string;
  finishedAt: string;
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
  /** The latest succeeded or partial run of each of the sources that had one. */
  lastIngestSuccesses(sources: string[]): Promise<LastIngestSuccess[]>;
}
