import { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import path from 'node:path';
import { Tier, TIERS } from './environment/tiers';

export interface AllowedAccount {
  id: string;
  name: string;
  tier?: Tier;
}

export type InfrastructureHost = 'github' | 'gitlab';

/** Where a template proposes its change: the embedded git forge, or the infrastructure repository's host. */
export type ProposalForge = 'local' | InfrastructureHost;

/** The `sparki.environments` configuration, read once at startup. */
export interface EnvironmentsConfig {
  allowedAccounts: AllowedAccount[];
  allowedRegions: string[];
  moduleSource: string;
  moduleRef?: string;
  modulesDir: string;
  infrastructureRepo: string;
  /** The kind of host the infrastructure repository is on, from the `integrations` of its host. */
  infrastructureHost: InfrastructureHost;
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
  const infrastructureRepo = root.getString('infrastructureRepo');
  return {
    allowedAccounts,
    allowedRegions: root.getStringArray('allowedRegions'),
    moduleSource: root.getString('moduleSource').replace(/\/+$/, ''),
    moduleRef: root.getOptionalString('moduleRef'),
    modulesDir: path.resolve(root.getString('modulesDir')),
    infrastructureRepo,
    infrastructureHost: infrastructureHostOf(config, infrastructureRepo),
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

/**
 * GitHub or GitLab, by the integration `integrations` configures for the repository's host
 * (github.com and gitlab.com have one by default); any other host is refused at startup, since
 * the templates only know how to propose a change to those two.
 */
function infrastructureHostOf(
  config: Config,
  infrastructureRepo: string,
): InfrastructureHost {
  const [host] = infrastructureRepo.split('?');
  const type = ScmIntegrations.fromConfig(config).byHost(host)?.type;
  if (type === 'github' || type === 'gitlab') return type;
  throw new Error(
    `sparki.environments.infrastructureRepo "${infrastructureRepo}": host ${host} has ${
      type ? `a ${type} integration` : 'no integration'
    }; configure it under integrations.github or integrations.gitlab`,
  );
}

/** The forge the templates propose changes on: the local one when configured. */
export function proposalForge(config: EnvironmentsConfig): ProposalForge {
  return config.localForge ? 'local' : config.infrastructureHost;
}

function optionalPath(value: string | undefined): string | undefined {
  return value === undefined ? undefined : path.resolve(value);
}

/**
 * Browser URL of the infrastructure repository, e.g. https://github.com/sparki-org/infrastructure
 * (on GitLab the owner may be a group path, `group/subgroup`).
 */
export function infrastructureRepoWebUrl(config: EnvironmentsConfig): string {
  const [host, query = ''] = config.infrastructureRepo.split('?');
  const params = new URLSearchParams(query);
  const owner = params.get('owner');
  const repo = params.get('repo');
  if (!owner || !repo) {
    throw new Error(
      `sparki.environments.infrastructureRepo "${config.infrastructureRepo}" must look like ${host}?owner=<owner>&repo=<repo>`,
    );
  }
  return `https://${host}/${owner}/${repo}`;
}

/**
 * Path prefix of a file (`blob`) or directory (`tree`) view on a branch: GitHub's
 * `/blob/<branch>/`, GitLab's `/-/blob/<branch>/`.
 */
export function infrastructureViewPrefix(
  config: EnvironmentsConfig,
  view: 'blob' | 'tree',
): string {
  const separator = config.infrastructureHost === 'gitlab' ? '/-' : '';
  return `${infrastructureRepoWebUrl(config)}${separator}/${view}/${
    config.infrastructureBranch
  }/`;
}

/** Browser URL of a file on the default branch of the infrastructure repository. */
export function infrastructureFileUrl(
  config: EnvironmentsConfig,
  filePath: string,
): string {
  return `${infrastructureViewPrefix(config, 'blob')}${filePath}`;
}

/** URL of a directory on the default branch of the infrastructure repository, for fetch:plain. */
export function infrastructureTreeUrl(
  config: EnvironmentsConfig,
  dirPath: string,
): string {
  return `${infrastructureViewPrefix(config, 'tree')}${dirPath}`;
}
