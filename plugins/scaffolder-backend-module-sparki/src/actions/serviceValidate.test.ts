import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonObject } from '@backstage/types';
import { readEnvironmentsConfig } from '../config';
import {
  demoCatalogEntities,
  environmentsConfigData,
} from '../__testUtils__/fixtures';
import { readServicesConfig } from '../service/servicesConfig';
import { createServiceValidateAction } from './serviceValidate';

const gateAction = `sparki-org/sparki-portal/.github/actions/sparki-gate@${'0123456789'.repeat(
  4,
)}`;

const validInput = {
  name: 'payments-api',
  owner: 'group:default/platform-team',
  system: 'system:default/sparki',
  environments: [
    'resource:default/sparki-prod',
    'resource:default/sparki-dev',
    'resource:default/sparki-staging',
  ],
  port: 8080,
  healthPath: '/healthz',
};

/** A second dev environment, and one whose annotations could not be written into a workflow. */
const extraEnvironments: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'other-dev',
      annotations: {
        'sparki.io/tier': 'dev',
        'sparki.io/region': 'eu-central-1',
        'amazonaws.com/account-id': '111111111111',
      },
    },
    spec: { type: 'environment', owner: 'group:default/platform-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'odd-staging',
      annotations: {
        'sparki.io/tier': 'staging',
        'sparki.io/region': 'eu-west-1"\nevil: 1',
        'amazonaws.com/account-id': '222222222222',
      },
    },
    spec: { type: 'environment', owner: 'group:default/platform-team' },
  },
];

function createAction(
  options: { localForge?: boolean; services?: JsonObject | null } = {},
) {
  const environments = {
    ...environmentsConfigData,
    ...(options.localForge
      ? { localForge: { directory: '/tmp/unused.git' } }
      : {}),
  };
  const services =
    options.services === null ? undefined : options.services ?? { gateAction };
  const config = new ConfigReader({
    backend: { baseUrl: 'http://localhost:7007' },
    sparki: { environments, ...(services ? { services } : {}) },
  });
  return createServiceValidateAction({
    catalog: catalogServiceMock({
      entities: [...demoCatalogEntities(), ...extraEnvironments],
    }),
    environments: readEnvironmentsConfig(config),
    services: readServicesConfig(config),
  });
}

async function run(input: JsonObject, action = createAction()) {
  const context = createMockActionContext({ input });
  await action.handler(context as any);
  return context;
}

async function refusal(
  input: JsonObject,
  action = createAction(),
): Promise<string> {
  try {
    await run(input, action);
  } catch (error) {
    expect((error as Error).name).toBe('InputError');
    return (error as Error).message;
  }
  throw new Error('expected the request to be refused');
}

describe('sparki:service:validate', () => {
  it('accepts a valid request and resolves the deploy targets in pipeline order', async () => {
    const context = await run(validInput);
    const outputs = Object.fromEntries(
      (context.output as jest.Mock).mock.calls,
    );
    expect(outputs).toEqual({
      owner: 'group:default/platform-team',
      system: 'system:default/sparki',
      serviceRef: 'component:default/payments-api',
      targets: [
        ['dev', '111111111111'],
        ['staging', '222222222222'],
        ['prod', '333333333333'],
      ].map(([tier, accountId]) => ({
        tier,
        name: `sparki-${tier}`,
        entityRef: `resource:default/sparki-${tier}`,
        cluster: `sparki-${tier}`,
        region: 'eu-west-1',
        accountId,
      })),
      image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
      pullAccounts: ['222222222222', '333333333333'],
      gateAction,
      portalUrl: 'http://localhost:7007',
      ingressNamespace: 'ingress-nginx',
      runbooks: [
        'production-deployment',
        'blue-green-deployment',
        'rollback',
        'deployment-failure',
      ],
      backend: {
        bucket: 'sparki-terraform-state-111111111111',
        key: 'services/payments-api/terraform.tfstate',
        region: 'eu-west-1',
        lockTable: 'sparki-terraform-locks',
      },
      forge: 'github',
      isDryRun: false,
      targetPath: 'services/payments-api',
      repoSlug: 'sparki-org/payments-api',
      repoUrl: 'github.com?owner=sparki-org&repo=payments-api',
      catalogInfoUrl:
        'https://github.com/sparki-org/payments-api/blob/main/catalog-info.yaml',
    });
  });

  it('publishes on the local forge when it is configured, and to the configured GitHub owner', async () => {
    const local = await run(validInput, createAction({ localForge: true }));
    expect(local.output).toHaveBeenCalledWith('forge', 'local');
    const owned = await run(
      validInput,
      createAction({ services: { gateAction, repoOwner: 'payments-team' } }),
    );
    expect(owned.output).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=payments-team&repo=payments-api',
    );
  });

  it('refuses to run without sparki.services', async () => {
    expect(
      await refusal(validInput, createAction({ services: null })),
    ).toContain('sparki:service:validate needs sparki.services (gateAction)');
  });

  it('refuses a gate action that is not pinned to a commit, at startup', () => {
    expect(() =>
      createAction({
        services: {
          gateAction:
            'sparki-org/sparki-portal/.github/actions/sparki-gate@main',
        },
      }),
    ).toThrow(
      'sparki.services.gateAction "sparki-org/sparki-portal/.github/actions/sparki-gate@main" must be <owner>/<repo>/<path>@<full 40-character commit sha>',
    );
  });

  it('lists every reason at once', async () => {
    const message = await refusal({
      name: 'Payments_API',
      owner: 'user:default/alice',
      system: 'component:default/sparki-api',
      environments: [
        'resource:default/sparki-dev',
        'group:default/platform-team',
      ],
      port: 80,
      healthPath: '/../etc/passwd',
    });
    expect(message.split('\n')).toEqual([
      'Service "Payments_API" is refused:',
      '- name "Payments_API" must be a DNS label of 3-40 lowercase letters, digits or dashes, starting with a letter and not ending with a dash',
      '- owner "user:default/alice" must be the entity reference of a group (group:<namespace>/<name>)',
      '- system "component:default/sparki-api" must be the entity reference of a system (system:<namespace>/<name>)',
      '- environment "group:default/platform-team" must be the entity reference of a Sparki environment (resource:<namespace>/<name>)',
      '- environments: pick one staging environment: the pipeline deploys to dev, then staging, then prod',
      '- environments: pick one prod environment: the pipeline deploys to dev, then staging, then prod',
      '- container port 80 must be a whole number from 1024 to 65535: the container runs as non-root without capabilities, so it cannot bind a privileged port',
      '- health path "/../etc/passwd" must be an absolute URL path of letters, digits and . _ ~ / - (at most 128 characters, no . or .. segments), e.g. /healthz',
    ]);
  });

  it('refuses a service without environments (the form does not require a minimum)', async () => {
    const message = await refusal({ ...validInput, environments: [] });
    expect(message.split('\n').slice(1)).toEqual([
      '- environments: pick one dev environment: the pipeline deploys to dev, then staging, then prod',
      '- environments: pick one staging environment: the pipeline deploys to dev, then staging, then prod',
      '- environments: pick one prod environment: the pipeline deploys to dev, then staging, then prod',
    ]);
  });

  it('refuses two environments of one tier, and an environment whose annotations are not well-formed', async () => {
    const message = await refusal({
      ...validInput,
      environments: [
        ...validInput.environments,
        'resource:default/other-dev',
        'resource:default/odd-staging',
      ],
    });
    expect(message).toContain(
      '- environment "resource:default/odd-staging" has no valid region (annotation sparki.io/region)',
    );
    expect(message).toContain(
      '- environments: pick one dev environment, not resource:default/sparki-dev and resource:default/other-dev',
    );
  });

  it('refuses an owner or environment the catalog does not have', async () => {
    const message = await refusal({
      ...validInput,
      owner: 'group:default/nobody',
      environments: [
        ...validInput.environments.slice(0, 2),
        'resource:default/sparki-nowhere',
      ],
    });
    expect(message).toContain(
      '- owner "group:default/nobody" is not in the catalog',
    );
    expect(message).toContain(
      '- environment "resource:default/sparki-nowhere" is not in the catalog',
    );
  });
});
