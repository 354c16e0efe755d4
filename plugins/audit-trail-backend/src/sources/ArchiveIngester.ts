import { LoggerService } from '@backstage/backend-plugin-api';
import { IngestRun } from '@sparki/audit-trail-common';
import { AuditEventStore } from '../database/AuditEventStore';
import { AuditTrailMetrics } from '../service/metrics';
import { addStats, emptyStats, RecordIngester } from '../ingest/RecordIngester';
import { dayOfKey, LogArchive } from './LogArchive';
import {
  DEFAULT_LOG_OBJECT_LIMITS,
  LogObjectLimits,
  readLogObject,
  UnreadableLogObjectError,
} from './readLogObject';

/** Runs an object may fail in before it is left alone until it changes. */
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface ArchiveIngesterOptions {
  limits?: LogObjectLimits;
  maxAttempts?: number;
  metrics?: AuditTrailMetrics;
}

/** Stored under the failure checkpoint of an object: which version failed, how often, why. */
interface ObjectFailure {
  version: string;
  attempts: number;
  reason: string;
}

function parseFailure(value: string | undefined): ObjectFailure | undefined {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** `YYYY/MM/DD` of the day before. */
function previousDay(day: string): string {
  const date = new Date(`${day.replace(/\//g, '-')}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10).replace(/-/g, '/');
}

/**
 * Ingests the log objects of an archive that are new or changed since the last run. Each
 * object is checkpointed after its records are stored, so a crash re-reads at most one
 * object, and event-id dedupe keeps that from counting twice. An object that fails is
 * recorded with the reason and retried on later runs, at most `maxAttempts` runs in all
 * (content that cannot be read, such as a gzip bomb, at once): then it is left alone until
 * it changes, so it neither costs every run a download nor holds back the other objects.
 */
export class ArchiveIngester {
  private readonly limits: LogObjectLimits;
  private readonly maxAttempts: number;
  private readonly metrics?: AuditTrailMetrics;

  constructor(
    private readonly archive: LogArchive,
    private readonly store: AuditEventStore,
    private readonly logger: LoggerService,
    options: ArchiveIngesterOptions = {},
  ) {
    this.limits = options.limits ?? DEFAULT_LOG_OBJECT_LIMITS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.metrics = options.metrics;
  }

  get source(): string {
    return this.archive.name;
  }

  async run(): Promise<IngestRun> {
    const startedAt = new Date().toISOString();
    const ingester = new RecordIngester(
      this.store,
      this.metrics && { source: this.source, metrics: this.metrics },
    );
    const stats = emptyStats();
    /** Failed this run, read again next run. */
    const retried: string[] = [];
    /** Failed for good (this run or before), until the object changes. */
    const refused: string[] = [];
    let objects = 0;
    // Late files land in the folder of their delivery day; re-listing the day before the
    // newest one seen catches files delivered around midnight.
    const listedKey = `archive:${this.archive.name}:newest-day`;
    const newestDay = await this.store.getCheckpoint(listedKey);
    let newestSeen = newestDay;
    try {
      for await (const object of this.archive.list(
        newestDay ? previousDay(newestDay) : undefined,
      )) {
        const day = dayOfKey(object.key);
        if (day && (!newestSeen || day > newestSeen)) newestSeen = day;
        const checkpointKey = `archive:${this.archive.name}:${object.key}`;
        if (
          (await this.store.getCheckpoint(checkpointKey)) === object.version
        ) {
          continue;
        }
        const failureKey = `archive:${this.archive.name}:failed:${object.key}`;
        const failure = parseFailure(
          await this.store.getCheckpoint(failureKey),
        );
        const earlierAttempts =
          failure?.version === object.version ? failure.attempts : 0;
        if (earlierAttempts >= this.maxAttempts) {
          refused.push(object.key);
          addStats(stats, {
            ...emptyStats(),
            errors: [`${object.key}: not retried: ${failure!.reason}`],
          });
          continue;
        }
        try {
          const parsed = await readLogObject(
            await this.archive.open(object.key),
            this.limits,
          );
          const objectStats = await ingester.ingest(parsed.records);
          objectStats.malformed += parsed.malformed;
          objectStats.errors.unshift(
            ...parsed.errors.map(e => `${object.key}: ${e}`),
          );
          addStats(stats, objectStats);
          await this.store.setCheckpoint(checkpointKey, object.version);
          if (failure) await this.store.deleteCheckpoint(failureKey);
          objects += 1;
        } catch (error) {
          const reason = (error as Error).message;
          const attempts =
            error instanceof UnreadableLogObjectError
              ? this.maxAttempts
              : earlierAttempts + 1;
          await this.store.setCheckpoint(
            failureKey,
            JSON.stringify({
              version: object.version,
              attempts,
              reason,
            } satisfies ObjectFailure),
          );
          (attempts >= this.maxAttempts ? refused : retried).push(object.key);
          this.metrics?.recordFailedObject(this.source);
          this.logger.warn(
            `Could not ingest ${object.key} (attempt ${attempts} of ${this.maxAttempts}): ${reason}`,
          );
          addStats(stats, {
            ...emptyStats(),
            errors: [`${object.key}: ${reason}`],
          });
        }
      }
    } catch (error) {
      return this.finish(
        startedAt,
        stats,
        'failed',
        `Listing failed: ${error}`,
      );
    }
    // Only after a complete listing in which every object was read or refused for good, so
    // nothing that will be retried falls out of the listed days.
    if (newestSeen && newestSeen !== newestDay && retried.length === 0) {
      await this.store.setCheckpoint(listedKey, newestSeen);
    }
    const message = [
      `${objects} log objects read`,
      retried.length && `${retried.length} failed (retried next run)`,
      refused.length &&
        `${refused.length} failed for good (not retried until they change)`,
      stats.malformed && `${stats.malformed} malformed records`,
      stats.errors.length &&
        `first errors: ${stats.errors.slice(0, 5).join('; ')}`,
    ]
      .filter(Boolean)
      .join(', ');
    const status =
      retried.length || refused.length || stats.malformed
        ? 'partial'
        : 'succeeded';
    return this.finish(startedAt, stats, status, message);
  }

  private async finish(
    startedAt: string,
    stats: ReturnType<typeof emptyStats>,
    status: IngestRun['status'],
    message: string,
  ): Promise<IngestRun> {
    const run: IngestRun = {
      source: this.archive.name,
      startedAt,
      finishedAt: new Date().toISOString(),
      status,
      records: stats.records,
      inserted: stats.inserted,
      duplicates: stats.duplicates,
      malformed: stats.malformed,
      message,
    };
    await this.store.recordIngestRun(run);
    return run;
  }
}
