import { parse as parseHcl } from '@cdktf/hcl2json';
import {
  checkId,
  RawCheckResult,
  RawCheckState,
  ScopeRef,
} from '@sparki/compliance-common';
import type {
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import { canonicalJson, sha256Hex } from '../service/hash';
import { platformResults } from './platformResults';

/** The infrastructure repository as the local forge reads it (`LocalForge`). */
export interface InfrastructureRepository {
  hasRepository(): Promise<boolean>;
  mainCommit(): Promise<string>;
  listFiles(revision: string, directory?: string): Promise<string[]>;
  readFile(revision: string, filePath: string): Promise<string>;
}

/** The catalog facts this source judges from the generated Terraform. */
export const terraformSettingsCheckIds = {
  deletionProtection: checkId('catalog', 'deletion-protection'),
  multiAz: checkId('catalog', 'multi-az'),
  backupRetention: checkId('catalog', 'backup-retention'),
  encryptionAtRest: checkId('catalog', 'encryption-at-rest'),
} as const;

const handled = new Set<string>(Object.values(terraformSettingsCheckIds));

/** The production-hardening checklist is about production: other tiers are not-applicable. */
const hardenedTiers = ['prod'];
const minBackupRetentionDays = 7;

type Verdict = { state: RawCheckState; message: string };
type Tfvars = Record<string, unknown>;

/**
 * Whether `module/main.tf` on main sets `attribute = true` in its `resourceType` resource: the
 * modules hard-code encryption, so that is where it is read.
 */
async function moduleSetsTrue(
  repository: InfrastructureRepository,
  commit: string,
  module: string,
  resourceType: string,
  attribute: string,
): Promise<boolean> {
  const file = `modules/${module}/main.tf`;
  const parsed = (await parseHcl(
    file,
    await repository.readFile(commit, file),
  )) as { resource?: Record<string, Record<string, Array<Tfvars>>> };
  const resources = Object.values(parsed.resource?.[resourceType] ?? {});
  return (
    resources.length > 0 &&
    resources.every(blocks => blocks.every(block => block[attribute] === true))
  );
}

/**
 * Environment settings from the generated Terraform on the infrastructure repository's main
 * branch (`environments/<name>/<name>.tfvars`, and the modules for what they hard-code), per
 * environment entity (`entity:resource:default/<name>`): deletion protection, multi-AZ (database
 * and Redis), backups kept at least 7 days, encryption at rest. Environments of a tier other than
 * prod are `not-applicable`; a setting the tfvars do not state is `unknown`, never a pass. The
 * platform scopes get each check's worst over the environments (see `platformResults`).
 */
export class TerraformSettingsCheckSource implements ComplianceCheckSource {
  readonly id = 'terraform-settings';

  constructor(
    private readonly repository: InfrastructureRepository,
    private readonly options: { platformScopes: readonly ScopeRef[] },
  ) {}

  handles(id: string): boolean {
    return handled.has(id);
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    const observedAt = now.toISOString();
    // Reading never creates it: the forge does on its first proposal or catalog read.
    if (!(await this.repository.hasRepository())) {
      report.problems.push({
        message:
          'the infrastructure repository does not exist yet: no environment settings to judge',
      });
      return report;
    }
    const commit = await this.repository.mainCommit();
    const names = [
      ...new Set(
        (await this.repository.listFiles(commit, 'environments'))
          .map(file => /^environments\/([^/]+)\//.exec(file)?.[1])
          .filter((name): name is string => Boolean(name)),
      ),
    ].sort();
    const encryption = await this.encryptionVerdicts(commit);
    const read: Record<string, Tfvars> = {};
    for (const name of names) {
      const scope = { kind: 'entity' as const, id: `resource:default/${name}` };
      const tfvarsPath = `environments/${name}/${name}.tfvars`;
      let tfvars: Tfvars;
      try {
        tfvars = (await parseHcl(
          tfvarsPath,
          await this.repository.readFile(commit, tfvarsPath),
        )) as Tfvars;
      } catch (error) {
        const message = `${tfvarsPath} not readable: ${
          (error as Error).message
        }`;
        report.problems.push({ scope, message });
        for (const id of handled) {
          report.results.push({
            checkId: id,
            scope,
            state: 'unknown',
            reason: 'error',
            observedAt,
            message,
          });
        }
        continue;
      }
      read[name] = tfvars;
      const verdicts = this.judge(tfvars, encryption);
      for (const [id, verdict] of Object.entries(verdicts)) {
        const result: RawCheckResult = {
          checkId: id,
          scope,
          observedAt,
          state: verdict.state,
          message: `${name}: ${verdict.message}`,
        };
        if (verdict.state === 'unknown') result.reason = 'no-data';
        report.results.push(result);
      }
    }
    report.results.push(
      ...platformResults(
        report.results,
        this.options.platformScopes,
        observedAt,
      ),
    );
    report.snapshots.push({
      source: this.id,
      id: `infrastructure:${commit}`,
      sha256: sha256Hex(canonicalJson(read)),
      takenAt: observedAt,
    });
    return report;
  }

  private async encryptionVerdicts(
    commit: string,
  ): Promise<{ database: boolean; redis: boolean }> {
    return {
      database: await moduleSetsTrue(
        this.repository,
        commit,
        'database',
        'aws_db_instance',
        'storage_encrypted',
      ),
      redis: await moduleSetsTrue(
        this.repository,
        commit,
        'redis',
        'aws_elasticache_replication_group',
        'at_rest_encryption_enabled',
      ),
    };
  }

  private judge(
    tfvars: Tfvars,
    encryption: { database: boolean; redis: boolean },
  ): Record<string, Verdict> {
    const ids = terraformSettingsCheckIds;
    const tier = tfvars.tier;
    if (typeof tier !== 'string' || !hardenedTiers.includes(tier)) {
      const message =
        typeof tier === 'string'
          ? `tier ${tier}: the checklist applies to ${hardenedTiers.join(', ')}`
          : 'no tier in the tfvars';
      const state: RawCheckState =
        typeof tier === 'string' ? 'not-applicable' : 'unknown';
      return Object.fromEntries(
        Object.values(ids).map(id => [id, { state, message }]),
      );
    }
    const database = tfvars.enable_database === true;
    const redis = tfvars.enable_redis === true;
    const noStore: Verdict = {
      state: 'not-applicable',
      message: 'no database or Redis enabled',
    };
    const flag = (variable: string, what: string): Verdict => {
      const value = tfvars[variable];
      if (typeof value !== 'boolean') {
        return { state: 'unknown', message: `${variable} not set` };
      }
      return value
        ? { state: 'pass', message: `${what} (${variable} = true)` }
        : { state: 'fail', message: `${variable} = false` };
    };
    const worst = (verdicts: Verdict[]): Verdict => {
      const order: RawCheckState[] = ['fail', 'unknown', 'pass'];
      const state = order.find(s => verdicts.some(v => v.state === s))!;
      return {
        state,
        message: verdicts.map(v => v.message).join('; '),
      };
    };

    const retention = (): Verdict => {
      const days = tfvars.db_backup_retention_days;
      if (typeof days !== 'number') {
        return {
          state: 'unknown',
          message: 'db_backup_retention_days not set',
        };
      }
      return days >= minBackupRetentionDays
        ? { state: 'pass', message: `database backups kept ${days} days` }
        : {
            state: 'fail',
            message: `database backups kept ${days} days, fewer than ${minBackupRetentionDays}`,
          };
    };
    const redisMultiAz = (): Verdict => {
      const clusters = tfvars.redis_num_cache_clusters;
      if (typeof clusters !== 'number') {
        return {
          state: 'unknown',
          message: 'redis_num_cache_clusters not set',
        };
      }
      // The redis module fails over (and spreads the nodes over zones) from 2 nodes on.
      return clusters > 1
        ? {
            state: 'pass',
            message: `Redis runs ${clusters} nodes with failover`,
          }
        : { state: 'fail', message: 'Redis runs a single node' };
    };
    const encrypted = (on: boolean, what: string): Verdict =>
      on
        ? { state: 'pass', message: `${what} encrypted at rest (module)` }
        : {
            state: 'unknown',
            message: `${what}: the module does not hard-code encryption at rest`,
          };

    const stores = (parts: Verdict[]) =>
      parts.length === 0 ? noStore : worst(parts);
    return {
      [ids.deletionProtection]: database
        ? flag('db_deletion_protection', 'database deletion protection')
        : noStore,
      [ids.multiAz]: stores([
        ...(database ? [flag('db_multi_az', 'database multi-AZ')] : []),
        ...(redis ? [redisMultiAz()] : []),
      ]),
      [ids.backupRetention]: database ? retention() : noStore,
      [ids.encryptionAtRest]: stores([
        ...(database ? [encrypted(encryption.database, 'database')] : []),
        ...(redis ? [encrypted(encryption.redis, 'Redis')] : []),
      ]),
    };
  }
}
