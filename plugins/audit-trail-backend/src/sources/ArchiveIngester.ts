import { LoggerService } from '@backstage/backend-plugin-api';
import { IngestRun } from '@sparki/audit-trail-common';
import { AuditEventStore } from '../database/AuditEventStore';
import { addStats, emptyStats, RecordIngester } from '../ingest/RecordIngester';
import { dayOfKey, LogArchive } from './LogArchive';
import { readLogObject } from './readLogObject';

/** `YYYY/MM/DD` of the day before. */
function previousDay(day: string): string {
  const date = new Date(`${day.replace(/\//g, '-')}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10).replace(/-/g, '/');
}

/**
 * Ingests the log objects of an archive that are new or changed since the last run. Each
 * object is checkpointed after its records are stored, so a crash re-reads at most one
 * object, and event-id dedupe keeps that from counting twice.
 */
export class ArchiveIngester {
  constructor(
    private readonly archive: LogArchive,
    private readonly store: AuditEventStore,
    private readonly logger: LoggerService,
  ) {}

  get source(): string {
    return this.archive.name;
  }

  async run(): Promise<IngestRun> {
    const startedAt = new Date().toISOString();
    const ingester = new RecordIngester(this.store);
    const stats = emptyStats();
    const failedObjects: string[] = [];
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
        try {
          const parsed = await readLogObject(
            await this.archive.open(object.key),
          );
          const objectStats = await ingester.ingest(parsed.records);
          objectStats.malformed += parsed.malformed;
          objectStats.errors.unshift(
            ...parsed.errors.map(e => `${object.key}: ${e}`),
          );
          addStats(stats, objectStats);
          await this.store.setCheckpoint(checkpointKey, object.version);
          objects += 1;
        } catch (error) {
          // A broken object must not stop the others; it is retried next run.
          failedObjects.push(object.key);
          this.logger.warn(`Could not ingest ${object.key}: ${error}`);
          addStats(stats, {
            ...emptyStats(),
            errors: [`${object.key}: ${(error as Error).message}`],
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
    // Only after a complete listing with every object read, so nothing is left behind.
    if (newestSeen && newestSeen !== newestDay && failedObjects.length === 0) {
      await this.store.setCheckpoint(listedKey, newestSeen);
    }
    const message = [
      `${objects} log objects read`,
      failedObjects.length && `${failedObjects.length} failed`,
      stats.malformed && `${stats.malformed} malformed records`,
      stats.errors.length &&
        `first errors: ${stats.errors.slice(0, 5).join('; ')}`,
    ]
      .filter(Boolean)
      .join(', ');
    const status =
      failedObjects.length || stats.malformed ? 'partial' : 'succeeded';
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
