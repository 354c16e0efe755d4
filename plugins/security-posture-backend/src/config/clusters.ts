import path from 'node:path';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';

/** A cluster reached through its Kubernetes API server. */
export interface ApiClusterSource {
  type: 'api';
  name: string;
  url: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  auth:
    | {
        provider: 'serviceAccount';
        /** Absent: read the in-cluster token file at every scan (it rotates). */
        token?: string;
      }
    | {
        provider: 'aws';
        assumeRole?: string;
        externalId?: string;
        /** EKS cluster name signed into the token (`x-k8s-aws-id`); defaults to `name`. */
        clusterId: string;
        region?: string;
      };
}

/** A cluster whose objects are read from a directory of manifests (demo, offline review). */
export interface ManifestClusterSource {
  type: 'manifests';
  name: string;
  directory: string;
}

/**
 * A cluster whose objects are the manifests a GitOps controller syncs: read from a local git
 * repository at `ref` (default HEAD), so each scan sees the latest commit.
 */
export interface GitClusterSource {
  type: 'git';
  name: string;
  /** The repository (bare or not), a local path. */
  repository: string;
  ref: string;
  /** The directory in the repository holding this cluster's manifests ('' for all). */
  path: string;
}

export type ClusterSource =
  | ApiClusterSource
  | ManifestClusterSource
  | GitClusterSource;

export interface PostureOptions {
  clusters: ClusterSource[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  scanOnStartup: boolean;
  requestTimeoutMs: number;
  pageSize: number;
  skipNamespaces: string[];
  retentionDays: number;
  /**
   * Clusters of the kubernetes config this scanner cannot reach (e.g. an `authProvider` it does
   * not support), with the reason; the kubernetes plugin may still serve them.
   */
  unsupported: Array<{ name: string; reason: string }>;
}

const defaults = {
  schedule: {
    frequency: { hours: 1 },
    timeout: { minutes: 15 },
    scope: 'global',
  } as SchedulerServiceTaskScheduleDefinition,
  requestTimeout: { seconds: 30 } as HumanDuration,
  pageSize: 500,
  retentionDays: 90,
};

const authMetadataKeys = {
  assumeRole: 'kubernetes.io/aws-assume-role',
  externalId: 'kubernetes.io/aws-external-id',
  clusterId: 'kubernetes.io/x-k8s-aws-id',
};

/**
 * Reads one cluster entry. The API cluster fields are those of Backstage's kubernetes backend
 * (`kubernetes.clusterLocatorMethods[].clusters[]`), so the same block can serve both plugins.
 */
function readCluster(cluster: Config, baseDirectory: string): ClusterSource {
  const name = cluster.getString('name');
  const type = cluster.getOptionalString('type') ?? 'api';
  if (type === 'manifests') {
    return {
      type: 'manifests',
      name,
      directory: path.resolve(baseDirectory, cluster.getString('directory')),
    };
  }
  if (type === 'git') {
    const subPath = cluster.getOptionalString('path') ?? '';
    if (
      subPath.split('/').some(part => part === '..') ||
      subPath.startsWith('/')
    ) {
      throw new InputError(
        `securityPosture cluster "${name}": path must be relative to the repository, without ".."`,
      );
    }
    return {
      type: 'git',
      name,
      repository: path.resolve(baseDirectory, cluster.getString('repository')),
      ref: cluster.getOptionalString('ref') ?? 'HEAD',
      path: subPath.replace(/\/+$/, ''),
    };
  }
  if (type !== 'api') {
    throw new InputError(
      `securityPosture cluster "${name}" has unknown type "${type}"; use "api", "manifests" or "git"`,
    );
  }
  const authProvider =
    cluster.getOptionalString('authProvider') ?? 'serviceAccount';
  // Keys like `kubernetes.io/aws-assume-role` are not valid config paths: read the object whole.
  const metadata =
    cluster.getOptional<Record<string, unknown>>('authMetadata') ?? {};
  const metadataString = (key: string) =>
    typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined;
  let auth: ApiClusterSource['auth'];
  if (authProvider === 'serviceAccount') {
    auth = {
      provider: 'serviceAccount',
      token:
        cluster.getOptionalString('serviceAccountToken') ??
        metadataString('serviceAccountToken'),
    };
  } else if (authProvider === 'aws') {
    auth = {
      provider: 'aws',
      assumeRole:
        metadataString(authMetadataKeys.assumeRole) ??
        cluster.getOptionalString('assumeRole'),
      externalId:
        metadataString(authMetadataKeys.externalId) ??
        cluster.getOptionalString('externalId'),
      clusterId:
        metadataString(authMetadataKeys.clusterId) ??
        cluster.getOptionalString('awsClusterName') ??
        name,
      region: cluster.getOptionalString('region'),
    };
  } else {
    throw new InputError(
      `Cluster "${name}" uses authProvider "${authProvider}"; the security posture scanner supports "serviceAccount" and "aws"`,
    );
  }
  return {
    type: 'api',
    name,
    url: cluster.getString('url'),
    caData: cluster.getOptionalString('caData'),
    caFile: cluster.getOptionalString('caFile'),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    auth,
  };
}

/**
 * Clusters come from `kubernetes.clusterLocatorMethods` entries of type `config`, then from
 * `securityPosture.clusters`; an entry of ours replaces the kubernetes one of the same name.
 */
export function readPostureOptions(
  config: Config,
  baseDirectory: string = process.cwd(),
): PostureOptions {
  const byName = new Map<string, ClusterSource>();
  const unsupported: PostureOptions['unsupported'] = [];
  for (const locator of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (locator.getString('type') !== 'config') continue;
    for (const cluster of locator.getOptionalConfigArray('clusters') ?? []) {
      // The kubernetes block belongs to another plugin: a cluster we cannot scan is skipped
      // (and reported) instead of failing the backend. Our own block below is strict.
      try {
        const source = readCluster(cluster, baseDirectory);
        byName.set(source.name, source);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        unsupported.push({
          name: cluster.getString('name'),
          reason: error.message,
        });
      }
    }
  }
  const posture = config.getOptionalConfig('securityPosture');
  for (const cluster of posture?.getOptionalConfigArray('clusters') ?? []) {
    const source = readCluster(cluster, baseDirectory);
    byName.set(source.name, source);
  }

  const schedule = posture?.has('schedule')
    ? {
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          posture.getConfig('schedule'),
        ),
        scope: 'global' as const,
      }
    : defaults.schedule;
  const requestTimeout = posture?.has('requestTimeout')
    ? readDurationFromConfig(posture, { key: 'requestTimeout' })
    : defaults.requestTimeout;
  const pageSize = posture?.getOptionalNumber('pageSize') ?? defaults.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InputError(
      `securityPosture.pageSize must be a positive integer, got ${pageSize}`,
    );
  }
  const retentionDays =
    posture?.getOptionalNumber('retention.days') ?? defaults.retentionDays;
  if (!(retentionDays > 0)) {
    throw new InputError(
      `securityPosture.retention.days must be positive, got ${retentionDays}`,
    );
  }

  return {
    clusters: [...byName.values()],
    schedule,
    scanOnStartup: posture?.getOptionalBoolean('scanOnStartup') ?? false,
    requestTimeoutMs: durationToMilliseconds(requestTimeout),
    pageSize,
    skipNamespaces: posture?.getOptionalStringArray('skipNamespaces') ?? [],
    retentionDays,
    unsupported: unsupported.filter(({ name }) => !byName.has(name)),
  };
}
