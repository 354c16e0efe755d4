import {
  Detection,
  DetectionPage,
  detectionRules,
  EventCounts,
  IngestRun,
  ItemList,
  Severity,
} from '@sparki/audit-trail-common';
import {
  checkId,
  RawCheckResult,
  RawCheckState,
  UnknownReason,
} from '@sparki/compliance-common';
import type {
  CheckResourceQuery,
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import { canonicalJson, sha256Hex } from '../service/hash';
import { PluginApiClient } from './PluginApiClient';

const prefix = 'audit-trail:';
const hour = 60 * 60 * 1000;

export interface AuditTrailSourceOptions {
  /** The accounts and regions whose CloudTrail must be ingested. */
  accounts: Array<{ accountId: string; regions: string[] }>;
  /** How far back ingestion must be complete. */
  periodDays: number;
  /** Hours without a single event that count as a gap in the ingestion. */
  maxGapHours: number;
  /**
   * Detection severities the platform's alert rules route to a person; absent when not declared
   * (then "alerted on" is unknown, never assumed).
   */
  alertedSeverities?: Severity[];
}

type Verdict = {
  state: RawCheckState;
  reason?: UnknownReason;
  message: string;
};

/** The longest stretch without events in [from, to), from the hourly buckets that have some. */
export function longestGap(
  bucketTimes: string[],
  from: number,
  to: number,
): { hours: number; start: number } {
  const starts = bucketTimes
    .map(time => Date.parse(time))
    .sort((a, b) => a - b);
  let longest = { hours: 0, start: from };
  let previousEnd = from;
  for (const start of [...starts, to]) {
    const hours = Math.floor((start - previousEnd) / hour);
    if (hours > longest.hours) longest = { hours, start: previousEnd };
    previousEnd = Math.max(previousEnd, start + hour);
  }
  return longest;
}

/**
 * CIS AWS §4 per account and region, from the audit-trail backend's API: a rule's check passes
 * when the region's CloudTrail was ingested without a gap longer than `maxGapHours` over the last
 * `periodDays` (`/events/counts`, hourly) and detections of the rule's severity are alerted on
 * (`alertedSeverities`). No events at all, an ingestion source that failed, or undeclared alert
 * routing are `unknown`, never a pass.
 */
export class AuditTrailCheckSource implements ComplianceCheckSource {
  readonly id = 'audit-trail';

  constructor(
    private readonly api: PluginApiClient,
    private readonly options: AuditTrailSourceOptions,
  ) {}

  /** The rules' checks ("detections reviewed" is DetectionsReviewedCheckSource's). */
  handles(id: string): boolean {
    return detectionRules.some(rule => checkId('audit-trail', rule.id) === id);
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const to = now.getTime();
    const from = to - this.options.periodDays * 24 * hour;
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    if (this.options.accounts.length === 0) {
      report.problems.push({
        message:
          'no AWS accounts to judge: list them in compliance.auditTrail.accounts',
      });
      return report;
    }
    const { items: runs } = await this.api.get<ItemList<IngestRun>>(
      '/ingest-runs',
    );
    const failedSources = runs.filter(run => run.status === 'failed');
    for (const run of failedSources) {
      report.problems.push({
        message: `audit-trail source ${run.source}: last ingestion failed${
          run.message ? ` (${run.message})` : ''
        }`,
      });
    }
    const read: unknown[] = [runs];
    for (const { accountId, regions } of this.options.accounts) {
      for (const region of regions) {
        const scope = {
          kind: 'account' as const,
          id: `${accountId}/${region}`,
        };
        const counts = await this.api.get<EventCounts>('/events/counts', {
          interval: 'hour',
          accountId,
          region,
          from: new Date(from).toISOString(),
          to: now.toISOString(),
        });
        read.push({ accountId, region, buckets: counts.buckets });
        const ingestion = this.ingestionVerdict(
          counts,
          from,
          to,
          failedSources.some(
            run => run.source === `lookup-events:${accountId}:${region}`,
          ),
        );
        if (ingestion.state !== 'pass') {
          report.problems.push({
            scope,
            message: `${scope.id}: ${ingestion.message}`,
          });
        }
        for (const rule of detectionRules) {
          report.results.push(
            this.result(rule.id, rule.severity, scope, ingestion, now),
          );
        }
      }
    }
    report.snapshots.push({
      source: this.id,
      id: `audit-trail:${new Date(from).toISOString()}..${now.toISOString()}`,
      sha256: sha256Hex(canonicalJson(read)),
      takenAt: now.toISOString(),
    });
    return report;
  }

  private ingestionVerdict(
    counts: EventCounts,
    from: number,
    to: number,
    sourceFailed: boolean,
  ): Verdict {
    const withEvents = counts.buckets.filter(bucket => bucket.count > 0);
    if (sourceFailed) {
      return {
        state: 'unknown',
        reason: 'error',
        message: 'its LookupEvents ingestion failed in the last run',
      };
    }
    if (withEvents.length === 0) {
      return {
        state: 'unknown',
        reason: 'no-data',
        message: `no CloudTrail events ingested in the last ${this.options.periodDays} days`,
      };
    }
    const gap = longestGap(
      withEvents.map(bucket => bucket.time),
      from,
      to,
    );
    if (gap.hours > this.options.maxGapHours) {
      return {
        state: 'fail',
        message: `ingestion gap of ${gap.hours} h from ${new Date(
          gap.start,
        ).toISOString()} (more than ${
          this.options.maxGapHours
        } h without events)`,
      };
    }
    return {
      state: 'pass',
      message: `ingested without a gap over ${this.options.maxGapHours} h in the last ${this.options.periodDays} days`,
    };
  }

  private alertVerdict(severity: Severity): Verdict {
    const alerted = this.options.alertedSeverities;
    if (alerted === undefined) {
      return {
        state: 'unknown',
        reason: 'no-data',
        message:
          'alert routing not declared (compliance.auditTrail.alertedSeverities)',
      };
    }
    return alerted.includes(severity)
      ? { state: 'pass', message: `${severity} detections are alerted on` }
      : { state: 'fail', message: `${severity} detections route no alert` };
  }

  private result(
    ruleId: string,
    severity: Severity,
    scope: RawCheckResult['scope'],
    ingestion: Verdict,
    now: Date,
  ): RawCheckResult {
    const alert = this.alertVerdict(severity);
    // Fail beats unknown beats pass: both halves must hold.
    const verdict = [ingestion, alert].find(v => v.state === 'fail') ??
      [ingestion, alert].find(v => v.state === 'unknown') ?? {
        state: 'pass' as const,
        message: `${ingestion.message}; ${alert.message}`,
      };
    return {
      checkId: checkId('audit-trail', ruleId),
      scope,
      state: verdict.state,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      observedAt: now.toISOString(),
      message: verdict.message,
    };
  }

  /** The rule's detections in the account and region, read as the caller (`audit-trail.read`). */
  async listResources(query: CheckResourceQuery) {
    const [accountId, region] = query.scope.id.split('/');
    if (query.scope.kind !== 'account') return { items: [] };
    const page = await this.api.get<DetectionPage>(
      '/detections',
      {
        ruleId: query.checkId.slice(prefix.length),
        accountId,
        limit: query.limit,
        cursor: query.cursor,
      },
      query.credentials,
    );
    return {
      // The API filters by account; a region scope keeps that region's detections of the page.
      items: page.items
        .filter(
          (detection: Detection) => !region || detection.region === region,
        )
        .map(detection => ({
          kind: 'CloudTrailEvent',
          name: detection.eventName,
          state: 'fail' as const,
          message: `${detection.eventName} in ${detection.accountId}/${
            detection.region
          } at ${detection.eventTime}${
            detection.actorArn ? ` by ${detection.actorArn}` : ''
          }`,
          evidence: { ...detection },
          ref: { source: 'audit-trail' as const, id: detection.eventId },
        })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
