import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import gitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
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
import { previewRequest } from './environment/requestPreview';
import { ModuleDefinitionCache } from './terraform/moduleDefinitions';
import { readEnvironmentsConfig } from './config';
import { validateRoot } from './terraform/validateRoot';
import { HOSTILE_STRINGS, markdownTextValue } from './__testUtils__/hostile';
import scaffolderModuleSparki from '.';

jest.setTimeout(120_000);

const environmentTemplateDir = path.join(templatesDir, 'sparki-environment');
const template = parseYaml(
  fs.readFileSync(path.join(environmentTemplateDir, 'template.yaml'), 'utf8'),
);
const directoryContents = templateDirectoryContents(environmentTemplateDir);
const updateTemplateDir = path.join(templatesDir, 'sparki-environment-update');
const updateTemplate = parseYaml(
  fs.readFileSync(path.join(updateTemplateDir, 'template.yaml'), 'utf8'),
);

const infrastructure = 'https://github.com/sparki-org/infrastructure';

/** An environment Resource as the catalog holds it once registered from `location`. */
function registeredEnvironment(
  name: string,
  namespace: string,
  location: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace,
      annotations: {
        'backstage.io/managed-by-location': `url:${location}`,
        'backstage.io/managed-by-origin-location': `url:${location}`,
        // Never trusted: the root is read from the infrastructure repository.
        'backstage.io/source-location':
          'url:https://github.com/attacker/infra/tree/main/environments/orders-staging/',
      },
    },
    spec: { type: 'environment', owner: 'group:default/platform-team' },
  };
}

const updateEntities = [
  registeredEnvironment(
    'orders-staging',
    'default',
    `${infrastructure}/blob/main/environments/orders-staging/catalog-info.yaml`,
  ),
  // A look-alike anyone can register from their own repository.
  registeredEnvironment(
    'orders-staging',
    'attacker',
    'https://github.com/attacker/infra/blob/main/catalog-info.yaml',
  ),
];

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
  // fetch:plain reads the root of an environment through the URL reader: served from here.
  const rootsByUrl = new Map<string, Record<string, string>>();
  const urlReader = mockServices.urlReader.mock({
    readTree: async url => {
      const files = rootsByUrl.get(url);
      if (!files) throw new Error(`nothing at ${url}`);
      return {
        etag: 'test',
        files: async () => [],
        archive: async () => {
          throw new Error('not served as an archive');
        },
        dir: async options => {
          const targetDir = options?.targetDir ?? workDir;
          for (const [file, content] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(targetDir, file)), {
              recursive: true,
            });
            fs.writeFileSync(path.join(targetDir, file), content);
          }
          return targetDir;
        },
      };
    },
  });

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-dry-run-'));
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        gitlabModule,
        scaffolderModuleSparki,
        catalogServiceMock.factory({
          entities: [...demoCatalogEntities(), ...updateEntities],
        }),
        urlReader.factory,
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
      /node_instance_types = \["m6i.xlarge", "m6a.xlarge"\]/,
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

  it('previews, for the reviewer, the resources per module and the tier settings', async () => {
    const previews: Record<string, string> = {};
    for (const { tier, accountId, vpcCidr } of tiers) {
      const name = `preview-${tier}`;
      const response = await dryRun({
        ...baseValues,
        name,
        tier,
        accountId,
        vpcCidr,
        components: ['database', 'observability'],
      });
      expect(response.status).toBe(200);
      const text = response.body.output.text.find(
        (entry: { title: string }) =>
          entry.title === 'What the root will create',
      );
      previews[tier] = text?.content;
    }
    for (const preview of Object.values(previews)) {
      expect(preview).toContain(
        '- **database** (modules/database, 7 resource blocks)\n',
      );
      expect(preview).toContain('  - `aws_db_instance.this`');
      expect(preview).toContain(
        '  - `aws_eks_node_group.this (for_each = var.node_groups)`',
      );
      expect(preview).toMatch(
        /- \*\*redis\*\* \(modules\/redis, \d+ resource blocks\) — not created \(disabled\)/,
      );
    }
    expect(previews.dev).toContain('- Database multi-AZ: `off`');
    expect(previews.dev).toContain('- Database backup retention (days): `3`');
    expect(previews.dev).toContain('- Log retention (days): `30`');
    expect(previews.prod).toContain('- Size: `large`');
    expect(previews.prod).toContain('- Database multi-AZ: `on`');
    expect(previews.prod).toContain('- Database deletion protection: `on`');
    expect(previews.prod).toContain('- Database backup retention (days): `30`');
    expect(previews.prod).toContain('- Log retention (days): `365`');
    expect(previews.prod).toContain(
      '- EKS node types: `m6i.xlarge, m6a.xlarge`',
    );
  });

  // The review step previews before anything is generated (previewRequest): it must show what
  // the generated root's preview, the change body's, shows.
  it("previews in the review step exactly what the generated root's preview shows", async () => {
    const definitions = new ModuleDefinitionCache();
    const choices = [
      { tier: 'dev', components: ['redis'] },
      { tier: 'staging', size: 'large', highAvailability: 'on' },
      {
        tier: 'prod',
        size: 'medium',
        backupRetentionDays: 14,
        components: ['database', 'observability'],
      },
    ] as const;
    for (const choice of choices) {
      const { accountId, vpcCidr } = tiers.find(t => t.tier === choice.tier)!;
      const response = await dryRun({
        ...baseValues,
        ...choice,
        name: `review-${choice.tier}`,
        accountId,
        vpcCidr,
      });
      expect(response.status).toBe(200);
      const generated = response.body.output.text.find(
        (entry: { title: string }) =>
          entry.title === 'What the root will create',
      )?.content;
      const reviewed = await previewRequest(
        {
          ...choice,
          components:
            'components' in choice ? [...choice.components] : undefined,
        },
        { modulesDir, definitions },
      );
      expect(reviewed.problems).toEqual([]);
      expect(reviewed.markdown).toBe(generated);
    }
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

  it('the environment templates only call registered actions, with inputs those actions declare', async () => {
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
      'sparki-environment-decommission',
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

  describe('hostile input', () => {
    const baseline = {
      ...baseValues,
      name: 'hostile-dev',
      tier: 'dev',
      accountId: '111111111111',
      vpcCidr: '10.44.0.0/16',
      backupRetentionDays: 5,
    };
    let baselineFiles: Record<string, string>;

    beforeAll(async () => {
      const response = await dryRun(baseline);
      if (response.status !== 200) {
        throw new Error(`baseline dry run failed: ${response.text}`);
      }
      baselineFiles = filesOf(response.body);
    });

    const parameterSchemas = (tmpl: any): Record<string, any> =>
      Object.assign(
        {},
        ...[tmpl.spec.parameters]
          .flat()
          .map((page: any) => page.properties ?? {}),
      );

    /** The hostile string as the value of a parameter: an item for arrays. */
    const asValue = (schema: any, hostile: string) =>
      schema.type === 'array' ? [hostile] : hostile;

    /** Every string, key or value, with `from` replaced by `to`. */
    function substitute(value: unknown, from: string, to: string): unknown {
      if (typeof value === 'string') return value.split(from).join(to);
      if (Array.isArray(value)) return value.map(v => substitute(v, from, to));
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            substitute(k, from, to),
            substitute(v, from, to),
          ]),
        );
      }
      return value;
    }

    // Markup left bare once escapes, <br> and character references are taken out.
    const bareMarkup = (line: string) =>
      line
        .replace(/\\[!-/:-@[-`{-~]|<br>|&#\d+;/g, '')
        .replace(/[^\\`*_{}[\]()<>#+=|!&~^]/g, '');

    /**
     * The files rendered with `value` for `parameter` are the baseline's with that value, and
     * nothing else: same documents, assignments and Markdown structure, the value read back
     * exactly (HCL in Terraform's JSON form, where `${` and `%{` are written `$${`, `%%{`).
     */
    async function expectRenderedExactly(
      parameter: string,
      value: string,
      files: Record<string, string>,
    ) {
      const from = String((baseline as Record<string, unknown>)[parameter]);
      const renamed = (file: string) => file.split(from).join(value);
      expect(Object.keys(files).sort()).toEqual(
        Object.keys(baselineFiles).map(renamed).sort(),
      );
      for (const [baselineFile, before] of Object.entries(baselineFiles)) {
        const file = renamed(baselineFile);
        const content = files[file];
        if (/\.(tf|tfvars)$/.test(file)) {
          expect(await parseHcl(file, content)).toEqual(
            substitute(
              await parseHcl(file, before),
              from,
              value.replace(/([$%])\{/g, '$1$1{'),
            ),
          );
        } else if (file.endsWith('.yaml')) {
          const documents = parseAllDocuments(content) as any[];
          expect(documents.flatMap(d => d.errors)).toEqual([]);
          expect(documents.map(d => d.toJS())).toEqual(
            substitute(
              (parseAllDocuments(before) as any[]).map(d => d.toJS()),
              from,
              value,
            ),
          );
        } else {
          const lines = content.split('\n');
          const baselineLines = before.split('\n');
          expect(lines).toHaveLength(baselineLines.length);
          const lineBreaksAsNewlines = value.replace(
            /\r\n|[\r\u0085\u2028\u2029]/g,
            '\n',
          );
          lines.forEach((line, index) => {
            expect(bareMarkup(line)).toBe(bareMarkup(baselineLines[index]));
            expect(markdownTextValue(line)).toBe(
              markdownTextValue(baselineLines[index])
                .split(from)
                .join(lineBreaksAsNewlines),
            );
          });
        }
      }
    }

    /** A clear refusal names the parameter: the JSON schema, or a step's InputError. */
    function refusalOf(response: request.Response, parameter: string) {
      if (response.body.errors) {
        return response.body.errors
          .filter((error: any) => error.path?.[0] === parameter)
          .map((error: any) => error.stack);
      }
      return [response.body.error?.message];
    }

    const createParameters = Object.entries(parameterSchemas(template));
    const freeText = createParameters.filter(
      ([, schema]) =>
        schema.type === 'string' && !schema.enum && !schema.pattern,
    );

    it('covers every parameter of the create template', () => {
      expect(createParameters.map(([name]) => name).sort()).toEqual(
        [
          'accountId',
          'backupRetentionDays',
          'clusterVersion',
          'components',
          'deletionProtection',
          'description',
          'highAvailability',
          'name',
          'owner',
          'preview',
          'region',
          'size',
          'tier',
          'vpcCidr',
        ].sort(),
      );
      // Only the description is free text; it is rendered, everything else is refused.
      expect(freeText.map(([name]) => name)).toEqual(['description']);
    });

    it.each(createParameters)(
      'create template: refuses every hostile %s naming it, or renders it exactly',
      async (parameter, schema) => {
        for (const hostile of HOSTILE_STRINGS) {
          const response = await dryRun({
            ...baseline,
            [parameter]: asValue(schema, hostile),
          });
          if (response.status === 200) {
            // A well-formed value, e.g. the name "null": it must come out as that string.
            await expectRenderedExactly(
              parameter,
              hostile,
              filesOf(response.body),
            );
            continue;
          }
          expect({ hostile, status: response.status }).toEqual({
            hostile,
            status: 400,
          });
          expect(refusalOf(response, parameter)).toEqual([
            expect.stringContaining(parameter),
          ]);
        }
      },
      600_000,
    );

    it.each(HOSTILE_STRINGS.map(hostile => [JSON.stringify(hostile), hostile]))(
      'create template: renders the description %s exactly, and nothing else',
      async (_, hostile) => {
        const response = await dryRun({ ...baseline, description: hostile });
        expect(response.status).toBe(200);
        await expectRenderedExactly(
          'description',
          hostile,
          filesOf(response.body),
        );
      },
      120_000,
    );

    it('create template: an owner that passes the form but not the action is refused', async () => {
      const response = await dryRun({
        ...baseline,
        owner: 'group:default/nobody',
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body.error.message).toContain(
        'owner "group:default/nobody" is not in the catalog',
      );
    });

    const updateParameters = Object.entries(parameterSchemas(updateTemplate));

    it('covers every parameter of the update template', () => {
      expect(updateParameters.map(([name]) => name).sort()).toEqual(
        [
          'addComponents',
          'backupRetentionDays',
          'clusterVersion',
          'deletionProtection',
          'environment',
          'highAvailability',
          'size',
          'tier',
        ].sort(),
      );
    });

    it.each(updateParameters)(
      'update template: refuses every hostile %s, naming it',
      async (parameter, schema) => {
        for (const hostile of HOSTILE_STRINGS) {
          const response = await request(server)
            .post('/api/scaffolder/v2/dry-run')
            .send({
              template: updateTemplate,
              values: {
                environment: 'resource:default/orders-staging',
                [parameter]: asValue(schema, hostile),
              },
              directoryContents: templateDirectoryContents(updateTemplateDir),
            });
          expect({ hostile, status: response.status }).toEqual({
            hostile,
            status: 400,
          });
          expect(refusalOf(response, parameter)).toEqual([
            expect.stringContaining(`instance.${parameter}`),
          ]);
        }
      },
      600_000,
    );
  });

  describe('update template', () => {
    const updateDryRun = (environment: string) =>
      request(server)
        .post('/api/scaffolder/v2/dry-run')
        .send({
          template: updateTemplate,
          values: { environment, size: 'large' },
          directoryContents: templateDirectoryContents(updateTemplateDir),
        });

    it('edits the root read from the infrastructure repository, whatever the entity claims', async () => {
      // A root generated by the create template, as the infrastructure repository holds it.
      const generated = await dryRun({
        ...baseValues,
        name: 'orders-stagin9',
        tier: 'staging',
        accountId: '222222222222',
        vpcCidr: '10.51.0.0/16',
      });
      expect(generated.status).toBe(200);
      const root = Object.fromEntries(
        Object.entries(filesOf(generated.body)).map(([file, content]) => [
          path.basename(file).replaceAll('orders-stagin9', 'orders-staging'),
          content.replaceAll('orders-stagin9', 'orders-staging'),
        ]),
      );
      rootsByUrl.set(
        `${infrastructure}/tree/main/environments/orders-staging`,
        root,
      );

      const response = await updateDryRun('resource:default/orders-staging');
      expect(response.status).toBe(200);
      const files = filesOf(response.body);
      expect(
        files['environments/orders-staging/orders-staging.tfvars'],
      ).toMatch(/size\s+= "large"/);
      const log: string[] = response.body.log.map(
        (entry: any) => entry.body.message,
      );
      expect(log).toContainEqual(
        expect.stringContaining(
          `root at ${infrastructure}/tree/main/environments/orders-staging`,
        ),
      );
      expect(log).toContainEqual(
        expect.stringContaining(
          'Terraform root environments/orders-staging is valid',
        ),
      );
    });

    it('refuses a look-alike environment registered outside the infrastructure repository', async () => {
      const response = await updateDryRun('resource:attacker/orders-staging');
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.body.error.message).toContain(
        'Environment resource:attacker/orders-staging cannot be updated',
      );
      expect(response.body.error.message).toContain(
        'its location (backstage.io/managed-by-location) url:https://github.com/attacker/infra/blob/main/catalog-info.yaml is not in the infrastructure repository',
      );
    });
  });
});

describe('sparki-environment skeleton', () => {
  const skeletonDir = path.join(templatesDir, 'sparki-environment/skeleton');
  const filterOf = (file: string) => {
    if (/\.(tf|tfvars)$/.test(file)) return 'hcl';
    if (file.endsWith('.yaml')) return 'yaml';
    if (file.endsWith('.md')) return 'markdown';
    throw new Error(`no quoting filter for ${file}`);
  };

  it('quotes every interpolated value for the language of its file', () => {
    const files = fs.readdirSync(skeletonDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = fs.readFileSync(path.join(skeletonDir, file), 'utf8');
      const unquoted = [...content.matchAll(/\$\{\{([\s\S]*?)\}\}/g)]
        .map(([expression, body]) => ({ expression, body }))
        .filter(
          ({ body }) =>
            !new RegExp(`\\|\\s*${filterOf(file)}\\s*$`).test(body.trim()),
        )
        .map(({ expression }) => expression);
      expect({ file, unquoted }).toEqual({ file, unquoted: [] });
    }
  });
});
