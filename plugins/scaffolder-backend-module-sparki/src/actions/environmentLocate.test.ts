import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readEnvironmentsConfig } from '../config';
import { environmentsConfigData } from '../__testUtils__/fixtures';
import { createEnvironmentLocateAction } from './environmentLocate';

const config = readEnvironmentsConfig(
  new ConfigReader({ sparki: { environments: environmentsConfigData } }),
);

const infrastructure = 'https://github.com/sparki-org/infrastructure';

function environment(
  name: string,
  locations: { location?: string; origin?: string },
  overrides: { namespace?: string; type?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: overrides.namespace ?? 'default',
      annotations: {
        ...(locations.location && {
          'backstage.io/managed-by-location': locations.location,
        }),
        ...(locations.origin && {
          'backstage.io/managed-by-origin-location': locations.origin,
        }),
        // Whatever an entity claims as its source is never where the root is fetched from.
        'backstage.io/source-location':
          'url:https://github.com/attacker/infrastructure/tree/main/environments/orders-qa/',
      },
    },
    spec: { type: overrides.type ?? 'environment', owner: 'group:default/x' },
  };
}

const registered = `url:${infrastructure}/blob/main/environments/orders-qa/catalog-info.yaml`;

const entities = [
  environment('orders-qa', { location: registered, origin: registered }),
  // Registered from the infrastructure repository by a discovery location at its root.
  environment('discovered', {
    location: `url:${infrastructure}/blob/main/environments/discovered/catalog-info.yaml`,
    origin: `url:${infrastructure}/blob/main/catalog-info.yaml`,
  }),
  // A look-alike of orders-qa, registered by anyone from their own repository.
  environment(
    'orders-qa',
    {
      location:
        'url:https://github.com/attacker/infra/blob/main/orders-qa.yaml',
      origin: 'url:https://github.com/attacker/infra/blob/main/orders-qa.yaml',
    },
    { namespace: 'attacker' },
  ),
  // Its file lives in the infrastructure repository, but it was registered through a location
  // elsewhere, which could change it at will.
  environment('relayed', {
    location: `url:${infrastructure}/blob/main/environments/relayed/catalog-info.yaml`,
    origin: 'url:https://github.com/attacker/infra/blob/main/catalog-info.yaml',
  }),
  environment('on-branch', {
    location: `url:${infrastructure}/blob/unreviewed/environments/on-branch/catalog-info.yaml`,
    origin: `url:${infrastructure}/blob/unreviewed/environments/on-branch/catalog-info.yaml`,
  }),
  environment('sneaky', {
    location: `url:${infrastructure}-fork/blob/main/environments/sneaky/catalog-info.yaml`,
    origin: `url:https://github.com@attacker.example/sparki-org/infrastructure/blob/main/x.yaml`,
  }),
  environment('dotted', {
    location: `url:${infrastructure}/blob/main/../../attacker/infra/blob/main/dotted.yaml`,
    origin: `url:${infrastructure}/blob/main/%2e%2e/%2e%2e/attacker/infra/blob/main/dotted.yaml`,
  }),
  environment('from-file', {
    location: 'file:/tmp/catalog-info.yaml',
    origin: 'file:/tmp/catalog-info.yaml',
  }),
  environment('unlocated', {}),
  environment(
    'a-cluster',
    { location: registered, origin: registered },
    { type: 'kubernetes-cluster' },
  ),
  environment('Not_An_Env', { location: registered, origin: registered }),
];

describe('sparki:environment:locate', () => {
  const action = createEnvironmentLocateAction({
    catalog: catalogServiceMock({ entities }),
    config,
  });

  async function run(environmentRef: string) {
    const context = createMockActionContext({
      input: { environment: environmentRef },
    });
    await action.handler(context as any);
    return context;
  }

  async function refusal(environmentRef: string): Promise<string> {
    try {
      await run(environmentRef);
    } catch (error) {
      expect((error as Error).name).toBe('InputError');
      return (error as Error).message;
    }
    throw new Error('expected the environment to be refused');
  }

  it('builds the source URL from the infrastructure repository, never from the entity', async () => {
    const context = await run('resource:default/orders-qa');
    expect(context.output).toHaveBeenCalledWith('name', 'orders-qa');
    expect(context.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/orders-qa',
    );
    expect(context.output).toHaveBeenCalledWith(
      'targetPath',
      'environments/orders-qa',
    );
    expect(context.output).toHaveBeenCalledWith(
      'sourceUrl',
      `${infrastructure}/tree/main/environments/orders-qa`,
    );
  });

  it('accepts an environment discovered anywhere in the infrastructure repository', async () => {
    const context = await run('resource:default/discovered');
    expect(context.output).toHaveBeenCalledWith(
      'sourceUrl',
      `${infrastructure}/tree/main/environments/discovered`,
    );
  });

  it('refuses a look-alike registered from another repository, saying where it came from', async () => {
    const message = await refusal('resource:attacker/orders-qa');
    expect(message).toContain(
      'Environment resource:attacker/orders-qa cannot be updated',
    );
    expect(message).toContain(
      `- its location (backstage.io/managed-by-location) url:https://github.com/attacker/infra/blob/main/orders-qa.yaml is not in the infrastructure repository: only environments registered from ${infrastructure}/blob/main/ can be updated`,
    );
    expect(message).toContain(
      '- its origin location (backstage.io/managed-by-origin-location) url:https://github.com/attacker/infra/blob/main/orders-qa.yaml is not in the infrastructure repository',
    );
  });

  it('refuses an entity registered through a location outside the infrastructure repository', async () => {
    const message = await refusal('resource:default/relayed');
    expect(message).toContain(
      'its origin location (backstage.io/managed-by-origin-location) url:https://github.com/attacker/infra/blob/main/catalog-info.yaml is not in the infrastructure repository',
    );
    expect(message).not.toContain('managed-by-location)');
  });

  it.each([
    ['on-branch', 'an unreviewed branch'],
    ['sneaky', 'a look-alike repository or host'],
    ['dotted', 'dot segments'],
    ['from-file', 'a file location'],
  ])('refuses %s (%s)', async name => {
    const message = await refusal(`resource:default/${name}`);
    expect(message).toContain(
      `its location (backstage.io/managed-by-location)`,
    );
    expect(message).toContain('is not in the infrastructure repository');
  });

  it('refuses an entity without location annotations', async () => {
    expect(await refusal('resource:default/unlocated')).toContain(
      'it has no backstage.io/managed-by-location annotation',
    );
  });

  it('refuses what is not an environment', async () => {
    expect(await refusal('resource:default/a-cluster')).toContain(
      'it is a Resource of type kubernetes-cluster, not an environment',
    );
    expect(await refusal('component:default/qa')).toContain(
      '"component:default/qa" is not a Resource',
    );
    expect(await refusal('resource:default/missing')).toContain(
      'resource:default/missing is not in the catalog',
    );
    expect(await refusal('resource:default/Not_An_Env')).toContain(
      'its name "Not_An_Env" is not an environment name',
    );
    expect(await refusal('resource:default/')).toContain(
      '"resource:default/" is not an entity reference',
    );
  });
});

describe('sparki:environment:locate on the local forge', () => {
  const localConfig = readEnvironmentsConfig(
    new ConfigReader({
      sparki: {
        environments: {
          ...environmentsConfigData,
          localForge: { directory: '/tmp/unused.git' },
        },
      },
    }),
  );
  const onMain =
    'sparki-forge:main:environments/payments-dev/catalog-info.yaml';
  const onBranch =
    'sparki-forge:environment/orders-dev:environments/orders-dev/catalog-info.yaml';
  const action = createEnvironmentLocateAction({
    catalog: catalogServiceMock({
      entities: [
        environment('payments-dev', { location: onMain, origin: onMain }),
        environment('orders-dev', { location: onBranch, origin: onBranch }),
        // A GitHub location does not count on the local forge.
        environment('orders-qa', { location: registered, origin: registered }),
      ],
    }),
    config: localConfig,
  });

  async function run(environmentRef: string) {
    const context = createMockActionContext({
      input: { environment: environmentRef },
    });
    await action.handler(context as any);
    return context;
  }

  it('locates an environment the forge provider read from main', async () => {
    const context = await run('resource:default/payments-dev');
    expect(context.output).toHaveBeenCalledWith('forge', 'local');
    expect(context.output).toHaveBeenCalledWith(
      'targetPath',
      'environments/payments-dev',
    );
    expect(context.output).not.toHaveBeenCalledWith(
      'sourceUrl',
      expect.anything(),
    );
  });

  it('refuses a proposed environment and one from elsewhere', async () => {
    await expect(run('resource:default/orders-dev')).rejects.toThrow(
      `its location (backstage.io/managed-by-location) is ${onBranch}, not sparki-forge:main:environments/orders-dev/catalog-info.yaml: only environments on main of the local infrastructure repository can be updated`,
    );
    await expect(run('resource:default/orders-qa')).rejects.toThrow(
      'only environments on main of the local infrastructure repository can be updated',
    );
  });
});

describe('sparki:environment:locate on GitLab', () => {
  const gitlabConfig = readEnvironmentsConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example',
            apiBaseUrl: 'https://gitlab.example/api/v4',
            token: 'unused',
          },
        ],
      },
      sparki: {
        environments: {
          ...environmentsConfigData,
          infrastructureRepo:
            'gitlab.example?owner=platform/infra&repo=infrastructure',
        },
      },
    }),
  );
  const project = 'https://gitlab.example/platform/infra/infrastructure';
  const onMain = `url:${project}/-/blob/main/environments/payments-dev/catalog-info.yaml`;
  const action = createEnvironmentLocateAction({
    catalog: catalogServiceMock({
      entities: [
        environment('payments-dev', { location: onMain, origin: onMain }),
        // GitHub's path shape, which on GitLab names no file of the default branch.
        environment('github-shaped', {
          location: `url:${project}/blob/main/environments/github-shaped/catalog-info.yaml`,
          origin: `url:${project}/blob/main/environments/github-shaped/catalog-info.yaml`,
        }),
        environment('other-branch', {
          location: `url:${project}/-/blob/unreviewed/environments/other-branch/catalog-info.yaml`,
          origin: onMain,
        }),
      ],
    }),
    config: gitlabConfig,
  });

  async function run(environmentRef: string) {
    const context = createMockActionContext({
      input: { environment: environmentRef },
    });
    await action.handler(context as any);
    return context;
  }

  it("locates an environment read from the project's default branch, with GitLab's tree URL", async () => {
    const context = await run('resource:default/payments-dev');
    expect(context.output).toHaveBeenCalledWith('forge', 'gitlab');
    expect(context.output).toHaveBeenCalledWith(
      'sourceUrl',
      `${project}/-/tree/main/environments/payments-dev`,
    );
  });

  it('refuses locations outside /-/blob/<default branch>/ of the project', async () => {
    await expect(run('resource:default/github-shaped')).rejects.toThrow(
      `only environments registered from ${project}/-/blob/main/ can be updated`,
    );
    await expect(run('resource:default/other-branch')).rejects.toThrow(
      `its location (backstage.io/managed-by-location) url:${project}/-/blob/unreviewed/`,
    );
  });

  it('refuses at startup an infrastructure repository on a host with no GitHub or GitLab integration', () => {
    const readFor = (infrastructureRepo: string) => () =>
      readEnvironmentsConfig(
        new ConfigReader({
          integrations: { bitbucketServer: [{ host: 'bitbucket.example' }] },
          sparki: {
            environments: { ...environmentsConfigData, infrastructureRepo },
          },
        }),
      );
    expect(readFor('git.example?owner=o&repo=infrastructure')).toThrow(
      'sparki.environments.infrastructureRepo "git.example?owner=o&repo=infrastructure": host git.example has no integration; configure it under integrations.github or integrations.gitlab',
    );
    expect(readFor('bitbucket.example?owner=o&repo=infrastructure')).toThrow(
      'host bitbucket.example has a bitbucketServer integration',
    );
  });
});
