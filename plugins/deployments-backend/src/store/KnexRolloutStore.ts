import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { RolloutRecord, RolloutStore, WatchState } from './RolloutStore';

const migrationsDir = resolvePackagePath(
  '@sparki/deployments-backend',
  'migrations',
);

const ROLLOUTS = 'deployments_rollouts';

type RolloutRow = {
  request_id: string;
  provider: string;
  from_target: string;
  to_target: string;
  provider_ref: string;
  promoted_at: string;
  watch_state: string;
  watch_until: string | null;
  next_check_at: string | null;
  watch_reason: string | null;
  updated_at: string;
};

function toRecord(row: RolloutRow): RolloutRecord {
  return {
    requestId: row.request_id,
    provider: row.provider,
    from: row.from_target,
    to: row.to_target,
    providerRef: row.provider_ref,
    promotedAt: row.promoted_at,
    watch: {
      state: row.watch_state as WatchState,
      ...(row.watch_until ? { until: row.watch_until } : {}),
      ...(row.next_check_at ? { nextCheckAt: row.next_check_at } : {}),
      ...(row.watch_reason !== null ? { reason: row.watch_reason } : {}),
    },
  };
}

export class KnexRolloutStore implements RolloutStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient'> &
      Partial<Pick<DatabaseService, 'migrations'>>;
  }): Promise<KnexRolloutStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new KnexRolloutStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async recordPromotion(record: RolloutRecord): Promise<RolloutRecord> {
    await this.db<RolloutRow>(ROLLOUTS)
      .insert({
        request_id: record.requestId,
        provider: record.provider,
        from_target: record.from,
        to_target: record.to,
        provider_ref: record.providerRef,
        promoted_at: record.promotedAt,
        watch_state: record.watch.state,
        watch_until: record.watch.until ?? null,
        next_check_at: record.watch.nextCheckAt ?? null,
        watch_reason: record.watch.reason ?? null,
        updated_at: record.promotedAt,
      })
      .onConflict('request_id')
      .ignore();
    return (await this.get(record.requestId))!;
  }

  async get(requestId: string): Promise<RolloutRecord | undefined> {
    const row = await this.db<RolloutRow>(ROLLOUTS)
      .where({ request_id: requestId })
      .first();
    return row && toRecord(row);
  }

  async listDueWatches(now: Date, limit: number): Promise<RolloutRecord[]> {
    const rows = await this.db<RolloutRow>(ROLLOUTS)
      .where({ watch_state: 'watching' })
      .where('next_check_at', '<=', now.toISOString())
      .orderBy('next_check_at', 'asc')
      .limit(limit);
    return rows.map(toRecord);
  }

  async updateWatch(
    requestId: string,
    watch: RolloutRecord['watch'],
    now: Date,
  ): Promise<boolean> {
    const updated = await this.db<RolloutRow>(ROLLOUTS)
      .where({ request_id: requestId, watch_state: 'watching' })
      .update({
        watch_state: watch.state,
        watch_until: watch.until ?? null,
        next_check_at: watch.nextCheckAt ?? null,
        watch_reason: watch.reason ?? null,
        updated_at: now.toISOString(),
      });
    return updated === 1;
  }
}
