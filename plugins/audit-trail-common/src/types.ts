/**
 * A CloudTrail record as CloudTrail writes it (S3 log files, LookupEvents' `CloudTrailEvent`).
 * Only the fields the portal reads are typed; everything else is kept in the raw record.
 */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  eventType?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  userIdentity?: CloudTrailUserIdentity;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  resources?: Array<{ ARN?: string; accountId?: string; type?: string }>;
  [field: string]: unknown;
}

/** The `userIdentity` element of a CloudTrail record. */
export interface CloudTrailUserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: {
      type?: string;
      principalId?: string;
      arn?: string;
      accountId?: string;
      userName?: string;
    };
    attributes?: { mfaAuthenticated?: string; creationDate?: string };
  };
  [field: string]: unknown;
}

/** An event as the portal stores and serves it: normalized columns plus the raw record. */
export interface AuditEvent {
  eventId: string;
  /** ISO 8601, UTC, millisecond precision (`Date.toISOString()`), so it sorts as text. */
  eventTime: string;
  eventName: string;
  eventSource: string;
  accountId: string;
  region: string;
  actorArn?: string;
  actorType?: string;
  actorName?: string;
  sourceIp?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  resources: AuditEventResource[];
  raw: CloudTrailRecord;
}

export interface AuditEventResource {
  arn: string;
  type?: string;
}

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Metadata of a detection rule; one rule per file under `rules/`. */
export interface DetectionRuleMetadata {
  id: string;
  title: string;
  /** CIS Amazon Web Services Foundations Benchmark v3.0.0 control id, e.g. `4.3`. */
  cisControlId: string;
  /** The matching AWS Security Hub control, when Security Hub has one. */
  securityHubControlId?: string;
  severity: Severity;
  runbookId: string;
  /** The benchmark's CloudWatch Logs metric filter pattern this rule implements. */
  metricFilterPattern: string;
}

export interface DetectionRule extends DetectionRuleMetadata {
  /** Pure: true when the record would increment the benchmark's metric filter. */
  matches(record: CloudTrailRecord): boolean;
}

export interface Detection {
  eventId: string;
  ruleId: string;
  cisControlId: string;
  severity: Severity;
  eventTime: string;
  accountId: string;
  region: string;
  eventName: string;
  actorArn?: string;
}

/** Query of the event search API. Times are ISO 8601. */
export interface AuditEventQuery {
  from?: string;
  to?: string;
  /** An ARN (the principal; the role for assumed-role sessions) or a user, session or service name. */
  actor?: string;
  eventName?: string;
  eventSource?: string;
  accountId?: string;
  region?: string;
  errorCode?: string;
  /** Only failed (`true`) or only successful (`false`) calls. */
  hasError?: boolean;
  readOnly?: boolean;
  resourceArn?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditEventPage {
  items: AuditEvent[];
  /** Opaque cursor of the next page; absent on the last page. */
  nextCursor?: string;
}

export interface EventCountBucket {
  /** Start of the bucket, ISO 8601. */
  time: string;
  count: number;
  errorCount: number;
}

export interface DetectionQuery {
  from?: string;
  to?: string;
  ruleId?: string;
  accountId?: string;
  severity?: Severity;
  cursor?: string;
  limit?: number;
}

export interface DetectionPage {
  items: Detection[];
  nextCursor?: string;
}

/** Outcome of one ingestion run of one source, as reported by the API. */
export interface IngestRun {
  source: string;
  startedAt: string;
  finishedAt?: string;
  status: 'succeeded' | 'partial' | 'failed';
  records: number;
  inserted: number;
  duplicates: number;
  malformed: number;
  message?: string;
}

/*
 * Wire shapes of the audit-trail backend's HTTP API (`/api/audit-trail`, see the backend's
 * openapi.yaml) that are not domain types above.
 */

/** What a catalog entity stands for in AWS: events of these accounts, actors or resources. */
export interface EntityEventScope {
  accountIds: string[];
  arns: string[];
}

/** `GET /entity-events`: a page of an entity's events and the scope they were selected by. */
export interface EntityEventPage extends AuditEventPage {
  scope: EntityEventScope;
}

/** Bucket length of `GET /events/counts`. */
export type CountInterval = 'hour' | 'day';

/** `GET /events/counts`: events and failed calls per bucket, oldest first. */
export interface EventCounts {
  interval: CountInterval;
  buckets: EventCountBucket[];
}

/** File format of `GET /events/export`. */
export type ExportFormat = 'csv' | 'ndjson';

/** The lists of `GET /rules` and `GET /ingest-runs`. */
export interface ItemList<T> {
  items: T[];
}
