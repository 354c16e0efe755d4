import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { GitHubStore, ProtectionRuleRecord } from './GitHubStore';

const migrationsDir = resolvePackagePath(
  '@sparki/deployments-backend',
  'migrations',
);

const DELIVERIES = 'deployments_github_deliveries';
const RULES = 'deployments_github_protection_rules';

type RuleRow = {
  request_id: string;
  delivery_id: string;
  owner: string;
  repo: string;
  installation_id: string;
  environment_name: string;
  callback_url: string;
  sha: string;
  pull_request: number | null;
  answer: string | null;
  reported_approvals: number;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
};

function toRecord(row: RuleRow): ProtectionRuleRecord {
  return {
    requestId: row.request_id,
    deliveryId: row.delivery_id,
    owner: row.owner,
    repo: row.repo,
    installationId: row.installation_id,
    environmentName: row.environment_name,
    callbackUrl: row.callback_url,
    sha: row.sha,
    ...(row.pull_request !== null ? { pullRequest: row.pull_request } : {}),
    ...(row.answer
      ? { answer: row.answer as ProtectionRuleRecord['answer'] }
      : {}),
    reportedApprovals: Number(row.reported_approvals),
    attempts: Number(row.attempts),
    ...(row.next_attempt_at ? { nextAttemptAt: row.next_attempt_at } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  };
}

export class KnexGitHubStore implements GitHubStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient'> &
      Partial<Pick<DatabaseService, 'migrations'>>;
  }): Promise<KnexGitHubStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new KnexGitHubStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async claimDelivery(deliveryId: string, now: Date): Promise<boolean> {
    // The primary key decides between racing replicas; the token says who won.
    const claim = randomUUID();
    await this.db(DELIVERIES)
      .insert({
        delivery_id: deliveryId,
        claim,
        received_at: now.toISOString(),
      })
      .onConflict('delivery_id')
      .ignore();
    const row = await this.db(DELIVERIES)
      .where({ delivery_id: deliveryId })
      .first('claim');
    return row?.claim === claim;
  }

  async releaseDelivery(deliveryId: string): Promise<void> {
    await this.db(DELIVERIES).where({ delivery_id: deliveryId }).delete();
  }

  async insertProtectionRule(
    record: Omit<ProtectionRuleRecord, 'reportedApprovals' | 'attempts'>,
    now: Date,
  ): Promise<void> {
    await this.db<RuleRow>(RULES).insert({
      request_id: record.requestId,
      delivery_id: record.deliveryId,
      owner: record.owner,
      repo: record.repo,
      installation_id: record.installationId,
      environment_name: record.environmentName,
      callback_url: record.callbackUrl,
      sha: record.sha,
      pull_request: record.pullRequest ?? null,
      answer: record.answer ?? null,
      reported_approvals: 0,
      attempts: 0,
      next_attempt_at: record.nextAttemptAt ?? null,
      last_error: record.lastError ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
  }

  async getProtectionRule(
    requestId: string,
  ): Promise<ProtectionRuleRecord | undefined> {
    const row = await this.db<RuleRow>(RULES)
      .where({ request_id: requestId })
      .first();
    return row && toRecord(row);
  }

  async leaseDue(
    now: Date,
    leaseUntil: Date,
    limit: number,
  ): Promise<ProtectionRuleRecord[]> {
    const due = await this.db<RuleRow>(RULES)
      .whereNotNull('next_attempt_at')
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .limit(limit);
    const leased: ProtectionRuleRecord[] = [];
    for (const row of due) {
      const record = await this.lease(row, now, leaseUntil);
      if (record) leased.push(record);
    }
    return leased;
  }

  async leaseOne(
    requestId: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<ProtectionRuleRecord | undefined> {
    const row = await this.db<RuleRow>(RULES)
      .where({ request_id: requestId })
      .whereNotNull('next_attempt_at')
      .where('next_attempt_at', '<=', now.toISOString())
      .first();
    return row && this.lease(row, now, leaseUntil);
  }

  /** Compare-and-swap on the due time: of two racing syncs only one moves it. */
  private async lease(
    row: RuleRow,
    now: Date,
    leaseUntil: Date,
  ): Promise<ProtectionRuleRecord | undefined> {
    const moved = await this.db<RuleRow>(RULES)
      .where({
        request_id: row.request_id,
        next_attempt_at: row.next_attempt_at,
      })
      .update({
        next_attempt_at: leaseUntil.toISOString(),
        updated_at: now.toISOString(),
      });
    return moved === 1
      ? toRecord({ ...row, next_attempt_at: leaseUntil.toISOString() })
      : undefined;
  }

  async update(
    requestId: string,
    changes: Parameters<GitHubStore['update']>[1],
    now: Date,
  ): Promise<void> {
    await this.db<RuleRow>(RULES)
      .where({ request_id: requestId })
      .update({
        ...(changes.answer !== undefined ? { answer: changes.answer } : {}),
        ...(changes.reportedApprovals !== undefined
          ? { reported_approvals: changes.reportedApprovals }
          : {}),
        ...(changes.attempts !== undefined
          ? { attempts: changes.attempts }
          : {}),
        ...(changes.lastError !== undefined
          ? { last_error: changes.lastError }
          : {}),
        next_attempt_at: changes.nextAttemptAt,
        updated_at: now.toISOString(),
      });
  }
}
