import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readRolloutConfig } from './config';

const blueGreen = {
  serviceRef: 'component:default/sparki-api',
  environment: 'prod',
  provider: 'kubernetes-blue-green',
  cluster: 'sparki-prod',
  namespace: 'sparki-api',
  service: 'sparki-api',
};
const gitops = {
  serviceRef: 'component:default/sparki-api',
  environment: 'prod',
  provider: 'gitops',
  repository: 'r.git',
  namespace: 'sparki-api',
  service: 'sparki-api',
};
const cluster = {
  name: 'sparki-prod',
  url: 'https://prod.example.com',
  serviceAccountToken: 't',
};

describe('readRolloutConfig', () => {
  it('reads targets with their defaults and resolves repository paths', () => {
    const config = readRolloutConfig(
      {
        clusters: [cluster],
        targets: [
          { ...blueGreen, healthWatch: { minutes: 5 } },
          {
            serviceRef: 'component:default/sparki-api',
            environment: 'staging',
            provider: 'gitops',
            repository: '../gitops.git',
            file: 'staging/services.yaml',
            namespace: 'sparki-api',
            service: 'sparki-api',
          },
        ],
      },
      '/srv/backend',
    );
    expect(config.targets[0].healthWatch).toEqual({
      minutes: 5,
      intervalSeconds: 30,
    });
    expect(config.targets[1]).toMatchObject({
      repository: '/srv/gitops.git',
      branch: 'main',
    });
    expect(readRolloutConfig(undefined)).toEqual({ clusters: [], targets: [] });
  });

  it('refuses what would aim a switch at the wrong place, with the path of each problem', () => {
    expect(() =>
      readRolloutConfig({ targets: [{ ...blueGreen, provider: 'helm' }] }),
    ).toThrow(/targets\.0\.provider: expected provider kubernetes-blue-green/);
    expect(() => readRolloutConfig({ targets: [blueGreen] })).toThrow(
      /targets\.0\.cluster: no cluster "sparki-prod"/,
    );
    expect(() =>
      readRolloutConfig({
        clusters: [cluster],
        targets: [blueGreen, blueGreen],
      }),
    ).toThrow(/component:default\/sparki-api in prod is configured twice/);
    expect(() =>
      readRolloutConfig({
        clusters: [cluster],
        targets: [{ ...blueGreen, namespace: 'Sparki API' }],
      }),
    ).toThrow(/targets\.0\.namespace: expected a namespace/);
    expect(() =>
      readRolloutConfig({
        targets: [{ ...gitops, file: '../../etc/passwd.yaml' }],
      }),
    ).toThrow(/targets\.0\.file: expected a relative path/);
    expect(() =>
      readRolloutConfig({
        targets: [{ ...gitops, file: 'a.yaml', healthWatch: { minutes: 5 } }],
      }),
    ).toThrow(/healthWatch\.url: a gitops target has no cluster to check/);
  });

  it('accepts the demo configuration of app-config.yaml', () => {
    const repoRoot = path.resolve(__dirname, '../../../..');
    const appConfig = parseYaml(
      readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    );
    const config = readRolloutConfig(
      appConfig.deployments.rollout,
      path.join(repoRoot, 'packages/backend'),
    );
    expect(config.targets).toEqual([
      expect.objectContaining({
        provider: 'gitops',
        repository: path.join(repoRoot, '.data/gitops.git'),
        seedDirectory: path.join(repoRoot, 'examples/gitops'),
      }),
    ]);
  });
});
