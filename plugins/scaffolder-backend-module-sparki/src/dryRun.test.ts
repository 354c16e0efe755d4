import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  demoCatalogEntities,
  environmentsConfigData,
  modulesDir,
  moduleSource,
  templateDirectoryContents,
  templatesDir,
} from './__testUtils__/fixtures';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createEnvironmentUpdateAction } from './actions/environmentUpdate';
import { readEnvironmentsConfig } from './config';
import { validateRoot } from './terraform/validateRoot';
import scaffolderModuleSparki from '.';

jest.setTimeout(120_000);

const environmentTemplateDir = path.join(templatesDir, 'sparki-environment');
const template = parseYaml(
  fs.readFileSync(path.join(environmentTemplateDir, 'template.yaml'), 'utf8'),
);
const directoryContents = templateDirectoryContents(environmentTemplateDir);

const baseValues = {
  description: 'Payments environment.',
  owner: 'group:default/platform-team',
  region: 'eu-west-1',
  clusterVersion: '1.31',
  components: ['database', 'redis', 'observability'],
  size: 'tier',
  highAvailability: 'tier',
  deletionProtection: 'tier',
};

const tiers = [
  { tier: 'dev', accountId: '111111111111', vpcCidr: '10.40.0.0/16' },
  { tier: 'staging', accountId: '222222222222', vpcCidr: '10.50.0.0/16' },
  { tier: 'prod', accountId: '333333333333', vpcCidr: '10.60.0.0/16' },
];

describe('sparki-environment template (scaffolder dry-run API)', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let workDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-dry-run-'));
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleSparki,
        catalogServiceMock.factory({ entities: demoCatalogEntities() }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: workDir },
            // No GitHub token, like `yarn start`: the publishing steps must be skipped.
            integrations: { github: [{ host: 'github.com' }] },
            sparki: { environments: environmentsConfigData },
          },
        }),
      ],
    }));
  });

  afterAll(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const dryRun = (values: Record<string, unknown>) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents });

  function filesOf(body: {
    directoryContents: Array<{ path: string; base64Content: string }>;
  }) {
    return Object.fromEntries(
      body.directoryContents.map(file => [
        file.path,
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      ]),
    );
  }

  it.each(tiers)(
    'generates a valid $tier root',
    async ({ tier, accountId, vpcCidr }) => {
      const name = `payments-${tier}`;
      const response = await dryRun({
        ...baseValues,
        name,
        tier,
        accountId,
        vpcCidr,
      });
      expect(response.status).toBe(200);
      const files = filesOf(response.body);
      const root = `environments/${name}`;
      expect(Object.keys(files).sort()).toEqual(
        [
          'README.md',
          'backend.tf',
          'catalog-info.yaml',
          'main.tf',
          'outputs.tf',
          `${name}.tfvars`,
          'variables.tf',
          'versions.tf',
        ]
          .map(file => `${root}/${file}`)
          .sort(),
      );

      // The validations ran for real; publishing is skipped in a dry run.
      const log: string[] = response.body.log.map(
        (entry: any) => entry.body.message,
      );
      expect(log).toContainEqual(
        expect.stringContaining(`Environment ${name} accepted`),
      );
      expect(log).toContainEqual(
        expect.stringContaining(
          `Terraform root ${root} is valid: 6 files parsed, 6 module calls checked`,
        ),
      );
      const skipped = response.body.log
        .filter((entry: any) => entry.body.status === 'skipped')
        .map((entry: any) => entry.body.stepId);
      expect(skipped).toEqual(expect.arrayContaining(['publish', 'register']));

      const tfvars = files[`${root}/${name}.tfvars`];
      expect(tfvars).toContain(`tier           = "${tier}"`);
      expect(tfvars).toContain(`aws_account_id = "${accountId}"`);
      expect(tfvars).toContain(`vpc_cidr       = "${vpcCidr}"`);
      expect(files[`${root}/main.tf`]).toContain(
        `source = "${moduleSource}/vpc"`,
      );
      expect(files[`${root}/backend.tf`]).toContain(
        `bucket         = "sparki-terraform-state-${accountId}"`,
      );
      expect(files[`${root}/backend.tf`]).toContain(
        `key            = "environments/${name}/terraform.tfstate"`,
      );
      expect(files[`${root}/backend.tf`]).toContain(
        'dynamodb_table = "sparki-terraform-locks"',
      );

      const [environment, cluster] = parseAllDocuments(
        files[`${root}/catalog-info.yaml`],
      ).map(d => d.toJS());
      expect(environment).toMatchObject({
        kind: 'Resource',
        metadata: {
          name,
          annotations: {
            'amazonaws.com/account-id': accountId,
            'sparki.io/vpc-cidr': vpcCidr,
            'sparki.io/region': 'eu-west-1',
            'sparki.io/tier': tier,
          },
        },
        spec: {
          type: 'environment',
          owner: 'group:default/platform-team',
          dependsOn: [
            `resource:default/${name}-eks`,
            `resource:default/aws-account-${tier}`,
          ],
        },
      });
      expect(cluster).toMatchObject({
        kind: 'Resource',
        metadata: {
          name: `${name}-eks`,
          annotations: { 'sparki.io/cluster-name': name },
        },
        spec: {
          type: 'kubernetes-cluster',
          dependsOn: [`resource:default/aws-account-${tier}`],
        },
      });

      // The returned files, written to disk, pass the validator on their own.
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-root-'));
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(outDir, file)), {
          recursive: true,
        });
        fs.writeFileSync(path.join(outDir, file), content);
      }
      const result = await validateRoot(path.join(outDir, root), {
        modulesDir,
        moduleSource,
      });
      fs.rmSync(outDir, { recursive: true, force: true });
      expect(result.problems).toEqual([]);
      expect(result.moduleCalls).toBe(6);
    },
  );

  it('applies the tier sizing: small dev, medium staging, large highly available prod', async () => {
    const sizing: Record<string, string> = {};
    for (const { tier, accountId, vpcCidr } of tiers) {
      const name = `sizing-${tier}`;
      const response = await dryRun({
        ...baseValues,
        name,
        tier,
        accountId,
        vpcCidr,
      });
      expect(response.status).toBe(200);
      sizing[tier] = filesOf(response.body)[
        `environments/${name}/${name}.tfvars`
      ];
    }
    expect(sizing.dev).toMatch(/size\s+= "small"/);
    expect(sizing.dev).toMatch(/db_multi_az\s+= false/);
    expect(sizing.staging).toMatch(/size\s+= "medium"/);
    expect(sizing.prod).toMatch(/size\s+= "large"/);
    expect(sizing.prod).toMatch(/high_availability\s+= true/);
    expect(sizing.prod).toMatch(/db_multi_az\s+= true/);
    expect(sizing.prod).toMatch(/db_deletion_protection\s+= true/);
    expect(sizing.prod).toMatch(/db_backup_retention_days\s+= 30/);
    expect(sizing.prod).toMatch(
      /node_instance_types = \["m6i.xlarge","m6a.xlarge"\]/,
    );
  });

  it('leaves out components that were not chosen', async () => {
    const response = await dryRun({
      ...baseValues,
      name: 'lean-dev',
      tier: 'dev',
      accountId: '111111111111',
      vpcCidr: '10.41.0.0/16',
      components: ['database'],
    });
    expect(response.status).toBe(200);
    const tfvars = filesOf(response.body)[
      'environments/lean-dev/lean-dev.tfvars'
    ];
    expect(tfvars).toMatch(/enable_database\s+= true/);
    expect(tfvars).toMatch(/enable_redis\s+= false/);
    expect(tfvars).toMatch(/enable_observability\s+= false/);
  });

  it('refuses a CIDR overlapping an existing environment, saying which', async () => {
    const response = await dryRun({
      ...baseValues,
      name: 'payments-dev',
      tier: 'dev',
      accountId: '111111111111',
      vpcCidr: '10.20.128.0/20',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body.error.message).toContain(
      'VPC CIDR 10.20.128.0/20 overlaps 10.20.0.0/16 of environment resource:default/sparki-staging',
    );
  });

  it('refuses prod without high availability, saying why', async () => {
    const response = await dryRun({
      ...baseValues,
      name: 'payments-prod',
      tier: 'prod',
      accountId: '333333333333',
      vpcCidr: '10.60.0.0/16',
      highAvailability: 'off',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body.error.message).toContain(
      'prod requires high availability',
    );
  });

  it('catches a broken module call in the skeleton and names it', async () => {
    const broken = directoryContents.map(file =>
      file.path === 'skeleton/main.tf'
        ? {
            ...file,
            base64Content: Buffer.from(
              Buffer.from(file.base64Content, 'base64')
                .toString('utf8')
                .replace(
                  'cidr_block              = var.vpc_cidr',
                  'cidr = var.vpc_cidr',
                ),
            ).toString('base64'),
          }
        : file,
    );
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        values: {
          ...baseValues,
          name: 'broken-dev',
          tier: 'dev',
          accountId: '111111111111',
          vpcCidr: '10.42.0.0/16',
        },
        directoryContents: broken,
      });
    expect(response.status).toBeGreaterThanOrEqual(400);
    const message: string = response.body.error.message;
    expect(message).toContain(
      'main.tf, module "vpc", argument "cidr": unknown argument: the module declares no variable "cidr"',
    );
    expect(message).toContain(
      'main.tf, module "vpc", argument "cidr_block": missing required variable',
    );
  });

  it('updates a generated root in place, and the result still validates', async () => {
    const name = 'growing-dev';
    const response = await dryRun({
      ...baseValues,
      name,
      tier: 'dev',
      accountId: '111111111111',
      vpcCidr: '10.43.0.0/16',
      components: ['database'],
    });
    expect(response.status).toBe(200);
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-update-'));
    for (const [file, content] of Object.entries(filesOf(response.body))) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), {
        recursive: true,
      });
      fs.writeFileSync(path.join(workspace, file), content);
    }
    const root = path.join(workspace, 'environments', name);
    const before = fs.readFileSync(path.join(root, `${name}.tfvars`), 'utf8');

    const update = createEnvironmentUpdateAction({
      config: readEnvironmentsConfig(
        new ConfigReader({ sparki: { environments: environmentsConfigData } }),
      ),
    });
    const context = createMockActionContext({
      input: {
        path: `environments/${name}`,
        name,
        size: 'medium',
        addComponents: ['redis'],
      },
      workspacePath: workspace,
    });
    await update.handler(context as any);

    const after = fs.readFileSync(path.join(root, `${name}.tfvars`), 'utf8');
    expect(context.output).toHaveBeenCalledWith(
      'changes',
      expect.arrayContaining([
        'size: "small" -> "medium"',
        'enable_redis: false -> true',
      ]),
    );
    // Only the changed assignments differ; the header comment and the rest stay as generated.
    const changedLines = after
      .split('\n')
      .filter((line, index) => line !== before.split('\n')[index]);
    expect(changedLines.length).toBe(
      (context.output as jest.Mock).mock.calls.find(
        ([key]) => key === 'changes',
      )[1].length,
    );
    expect(after.split('\n')[0]).toBe(before.split('\n')[0]);
    const catalogInfo = parseAllDocuments(
      fs.readFileSync(path.join(root, 'catalog-info.yaml'), 'utf8'),
    );
    expect(catalogInfo[0].toJS().metadata.annotations['sparki.io/size']).toBe(
      'medium',
    );

    const result = await validateRoot(root, { modulesDir, moduleSource });
    fs.rmSync(workspace, { recursive: true, force: true });
    expect(result.problems).toEqual([]);
  });

  it('both templates only call registered actions, with inputs those actions declare', async () => {
    const response = await request(server).get('/api/scaffolder/v2/actions');
    expect(response.status).toBe(200);
    const actions = new Map<string, { schema?: { input?: object } }>(
      response.body.map((action: any) => [action.id, action]),
    );
    // Inputs a JSON schema declares, including those of its anyOf/oneOf/allOf alternatives.
    const declaredInputs = (schema: any): string[] => [
      ...Object.keys(schema?.properties ?? {}),
      ...[
        ...(schema?.anyOf ?? []),
        ...(schema?.oneOf ?? []),
        ...(schema?.allOf ?? []),
      ].flatMap(declaredInputs),
    ];
    for (const templateDir of [
      'sparki-environment',
      'sparki-environment-update',
    ]) {
      const { spec } = parseYaml(
        fs.readFileSync(
          path.join(templatesDir, templateDir, 'template.yaml'),
          'utf8',
        ),
      );
      for (const step of spec.steps) {
        const action = actions.get(step.action);
        expect({
          template: templateDir,
          action: step.action,
          registered: !!action,
        }).toEqual({
          template: templateDir,
          action: step.action,
          registered: true,
        });
        const declared = declaredInputs(action?.schema?.input);
        const unknown = Object.keys(step.input ?? {}).filter(
          key => !declared.includes(key),
        );
        expect({ step: step.id, unknown }).toEqual({
          step: step.id,
          unknown: [],
        });
      }
    }
  });
});
