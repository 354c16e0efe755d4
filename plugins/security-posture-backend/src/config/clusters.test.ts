import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse as parseYaml } from 'yaml';
import { readPostureOptions } from './clusters';

describe('readPostureOptions', () => {
  it('reads kubernetes config clusters and lets securityPosture override and add clusters', () => {
    const options = readPostureOptions(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'sparki-prod',
                  url: 'https://prod.eks.amazonaws.com',
                  authProvider: 'aws',
                  caData: 'Q0E=',
                  authMetadata: {
                    'kubernetes.io/aws-assume-role':
                      'arn:aws:iam::333333333333:role/posture-reader',
                    'kubernetes.io/aws-external-id': 'sparki',
                    'kubernetes.io/x-k8s-aws-id': 'prod-eks',
                  },
                },
                {
                  name: 'sparki-staging',
                  url: 'https://staging',
                  serviceAccountToken: 'old',
                },
              ],
            },
          ],
        },
        securityPosture: {
          clusters: [
            {
              name: 'sparki-staging',
              url: 'https://staging',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'new',
            },
            {
              name: 'sparki-dev',
              type: 'manifests',
              directory: 'examples/clusters/demo',
            },
          ],
          requestTimeout: { seconds: 5 },
          pageSize: 250,
          skipNamespaces: ['kube-system'],
          retention: { days: 30 },
          schedule: { frequency: { minutes: 10 }, timeout: { minutes: 2 } },
          scanOnStartup: true,
        },
      }),
      '/srv/backstage',
    );
    expect(options.clusters).toEqual([
      {
        type: 'api',
        name: 'sparki-prod',
        url: 'https://prod.eks.amazonaws.com',
        caData: 'Q0E=',
        caFile: undefined,
        skipTLSVerify: false,
        auth: {
          provider: 'aws',
          assumeRole: 'arn:aws:iam::333333333333:role/posture-reader',
          externalId: 'sparki',
          clusterId: 'prod-eks',
          region: undefined,
        },
      },
      expect.objectContaining({
        name: 'sparki-staging',
        auth: { provider: 'serviceAccount', token: 'new' },
      }),
      {
        type: 'manifests',
        name: 'sparki-dev',
        directory: '/srv/backstage/examples/clusters/demo',
      },
    ]);
    expect(options).toMatchObject({
      requestTimeoutMs: 5000,
      pageSize: 250,
      skipNamespaces: ['kube-system'],
      retentionDays: 30,
      scanOnStartup: true,
      schedule: {
        frequency: { minutes: 10 },
        timeout: { minutes: 2 },
        scope: 'global',
      },
    });
  });

  it('has defaults for an empty config', () => {
    expect(readPostureOptions(new ConfigReader({}))).toEqual({
      clusters: [],
      schedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 15 },
        scope: 'global',
      },
      scanOnStartup: false,
      requestTimeoutMs: 30_000,
      pageSize: 500,
      skipNamespaces: [],
      retentionDays: 90,
      unsupported: [],
    });
  });

  it('skips kubernetes clusters it cannot scan, unless securityPosture redefines them', () => {
    const options = readPostureOptions(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'gke', url: 'https://gke', authProvider: 'google' },
                { name: 'aks', url: 'https://aks', authProvider: 'aks' },
                { name: 'eks', url: 'https://eks', authProvider: 'aws' },
              ],
            },
          ],
        },
        securityPosture: {
          clusters: [
            { name: 'aks', url: 'https://aks', serviceAccountToken: 'token' },
          ],
        },
      }),
    );
    expect(options.clusters.map(c => c.name)).toEqual(['eks', 'aks']);
    expect(options.unsupported).toEqual([
      { name: 'gke', reason: expect.stringContaining('authProvider "google"') },
    ]);
  });

  it('rejects auth providers and values it cannot honour', () => {
    const withCluster = (cluster: object, extra: object = {}) =>
      new ConfigReader({ securityPosture: { clusters: [cluster], ...extra } });
    expect(() =>
      readPostureOptions(
        withCluster({ name: 'gke', url: 'https://x', authProvider: 'google' }),
      ),
    ).toThrow(/authProvider "google"/);
    expect(() =>
      readPostureOptions(withCluster({ name: 'x', type: 'kubeconfig' })),
    ).toThrow(/unknown type "kubeconfig"/);
    expect(() =>
      readPostureOptions(withCluster({ name: 'x', type: 'manifests' })),
    ).toThrow(/directory/);
    expect(() =>
      readPostureOptions(withCluster({ name: 'x', type: 'git' })),
    ).toThrow(/repository/);
    expect(() =>
      readPostureOptions(
        withCluster({ name: 'x', type: 'git', repository: 'r', path: '../up' }),
      ),
    ).toThrow(/without "\.\."/);
    expect(() =>
      readPostureOptions(
        new ConfigReader({ securityPosture: { pageSize: 0 } }),
      ),
    ).toThrow(/pageSize/);
    expect(() =>
      readPostureOptions(
        new ConfigReader({ securityPosture: { retention: { days: -1 } } }),
      ),
    ).toThrow(/retention/);
  });
});

describe('the demo configuration of app-config.yaml', () => {
  it('points sparki-dev at the demo manifests, relative to packages/backend', () => {
    const repoRoot = path.resolve(__dirname, '../../../..');
    const appConfig = parseYaml(
      readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    );
    const options = readPostureOptions(
      new ConfigReader({ securityPosture: appConfig.securityPosture }),
      path.join(repoRoot, 'packages/backend'),
    );
    expect(options.clusters).toEqual([
      {
        type: 'manifests',
        name: 'sparki-dev',
        directory: path.join(repoRoot, 'examples/clusters/demo'),
      },
      // The GitOps repository the deployments backend commits blue-green switches to.
      {
        type: 'git',
        name: 'sparki-prod',
        repository: path.join(repoRoot, '.data/gitops.git'),
        ref: 'HEAD',
        path: 'sparki-prod',
      },
    ]);
    expect(existsSync(path.join(repoRoot, 'examples/clusters/demo'))).toBe(
      true,
    );
    expect(options.scanOnStartup).toBe(true);
  });
});
