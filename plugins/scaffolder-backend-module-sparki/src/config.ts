import { Config } from '@backstage/config';
import path from 'node:path';
import { Tier, TIERS } from './environment/tiers';

export interface AllowedAccount {
  id: string;
  name: string;
  tier?: Tier;
}

/** The `sparki.environments` configuration, read once at startup. */
export interface EnvironmentsConfig {
  allowedAccounts: AllowedAccount[];
  allowedRegions: string[];
  moduleSource: string;
  moduleRef?: string;
  modulesDir: string;
  infrastructureRepo: string;
  infrastructureBranch: string;
  stateBucketPrefix: string;
  lockTable: string;
  /** Set when changes go to the embedded git forge instead of pull requests on GitHub. */
  localForge?: { directory: string; seedEnvironmentsDir?: string };
}

export function readEnvironmentsConfig(config: Config): EnvironmentsConfig {
  const root = config.getConfig('sparki.environments');
  const allowedAccounts = root
    .getConfigArray('allowedAccounts')
    .map(account => {
      const id = account.getString('id');
      if (!/^\d{12}$/.test(id)) {
        throw new Error(
          `sparki.environments.allowedAccounts: "${id}" is not a 12-digit AWS account ID`,
        );
      }
      const tier = account.getOptionalString('tier');
      if (tier !== undefined && !TIERS.includes(tier as Tier)) {
        throw new Error(
          `sparki.environments.allowedAccounts: tier "${tier}" of account ${id} is not one of ${TIERS.join(
            ', ',
          )}`,
        );
      }
      return {
        id,
        name: account.getString('name'),
        tier: tier as Tier | undefined,
      };
    });
  return {
    allowedAccounts,
    allowedRegions: root.getStringArray('allowedRegions'),
    moduleSource: root.getString('moduleSource').replace(/\/+$/, ''),
    moduleRef: root.getOptionalString('moduleRef'),
    modulesDir: path.resolve(root.getString('modulesDir')),
    infrastructureRepo: root.getString('infrastructureRepo'),
    infrastructureBranch:
      root.getOptionalString('infrastructureBranch') ?? 'main',
    stateBucketPrefix:
      root.getOptionalString('terraformState.bucketPrefix') ??
      'sparki-terraform-state',
    lockTable:
      root.getOptionalString('terraformState.lockTable') ??
      'sparki-terraform-locks',
    localForge:
      root.has('localForge') &&
      root.getOptionalBoolean('localForge.enabled') !== false
        ? {
            directory: path.resolve(
              root.getOptionalString('localForge.directory') ??
                '../../.data/infrastructure.git',
            ),
            seedEnvironmentsDir: optionalPath(
              root.getOptionalString('localForge.seedEnvironmentsDir'),
            ),
          }
        : undefined,
  };
}

function optionalPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(value);
}

/** Browser URL of the infrastructure repository, e.g. https://github.com/sparki-org/infrastructure */
export function infrastructureRepoWebUrl(config: EnvironmentsConfig): string {
  const [host, query = ''] = config.infrastructureRepo.split('?');
  const params = new URLSearchParams(query);
  const owner = params.get('owner');
  const repo = params.get('repo');
  if (!owner || !repo) {
    throw new Error(
      `sparki.environments.infrastructureRepo "${config.infrastructureRepo}" must look like github.com?owner=<owner>&repo=<repo>`,
    );
  }
  return `https://${host}/${owner}/${repo}`;
}

/** Browser URL of a file on the default branch of the infrastructure repository. */
export function infrastructureFileUrl(
  config: EnvironmentsConfig,
  filePath: string,
): string {
  return `${infrastructureRepoWebUrl(config)}/blob/${
    config.infrastructureBranch
  }/${filePath}`;
}

/** URL of a directory on the default branch of the infrastructure repository, for fetch:plain. */
export function infrastructureTreeUrl(
  config: EnvironmentsConfig,
  dirPath: string,
): string {
  return `${infrastructureRepoWebUrl(config)}/tree/${
    config.infrastructureBranch
  }/${dirPath}`;
}
