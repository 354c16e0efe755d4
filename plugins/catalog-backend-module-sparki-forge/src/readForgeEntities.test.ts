import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ForgeEntityProvider } from './ForgeEntityProvider';
import { readForgeEntities } from './readForgeEntities';

jest.setTimeout(120_000);

const modulesDir = path.resolve(
  __dirname,
  '../../../templates/terraform/modules',
);
const appBaseUrl = 'http://portal.example';

/** A root as the sparki-environment skeleton renders it (the files the provider reads). */
function root(name: string, cidr: string, options: { redis?: boolean } = {}) {
  const catalogInfo = `apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}
  title: Environment ${name}
  annotations:
    amazonaws.com/account-id: '111111111111'
    sparki.io/region: eu-west-1
    sparki.io/tier: dev
spec:
  type: environment
  owner: group:default/platform-team
  system: system:default/sparki
  dependsOn:
    - resource:default/${name}-eks
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}-eks
  annotations:
    sparki.io/cluster-name: ${name}
spec:
  type: kubernetes-cluster
  owner: group:default/platform-team
`;
  const tfvars = `environment    = "${name}"
tier           = "dev"
aws_account_id = "111111111111"
aws_region     = "eu-west-1"
vpc_cidr       = "${cidr}"
enable_database = true
enable_redis    = ${options.redis ?? false}
`;
  return [
    {
      path: `environments/${name}/catalog-info.yaml`,
      content: Buffer.from(catalogInfo),
    },
    {
      path: `environments/${name}/${name}.tfvars`,
      content: Buffer.from(tfvars),
    },
    { path: `environments/${name}/main.tf`, content: Buffer.from('# root\n') },
  ];
}

describe('readForgeEntities', () => {
  let dir: string;
  let forge: LocalForge;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-provider-'));
    forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const propose = (name: string, cidr: string, redis?: boolean) =>
    forge.propose({
      branch: `environment/${name}`,
      title: `Environment ${name} (dev)`,
      body: 'Requested through the portal.',
      author: 'user:default/alice',
      files: root(name, cidr, { redis }),
    });

  const decommission = (name: string) =>
    forge.propose({
      branch: `decommission/${name}`,
      title: `Decommission ${name}`,
      body: '',
      author: 'user:default/alice',
      files: [],
      removePaths: [`environments/${name}`],
    });

  /** Every entity by ref, with the annotations the lifecycle card and the CIDR check read. */
  async function catalogView() {
    const { environments, problems } = await readForgeEntities(forge, {
      appBaseUrl,
    });
    const byRef: Record<string, Entity> = {};
    for (const entity of environments.flatMap(e => e.entities)) {
      byRef[stringifyEntityRef(entity)] = entity;
    }
    return { byRef, problems, environments };
  }

  it('shows an open change as proposed, with its CIDR, change link and data stores', async () => {
    await propose('payments-dev', '10.40.0.0/16', true);
    const { byRef, problems } = await catalogView();
    expect(problems).toEqual([]);
    expect(Object.keys(byRef).sort()).toEqual([
      'resource:default/payments-dev',
      'resource:default/payments-dev-db',
      'resource:default/payments-dev-eks',
      'resource:default/payments-dev-redis',
    ]);
    const environment = byRef['resource:default/payments-dev'];
    const location =
      'sparki-forge:environment/payments-dev:environments/payments-dev/catalog-info.yaml';
    expect(environment.metadata.annotations).toMatchObject({
      'sparki.io/lifecycle': 'proposed',
      'sparki.io/forge-change': '1',
      // From the tfvars: catalog-info.yaml above does not carry it.
      'sparki.io/vpc-cidr': '10.40.0.0/16',
      'backstage.io/managed-by-location': location,
      'backstage.io/managed-by-origin-location': location,
    });
    expect(environment.metadata.links).toEqual([
      {
        url: 'http://portal.example/sparki-forge/changes/1',
        title: 'Change 1: Environment payments-dev (dev)',
      },
    ]);
    expect(byRef['resource:default/payments-dev-db']).toMatchObject({
      metadata: {
        annotations: {
          'sparki.io/lifecycle': 'proposed',
          'amazonaws.com/arn':
            'arn:aws:rds:eu-west-1:111111111111:db:payments-dev',
        },
      },
      spec: {
        type: 'database',
        owner: 'group:default/platform-team',
        dependsOn: ['resource:default/payments-dev'],
      },
    });
    expect(byRef['resource:default/payments-dev-redis'].spec?.type).toBe(
      'cache',
    );
  });

  it('follows an environment from proposed to active, decommission requested and retired', async () => {
    await propose('payments-dev', '10.40.0.0/16');
    const lifecycle = async () =>
      (await catalogView()).byRef['resource:default/payments-dev']?.metadata
        .annotations;

    await forge.merge('1', 'user:default/bob');
    expect(await lifecycle()).toMatchObject({
      'sparki.io/lifecycle': 'active',
      'backstage.io/managed-by-location':
        'sparki-forge:main:environments/payments-dev/catalog-info.yaml',
    });
    expect(await lifecycle()).not.toHaveProperty(['sparki.io/forge-change']);

    const removal = await decommission('payments-dev');
    expect(await lifecycle()).toMatchObject({
      'sparki.io/lifecycle': 'decommission-requested',
      'sparki.io/forge-change': removal.id,
    });

    await forge.merge(removal.id, 'user:default/bob');
    const retired = await lifecycle();
    expect(retired).toMatchObject({
      'sparki.io/lifecycle': 'retired',
      'sparki.io/vpc-cidr': '10.40.0.0/16',
    });
    expect(retired?.['backstage.io/managed-by-location']).toMatch(
      /^sparki-forge:[0-9a-f]{40}:environments\/payments-dev\/catalog-info\.yaml$/,
    );
  });

  it('reads a change merged with `git merge` by hand as active', async () => {
    await propose('payments-dev', '10.40.0.0/16');
    const clone = path.join(dir, 'clone');
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'Dana',
      GIT_AUTHOR_EMAIL: 'dana@example.com',
      GIT_COMMITTER_NAME: 'Dana',
      GIT_COMMITTER_EMAIL: 'dana@example.com',
    };
    execFileSync(
      'git',
      ['clone', '--quiet', path.join(dir, 'infrastructure.git'), clone],
      { env },
    );
    for (const args of [
      ['merge', '--quiet', 'origin/environment/payments-dev'],
      ['push', '--quiet', 'origin', 'main'],
    ]) {
      execFileSync('git', args, { cwd: clone, env, stdio: 'pipe' });
    }
    const { byRef } = await catalogView();
    expect(
      byRef['resource:default/payments-dev'].metadata.annotations?.[
        'sparki.io/lifecycle'
      ],
    ).toBe('active');
  });

  it('leaves out a root whose catalog-info.yaml declares anything but Resources', async () => {
    await propose('payments-dev', '10.40.0.0/16');
    await forge.propose({
      branch: 'environment/orders-dev',
      title: 'Environment orders-dev',
      body: '',
      author: 'user:default/mallory',
      files: [
        ...root('orders-dev', '10.50.0.0/16').slice(1),
        {
          path: 'environments/orders-dev/catalog-info.yaml',
          content: Buffer.from(
            'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: admins\nspec:\n  type: team\n  children: []\n',
          ),
        },
      ],
    });
    const { byRef, problems } = await catalogView();
    expect(Object.keys(byRef)).not.toContain('group:default/admins');
    expect(byRef['resource:default/payments-dev']).toBeDefined();
    expect(problems).toEqual([
      {
        name: 'orders-dev',
        revision: 'environment/orders-dev',
        message:
          'catalog-info.yaml of orders-dev may only declare Resources (backstage.io/v1alpha1) in the default namespace',
      },
    ]);
  });
});

describe('readForgeEntities on the demo forge', () => {
  it('serves the seeded environments as active, with what posture and deployments read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-seed-'));
    try {
      const forge = new LocalForge({
        directory: path.join(dir, 'infrastructure.git'),
        seedModulesDir: modulesDir,
        seedEnvironmentsDir: path.resolve(
          __dirname,
          '../../../examples/infrastructure/environments',
        ),
      });
      const { environments, problems } = await readForgeEntities(forge, {
        appBaseUrl,
      });
      expect(problems).toEqual([]);
      const byRef = Object.fromEntries(
        environments
          .flatMap(e => e.entities)
          .map(entity => [stringifyEntityRef(entity), entity]),
      );
      for (const [tier, cidr] of [
        ['dev', '10.10.0.0/16'],
        ['staging', '10.20.0.0/16'],
        ['prod', '10.30.0.0/16'],
      ]) {
        const name = `sparki-${tier}`;
        expect(byRef[`resource:default/${name}`]).toMatchObject({
          metadata: {
            annotations: {
              'sparki.io/lifecycle': 'active',
              'sparki.io/tier': tier,
              'sparki.io/vpc-cidr': cidr,
              'sparki.io/region': 'eu-west-1',
            },
          },
          spec: {
            type: 'environment',
            dependsOn: [
              `resource:default/${name}-eks`,
              `resource:default/aws-account-${tier}`,
            ],
          },
        });
        expect(byRef[`resource:default/${name}-eks`]).toMatchObject({
          metadata: { annotations: { 'sparki.io/cluster-name': name } },
          spec: { type: 'kubernetes-cluster' },
        });
        expect(byRef[`resource:default/${name}-db`]?.spec?.type).toBe(
          'database',
        );
        expect(byRef[`resource:default/${name}-redis`]?.spec?.type).toBe(
          'cache',
        );
      }
      expect(Object.keys(byRef)).toHaveLength(12);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ForgeEntityProvider', () => {
  it('replaces its entities with what the forge holds, a location key per environment and service', async () => {
    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'sparki-forge-provider-'),
    );
    try {
      const forge = new LocalForge({
        directory: path.join(dir, 'infrastructure.git'),
        seedModulesDir: modulesDir,
      });
      await forge.propose({
        branch: 'environment/payments-dev',
        title: 'Environment payments-dev',
        body: '',
        author: 'user:default/alice',
        files: root('payments-dev', '10.40.0.0/16'),
      });
      const service = (name: string, owner: string) =>
        forge.propose({
          branch: `service/${name}`,
          title: `Service ${name}`,
          body: '',
          author: 'user:default/alice',
          files: [
            {
              path: `services/${name}/catalog-info.yaml`,
              content: Buffer.from(
                `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: ${owner}\n  system: system:default/sparki\n`,
              ),
            },
          ],
        });
      await service('payments-api', 'group:default/platform-team');
      await service('evil-api', 'user:default/mallory');
      const logger = mockServices.logger.mock();
      const provider = new ForgeEntityProvider({
        forge,
        appBaseUrl,
        logger,
      });
      const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
      await provider.connect(connection);
      // Connecting reads the forge at once; a refresh reads it again, after that first read.
      await provider.refresh();
      expect(connection.applyMutation).toHaveBeenCalledTimes(2);
      expect(connection.applyMutation.mock.calls[0][0]).toEqual(
        connection.applyMutation.mock.calls[1][0],
      );
      const mutation = connection.applyMutation.mock.calls[1][0];
      expect(mutation.type).toBe('full');
      expect(
        mutation.entities.map((e: any) => [
          e.entity.metadata.name,
          e.locationKey,
        ]),
      ).toEqual([
        ['payments-dev', 'sparki-forge:payments-dev'],
        ['payments-dev-eks', 'sparki-forge:payments-dev'],
        ['payments-dev-db', 'sparki-forge:payments-dev'],
        ['payments-api', 'sparki-forge:services/payments-api'],
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Service evil-api on service\/evil-api of the local forge is left out of the catalog: .*it must reference a group$/,
        ),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
