import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import {
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ApiClusterSource } from '../config/clusters';
import { createEksToken } from './eksToken';

/** Where Kubernetes mounts a pod's service account token; kubelet rotates it in place. */
export const inClusterTokenPath =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeConfigDependencies {
  /** Resolves AWS credentials for an EKS cluster; defaults to the SDK's chain or an assumed role. */
  awsCredentials?: (source: ApiClusterSource) => AwsCredentialIdentityProvider;
  readTokenFile?: (path: string) => Promise<string>;
}

function defaultAwsCredentials(
  source: ApiClusterSource,
): AwsCredentialIdentityProvider {
  if (source.auth.provider !== 'aws' || !source.auth.assumeRole) {
    return fromNodeProviderChain();
  }
  return fromTemporaryCredentials({
    params: {
      RoleArn: source.auth.assumeRole,
      ExternalId: source.auth.externalId,
      RoleSessionName: 'sparki-security-posture',
    },
  });
}

async function bearerToken(
  source: ApiClusterSource,
  dependencies: KubeConfigDependencies,
): Promise<string> {
  if (source.auth.provider === 'aws') {
    const credentials = (dependencies.awsCredentials ?? defaultAwsCredentials)(
      source,
    );
    return createEksToken({
      clusterId: source.auth.clusterId,
      credentials,
      region: source.auth.region,
    });
  }
  if (source.auth.token) {
    return source.auth.token;
  }
  const read = dependencies.readTokenFile ?? (path => readFile(path, 'utf8'));
  return (await read(inClusterTokenPath)).trim();
}

/**
 * A KubeConfig for one scan: built fresh each time because EKS tokens expire after 60 s and
 * in-cluster tokens rotate.
 */
export async function createKubeConfig(
  source: ApiClusterSource,
  dependencies: KubeConfigDependencies = {},
): Promise<KubeConfig> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromClusterAndUser(
    {
      name: source.name,
      server: source.url,
      caData: source.caData,
      caFile: source.caFile,
      skipTLSVerify: source.skipTLSVerify,
    },
    {
      name: `${source.name}-security-posture`,
      token: await bearerToken(source, dependencies),
    },
  );
  return kubeConfig;
}
