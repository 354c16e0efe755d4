import { readGitHubConfig, serviceOfRepository } from './config';

const repositories = [
  { serviceRef: 'component:default/payments', owner: 'acme', repo: 'payments' },
];

describe('readGitHubConfig', () => {
  it('is off when absent and defaults to api.github.com', () => {
    expect(readGitHubConfig(undefined)).toBeUndefined();
    expect(readGitHubConfig({ repositories })).toEqual({
      baseUrl: 'https://api.github.com',
      repositories,
    });
    expect(
      readGitHubConfig({ baseUrl: 'https://ghe.example/api/v3/' })?.baseUrl,
    ).toBe('https://ghe.example/api/v3');
  });

  it('maps repositories to services case-insensitively, from config only', () => {
    const config = readGitHubConfig({ repositories })!;
    expect(serviceOfRepository(config, 'ACME', 'Payments')).toBe(
      'component:default/payments',
    );
    expect(serviceOfRepository(config, 'acme', 'other')).toBeUndefined();
  });

  it('refuses bad config with every problem and its path', () => {
    expect(() =>
      readGitHubConfig({
        repositories: [{ serviceRef: 'payments', owner: 'a b', repo: 'r' }],
        protectionRule: { webhookSecret: 'short', appId: 'x', privateKey: 'k' },
        extra: true,
      }),
    ).toThrow(
      /repositories\.0\.serviceRef[\s\S]*repositories\.0\.owner[\s\S]*webhookSecret[\s\S]*appId[\s\S]*privateKey/,
    );
    expect(() =>
      readGitHubConfig({ repositories: [...repositories, ...repositories] }),
    ).toThrow(/acme\/payments is mapped twice/);
  });
});
