import {
  CloudTrailClient,
  LookupEventsCommand,
  LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { LoggerService } from '@backstage/backend-plugin-api';
import { IngestRun } from '@sparki/audit-trail-common';
import { AuditEventStore } from '../../database/AuditEventStore';
import { AuditTrailMetrics } from '../../service/metrics';
import {
  addStats,
  emptyStats,
  IngestStats,
  RecordIngester,
} from '../../ingest/RecordIngester';
import { Clock, systemClock } from './clock';
import {
  isExpiredCredentials,
  isThrottling,
  RetryNow,
  withBackoff,
} from './retry';
import { TokenBucket } from './TokenBucket';

/** CloudTrail's LookupEvents quota: 2 requests a second per account and region. */
export const LOOKUP_EVENTS_RATE = 2;
const LOOKUP_EVENTS_HISTORY_DAYS = 90;
const PAGE_SIZE = 50;
/** Windows are synced oldest first, one hour at a time, so a long backlog makes progress. */
const WINDOW_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export interface LookupEventsSyncOptions {
  accountId: string;
  region: string;
  /** Creates a client with fresh credentials; called again when credentials expire. */
  createClient: () => CloudTrailClient;
  store: AuditEventStore;
  logger: LoggerService;
  overlapMinutes?: number;
  initialLookbackDays?: number;
  clock?: Clock;
  random?: () => number;
  maxAttempts?: number;
  metrics?: AuditTrailMetrics;
}

/**
 * Incremental sync of one account and region from LookupEvents. A watermark records the end
 * of the last fully read window; each run re-reads an overlap before it for late events
 * (stored once, by event id) and advances the watermark only after a window is complete, so
 * a failure resumes exactly where it stopped.
 */
export class LookupEventsSync {
  readonly source: string;
  private readonly bucket: TokenBucket;
  private readonly clock: Clock;
  private client: CloudTrailClient;
  /** Throttling responses seen (each was retried), for benchmarks and run reports. */
  throttled = 0;
  requests = 0;

  constructor(private readonly options: LookupEventsSyncOptions) {
    this.source = `lookup-events:${options.accountId}:${options.region}`;
    this.clock = options.clock ?? systemClock;
    this.bucket = new TokenBucket(LOOKUP_EVENTS_RATE, 1, this.clock);
    this.client = options.createClient();
  }

  private get watermarkKey() {
    return `lookup-events:${this.options.accountId}:${this.options.region}:watermark`;
  }

  async run(): Promise<IngestRun> {
    const { store, logger } = this.options;
    const startedAt = new Date(this.clock.now()).toISOString();
    const stats = emptyStats();
    const now = Math.floor(this.clock.now() / 1000) * 1000;
    const oldestAvailable = now - LOOKUP_EVENTS_HISTORY_DAYS * DAY_MS;
    const stored = await store.getCheckpoint(this.watermarkKey);
    const watermark = stored
      ? Date.parse(stored)
      : now - (this.options.initialLookbackDays ?? 7) * DAY_MS;
    let start = Math.max(
      oldestAvailable,
      watermark - (this.options.overlapMinutes ?? 15) * MINUTE_MS,
    );
    const notes: string[] = [];
    if (stored && watermark < oldestAvailable) {
      notes.push(
        `events between ${stored} and ${new Date(
          oldestAvailable,
        ).toISOString()} ` +
          'left the 90-day event history before they were synced',
      );
    }
    try {
      while (start < now) {
        const end = Math.min(now, start + WINDOW_MS);
        addStats(stats, await this.syncWindow(new Date(start), new Date(end)));
        await store.setCheckpoint(
          this.watermarkKey,
          new Date(end).toISOString(),
        );
        start = end;
      }
    } catch (error) {
      logger.warn(
        `${this.source}: sync stopped, resumes from the watermark: ${error}`,
      );
      return this.finish(startedAt, stats, 'failed', [...notes, String(error)]);
    }
    const status = stats.malformed || notes.length ? 'partial' : 'succeeded';
    if (stats.malformed) notes.push(`${stats.malformed} malformed records`);
    return this.finish(startedAt, stats, status, notes);
  }

  private async syncWindow(start: Date, end: Date): Promise<IngestStats> {
    const { store, metrics } = this.options;
    const ingester = new RecordIngester(
      store,
      metrics && { source: this.source, metrics },
    );
    const stats = emptyStats();
    let nextToken: string | undefined;
    do {
      const page = await this.lookup(start, end, nextToken);
      const records: unknown[] = [];
      let unreadable = 0;
      for (const event of page.Events ?? []) {
        try {
          records.push(JSON.parse(event.CloudTrailEvent ?? ''));
        } catch {
          unreadable += 1;
        }
      }
      const pageStats = await ingester.ingest(records);
      pageStats.malformed += unreadable;
      addStats(stats, pageStats);
      nextToken = page.NextToken;
    } while (nextToken);
    return stats;
  }

  private async lookup(
    start: Date,
    end: Date,
    nextToken: string | undefined,
  ): Promise<LookupEventsCommandOutput> {
    let refreshedCredentials = false;
    return withBackoff(
      async () => {
        await this.bucket.take();
        this.requests += 1;
        try {
          return await this.client.send(
            new LookupEventsCommand({
              StartTime: start,
              EndTime: end,
              MaxResults: PAGE_SIZE,
              NextToken: nextToken,
            }),
          );
        } catch (error) {
          if (isThrottling(error)) this.throttled += 1;
          if (isExpiredCredentials(error) && !refreshedCredentials) {
            // Assumed-role sessions can expire mid-run: a new client, then the same page.
            refreshedCredentials = true;
            this.client = this.options.createClient();
            throw new RetryNow(error);
          }
          throw error;
        }
      },
      {
        maxAttempts: this.options.maxAttempts ?? 8,
        baseDelayMs: 500,
        maxDelayMs: 20_000,
        clock: this.clock,
        random: this.options.random,
        onRetry: (error, delay) =>
          this.options.logger.debug(
            `${this.source}: retrying in ${delay} ms after ${error}`,
          ),
      },
    );
  }

  private async finish(
    startedAt: string,
    stats: IngestStats,
    status: IngestRun['status'],
    notes: string[],
  ): Promise<IngestRun> {
    const run: IngestRun = {
      source: this.source,
      startedAt,
      finishedAt: new Date(this.clock.now()).toISOString(),
      status,
      records: stats.records,
      inserted: stats.inserted,
      duplicates: stats.duplicates,
      malformed: stats.malformed,
      message: notes.join('; ') || undefined,
    };
    await this.options.store.recordIngestRun(run);
    return run;
  }
}
