import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { parse as parseHcl } from '@cdktf/hcl2json';
import {
  buildInventory,
  evaluateInventory,
  parseManifests,
} from '@sparki/security-posture-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  demoCatalogEntities,
  environmentsConfigData,
  modulesDir,
  repoRoot,
  templateDirectoryContents,
  templatesDir,
} from './__testUtils__/fixtures';
import { HOSTILE_STRINGS, markdownTextValue } from './__testUtils__/hostile';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createForgeProposeAction } from './actions/forgePropose';
import { SERVICE_RUNBOOKS } from './actions/serviceValidate';
import { LocalForge } from './forge/LocalForge';
import scaffolderModuleSparki from '.';

jest.setTimeout(120_000);

const templateDir = path.join(templatesDir, 'sparki-service');
const template = parseYaml(
  fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
);
const directoryContents = templateDirectoryContents(templateDir);

/** A gate pinned to a commit, as app-config.yaml configures it. */
const gateAction = `sparki-org/sparki-portal/.github/actions/sparki-gate@${'a1'.repeat(
  20,
)}`;

const demoEnvironments = [
  'resource:default/sparki-dev',
  'resource:default/sparki-staging',
  'resource:default/sparki-prod',
];

const baseValues = {
  description: 'Payments API.',
  owner: 'group:default/platform-team',
  system: 'system:default/sparki',
  environments: demoEnvironments,
  port: 8080,
  healthPath: '/healthz',
};

type Files = Record<string, string>;

function filesOf(body: {
  directoryContents: Array<{ path: string; base64Content: string }>;
}): Files {
  return Object.fromEntries(
    body.directoryContents.map(file => [
      file.path,
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    ]),
  );
}

/** Every `uses:` of a workflow, with the job it is in. */
function usesOf(workflow: any): Array<{ job: string; uses: string }> {
  return Object.entries<any>(workflow.jobs).flatMap(([job, spec]) =>
    (spec.steps ?? [])
      .filter((step: any) => step.uses !== undefined)
      .map((step: any) => ({ job, uses: step.uses })),
  );
}

/** The posture controls' results on the manifests of deploy/k8s. */
function scanManifests(files: Files, root: string) {
  const manifests = Object.entries(files)
    .filter(([file]) => file.startsWith(`${root}/deploy/k8s/`))
    .map(([name, content]) => ({ name, content }));
  const { inventory, ignoredKinds } = buildInventory(
    parseManifests(manifests),
    { cluster: 'generated', collectedAt: new Date(0).toISOString() },
  );
  return {
    manifests,
    ignoredKinds,
    results: evaluateInventory(inventory, { pssVersion: 'latest' }),
  };
}

describe('sparki-service template (scaffolder dry-run API)', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-service-dry-run-'));
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleSparki,
        catalogServiceMock.factory({ entities: demoCatalogEntities() }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              workingDirectory: dir,
            },
            // No GitHub token, like `./sparki start`.
            integrations: { github: [{ host: 'github.com' }] },
            sparki: {
              environments: {
                ...environmentsConfigData,
                localForge: { directory: path.join(dir, 'infrastructure.git') },
              },
              services: { gateAction },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const dryRun = (values: Record<string, unknown>) =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values, directoryContents });

  async function render(values: Record<string, unknown>): Promise<Files> {
    const response = await dryRun(values);
    if (response.status !== 200) {
      throw new Error(`dry run failed: ${response.text}`);
    }
    return filesOf(response.body);
  }

  const parameterSets = [
    { name: 'payments-api', port: 8080, healthPath: '/healthz' },
    { name: 'orders', port: 3000, healthPath: '/api/v1/health' },
    { name: 'x9-ledger-worker', port: 65535, healthPath: '/' },
  ];

  describe.each(parameterSets)(
    'rendered with name $name, port $port, health path $healthPath',
    ({ name, port, healthPath }) => {
      const root = `services/${name}`;
      let files: Files;
      let log: any[];

      beforeAll(async () => {
        const response = await dryRun({
          ...baseValues,
          name,
          port,
          healthPath,
        });
        if (response.status !== 200) {
          throw new Error(`dry run failed: ${response.text}`);
        }
        files = filesOf(response.body);
        log = response.body.log;
      });

      it('generates the repository under services/<name> and proposes it on the local forge', () => {
        expect(Object.keys(files).sort()).toEqual(
          [
            '.dockerignore',
            '.github/workflows/deploy.yml',
            'Dockerfile',
            'README.md',
            'catalog-info.yaml',
            'deploy/deploy.sh',
            'deploy/k8s/deployment-blue.yaml',
            'deploy/k8s/deployment-green.yaml',
            'deploy/k8s/namespace.yaml',
            'deploy/k8s/networkpolicies.yaml',
            'deploy/k8s/service.yaml',
            'deploy/k8s/serviceaccount.yaml',
            'deploy/render.sh',
            'infra/backend.tf',
            'infra/main.tf',
            'infra/outputs.tf',
            'infra/terraform.tfvars',
            'infra/variables.tf',
            'infra/versions.tf',
            'package.json',
            'src/server.js',
            'test/server.test.js',
          ].map(file => `${root}/${file}`),
        );
        const messages: string[] = log.map(entry => entry.body.message);
        expect(messages).toContainEqual(
          expect.stringContaining(
            `Service ${name} accepted: deploys to sparki-dev (dev), sparki-staging (staging), sparki-prod (prod)`,
          ),
        );
        expect(messages).toContainEqual(
          expect.stringContaining(`Terraform root ${root}/infra is valid`),
        );
        expect(messages).toContainEqual(
          expect.stringContaining(
            `Dry run: would propose ${
              Object.keys(files).length
            } files on branch service/${name} of the local forge`,
          ),
        );
        const skipped = log
          .filter(entry => entry.body.status === 'skipped')
          .map(entry => entry.body.stepId);
        expect(skipped.sort()).toEqual(['publish', 'register']);
      });

      it('describes the service in catalog-info.yaml: owner, system, environments, pipeline, runbooks', () => {
        const documents = parseAllDocuments(files[`${root}/catalog-info.yaml`]);
        expect(documents).toHaveLength(1);
        expect(documents[0].toJS()).toEqual({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            description: 'Payments API.',
            annotations: {
              'sparki.io/deploy-pipeline': `sparki-org/${name}`,
              'sparki.io/runbooks':
                'production-deployment,blue-green-deployment,rollback,deployment-failure',
              'backstage.io/kubernetes-id': name,
              'backstage.io/kubernetes-namespace': name,
            },
            tags: ['service', 'sparki'],
          },
          spec: {
            type: 'service',
            lifecycle: 'experimental',
            owner: 'group:default/platform-team',
            system: 'system:default/sparki',
            dependsOn: demoEnvironments,
          },
        });
      });

      it('writes a workflow that parses, pins every third-party action by commit and runs the eight stages in order', () => {
        const workflow = parseYaml(
          files[`${root}/.github/workflows/deploy.yml`],
        );
        const uses = usesOf(workflow);
        expect(uses.length).toBeGreaterThan(10);
        const pinned =
          /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*@[0-9a-f]{40}$/;
        for (const { job, uses: action } of uses) {
          expect({
            job,
            action,
            pinned: pinned.test(action) || action.startsWith('./'),
          }).toEqual({
            job,
            action,
            pinned: true,
          });
        }
        // The portal gate, pinned as configured, asks before staging and before prod, then hears
        // the deploy start and go live (or fail: only once it started).
        const gateSteps = Object.entries<any>(workflow.jobs).flatMap(
          ([job, spec]) =>
            spec.steps
              .filter((step: any) => step.uses === gateAction)
              .map((step: any) => ({
                job,
                command: step.with.command ?? 'request',
                event: step.with.event,
                if: step.if,
              })),
        );
        const reports = (job: string) => [
          { job, command: 'request', event: undefined, if: undefined },
          { job, command: 'report', event: 'start-deploy', if: undefined },
          { job, command: 'report', event: 'live', if: undefined },
          {
            job,
            command: 'report',
            event: 'fail',
            if: "failure() && steps.started.outcome == 'success'",
          },
        ];
        expect(gateSteps).toEqual([
          ...reports('deploy-staging'),
          ...reports('deploy-prod'),
        ]);

        const needs = Object.fromEntries(
          Object.entries<any>(workflow.jobs).map(([job, spec]) => [
            job,
            spec.needs ?? [],
          ]),
        );
        expect(needs).toEqual({
          quality: [],
          infrastructure: ['quality'],
          build: ['quality', 'infrastructure'],
          plan: ['build'],
          'deploy-dev': ['build', 'plan'],
          'deploy-staging': ['build', 'deploy-dev'],
          'deploy-prod': ['build', 'deploy-staging'],
          rollback: ['deploy-prod'],
        });
        const { jobs } = workflow;
        const stepsOf = (job: string) => jobs[job].steps;
        const actionsOf = (job: string) =>
          stepsOf(job)
            .map((step: any) => step.uses?.split('@')[0])
            .filter(Boolean);
        const scripts = (job: string) =>
          stepsOf(job)
            .map((step: any) => step.run ?? '')
            .join('\n');

        expect(scripts('quality')).toContain('npm run lint');
        expect(scripts('quality')).toContain('npm test');
        expect(
          stepsOf('quality')
            .filter((step: any) => step.uses?.startsWith('aquasecurity/'))
            .map((step: any) => step.with['scan-type']),
        ).toEqual(['fs', 'config']);
        expect(scripts('infrastructure')).toContain('terraform plan');
        expect(actionsOf('infrastructure')).toContain(
          'hashicorp/setup-terraform',
        );
        expect(jobs.build.outputs.digest).toBe(
          '${{ steps.push.outputs.digest }}',
        );
        expect(
          stepsOf('build').find((step: any) =>
            step.uses?.startsWith('aquasecurity/'),
          ).with['image-ref'],
        ).toBe('candidate:${{ github.sha }}');
        expect(
          jobs.plan.strategy.matrix.include.map((target: any) => target),
        ).toEqual(
          ['dev', 'staging', 'prod'].map(tier => ({
            tier,
            environment: `sparki-${tier}`,
            cluster: `sparki-${tier}`,
            region: 'eu-west-1',
            role: `arn:aws:iam::${
              {
                dev: '111111111111',
                staging: '222222222222',
                prod: '333333333333',
              }[tier]
            }:role/${name}-plan`,
          })),
        );
        // Dev deploys on main without asking; staging and prod ask the portal first.
        expect(jobs['deploy-dev'].if).toBe(
          "github.event_name == 'push' && github.ref == 'refs/heads/main'",
        );
        expect(actionsOf('deploy-dev')).not.toContain(gateAction.split('@')[0]);
        for (const [job, environment] of [
          ['deploy-staging', 'staging'],
          ['deploy-prod', 'prod'],
        ]) {
          const [gate] = stepsOf(job);
          expect(gate.with).toMatchObject({
            environment,
            service: '${{ env.SERVICE_REF }}',
            'image-digest': '${{ needs.build.outputs.digest }}',
          });
          // Reports name the gate's request; start before the rollout, live after the checks.
          const steps: any[] = stepsOf(job);
          const at = (found: (step: any) => boolean) => steps.findIndex(found);
          for (const step of steps.filter(s => s.with?.command === 'report')) {
            expect(step.with['request-id']).toBe(
              '${{ steps.gate.outputs.request-id }}',
            );
          }
          expect(at(step => step.id === 'started')).toBeLessThan(
            at(step => step.id === 'prepare'),
          );
          expect(at(step => step.with?.event === 'live')).toBe(
            at(step => step.run === 'bash deploy/deploy.sh verify') + 1,
          );
        }
        expect(workflow.env).toMatchObject({
          SERVICE_REF: `component:default/${name}`,
          SPARKI_PORTAL_URL: 'http://localhost:7007',
          HEALTH_PATH: healthPath,
          CONTAINER_PORT: String(port),
        });
        // Prod: the idle color is rolled out and checked, then the Service switches, then checks.
        expect(scripts('deploy-prod').split('\n')).toEqual(
          expect.arrayContaining([
            'bash deploy/deploy.sh roll-out "$COLOR"',
            'bash deploy/deploy.sh switch "$COLOR"',
            'bash deploy/deploy.sh verify',
          ]),
        );
        expect(jobs['deploy-prod'].outputs).toEqual({
          'previous-color': '${{ steps.prepare.outputs.live }}',
          switched: '${{ steps.switch.outputs.switched }}',
        });
        expect(jobs.rollback.if).toBe(
          "always() && needs.deploy-prod.result == 'failure'",
        );
        expect(scripts('rollback')).toContain('bash deploy/deploy.sh rollback');
      });

      it('writes manifests that scan clean against the posture controls', () => {
        const { manifests, ignoredKinds, results } = scanManifests(files, root);
        expect(manifests).toHaveLength(6);
        // The Service is the only object the inventory does not judge.
        expect(ignoredKinds).toEqual({ 'v1/Service': 1 });
        const byStatus = (status: string) =>
          results
            .filter(result => result.status === status)
            .map(result => result.controlId)
            .sort();
        expect(
          results
            .filter(result => result.status === 'fail')
            .map(result => ({
              control: result.controlId,
              findings: result.findings.map(finding => finding.message),
            })),
        ).toEqual([]);
        // Nothing judged unknown: every kind the controls require is in a manifest scan.
        expect(byStatus('unknown')).toEqual([]);
        // What the workload, network and Pod Security controls promise, passed on these objects.
        expect(byStatus('pass')).toEqual(
          expect.arrayContaining([
            'network-default-deny-egress',
            'network-default-deny-ingress',
            'network-pods-without-egress-policy',
            'network-pods-without-ingress-policy',
            'pss-namespace-enforce',
            'pss-restricted',
            'rbac-service-account-token-automount',
            'workload-allow-privilege-escalation',
            'workload-root-containers',
          ]),
        );
      });

      it('writes the Deployments, Service and NetworkPolicies the blue-green pipeline expects', () => {
        const objects = Object.entries(files)
          .filter(([file]) => file.startsWith(`${root}/deploy/k8s/`))
          .flatMap(([, content]) =>
            parseAllDocuments(content).map(document => document.toJS()),
          );
        const byName = new Map(
          objects.map(object => [
            `${object.kind}/${object.metadata.name}`,
            object,
          ]),
        );
        for (const color of ['blue', 'green']) {
          const deployment = byName.get(`Deployment/${name}-${color}`);
          expect(deployment.spec.template.metadata.labels.version).toBe(color);
          const [container] = deployment.spec.template.spec.containers;
          expect(container.ports).toEqual([
            { name: 'http', containerPort: port, protocol: 'TCP' },
          ]);
          for (const probe of [
            'startupProbe',
            'readinessProbe',
            'livenessProbe',
          ]) {
            expect(container[probe].httpGet).toEqual({
              path: healthPath,
              port: 'http',
            });
          }
          expect(container.resources.limits).toBeDefined();
          expect(container.resources.requests).toBeDefined();
        }
        expect(byName.get(`Service/${name}`).spec.selector).toEqual({
          app: name,
          version: 'blue',
        });
        expect(
          byName.get(`NetworkPolicy/${name}-allow-ingress`).spec.ingress,
        ).toEqual([
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: {
                    'kubernetes.io/metadata.name': 'ingress-nginx',
                  },
                },
              },
            ],
            ports: [{ protocol: 'TCP', port }],
          },
        ]);
      });
    },
  );

  it('renders the scripts and the application unchanged: they take no template values', () => {
    return render({ ...baseValues, name: 'plain-files' }).then(files => {
      for (const file of [
        'deploy/deploy.sh',
        'deploy/render.sh',
        'Dockerfile',
        '.dockerignore',
        'package.json',
        'src/server.js',
        'test/server.test.js',
      ]) {
        expect(files[`services/plain-files/${file}`]).toBe(
          fs.readFileSync(path.join(templateDir, 'skeleton', file), 'utf8'),
        );
      }
    });
  });

  it('lands on its branch of the local forge when proposed for real, and merges into main', async () => {
    const response = await dryRun({ ...baseValues, name: 'landing' });
    expect(response.status).toBe(200);
    const workspace = path.join(dir, 'workspace');
    for (const file of response.body.directoryContents) {
      fs.mkdirSync(path.dirname(path.join(workspace, file.path)), {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(workspace, file.path),
        Buffer.from(file.base64Content, 'base64'),
      );
    }
    // The dry run wrote nothing; the same action, run for real, creates the repository.
    expect(fs.existsSync(path.join(dir, 'infrastructure.git'))).toBe(false);
    const forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
    const root = 'services/landing';
    await createForgeProposeAction({
      forge,
      auditor: mockServices.auditor.mock(),
    }).handler(
      createMockActionContext({
        input: {
          branchName: 'service/landing',
          title: 'Service landing',
          sourcePath: root,
          targetPath: root,
        },
        workspacePath: workspace,
      }) as any,
    );
    const onBranch = await forge.listFiles('service/landing');
    expect(onBranch.filter(file => file.startsWith(`${root}/`)).sort()).toEqual(
      response.body.directoryContents.map((file: any) => file.path).sort(),
    );
    await forge.merge('1', 'user:default/bob');
    expect(
      await forge.readFile('main', `${root}/.github/workflows/deploy.yml`),
    ).toBe(
      fs.readFileSync(
        path.join(workspace, root, '.github/workflows/deploy.yml'),
        'utf8',
      ),
    );
  });

  it('lists runbooks that exist in runbooks/', () => {
    const ids = fs
      .readdirSync(path.join(repoRoot, 'runbooks'))
      .map(
        file =>
          /^id: (.+)$/m.exec(
            fs.readFileSync(path.join(repoRoot, 'runbooks', file), 'utf8'),
          )?.[1],
      );
    expect(ids).toEqual(expect.arrayContaining([...SERVICE_RUNBOOKS]));
  });

  it.each([
    [
      'a name the catalog already has',
      { name: 'sparki-api' },
      'name "sparki-api" is taken: the catalog already has component:default/sparki-api',
    ],
    [
      'an owner group the catalog does not have',
      { owner: 'group:default/nobody' },
      'owner "group:default/nobody" is not in the catalog',
    ],
    [
      'a system the catalog does not have',
      { system: 'system:default/nowhere' },
      'system "system:default/nowhere" is not in the catalog',
    ],
    [
      'no prod environment',
      { environments: demoEnvironments.slice(0, 2) },
      'environments: pick one prod environment',
    ],
    [
      'a Resource that is not an environment',
      {
        environments: [
          ...demoEnvironments.slice(0, 2),
          'resource:default/sparki-prod-eks',
        ],
      },
      'environment "resource:default/sparki-prod-eks" is not a Sparki environment',
    ],
  ])('refuses %s, saying why', async (_, values, message) => {
    const response = await dryRun({
      ...baseValues,
      name: 'refused',
      ...values,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(message);
  });

  it('only calls registered actions, with inputs those actions declare', async () => {
    const response = await request(server).get('/api/scaffolder/v2/actions');
    expect(response.status).toBe(200);
    const actions = new Map<string, any>(
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
    for (const step of template.spec.steps) {
      const action = actions.get(step.action);
      expect({ step: step.id, registered: !!action }).toEqual({
        step: step.id,
        registered: true,
      });
      const declared = declaredInputs(action.schema?.input);
      expect({
        step: step.id,
        unknown: Object.keys(step.input ?? {}).filter(
          key => !declared.includes(key),
        ),
      }).toEqual({ step: step.id, unknown: [] });
    }
  });

  describe('hostile input', () => {
    const baseline = { ...baseValues, name: 'hostile-svc' };
    let baselineFiles: Files;

    beforeAll(async () => {
      baselineFiles = await render(baseline);
    });

    const parameters = Object.entries<any>(
      Object.assign(
        {},
        ...template.spec.parameters.map((page: any) => page.properties),
      ),
    );

    it('covers every parameter', () => {
      expect(parameters.map(([parameter]) => parameter).sort()).toEqual(
        [
          'description',
          'environments',
          'healthPath',
          'name',
          'owner',
          'port',
          'system',
        ].sort(),
      );
    });

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

    /**
     * The files rendered with `value` for `parameter` are the baseline's with that value, and
     * nothing else: same YAML documents, HCL and Markdown lines, the value read back exactly.
     */
    async function expectRenderedExactly(
      parameter: string,
      value: string,
      files: Files,
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
        } else if (/\.ya?ml$/.test(file)) {
          const documents = parseAllDocuments(content) as any[];
          expect(documents.flatMap(d => d.errors)).toEqual([]);
          expect(documents.map(d => d.toJS())).toEqual(
            substitute(
              (parseAllDocuments(before) as any[]).map(d => d.toJS()),
              from,
              value,
            ),
          );
        } else if (file.endsWith('.md')) {
          const lines = content.split('\n');
          const baselineLines = before.split('\n');
          expect(lines).toHaveLength(baselineLines.length);
          const lineBreaksAsNewlines = value.replace(
            /\r\n|[\r\u0085\u2028\u2029]/g,
            '\n',
          );
          lines.forEach((line, index) => {
            expect(markdownTextValue(line)).toBe(
              markdownTextValue(baselineLines[index])
                .split(from)
                .join(lineBreaksAsNewlines),
            );
          });
        } else {
          // Scripts and application files take no values.
          expect(content).toBe(before);
        }
      }
    }

    /** The hostile string as the value of a parameter: an item for arrays. */
    const asValue = (schema: any, hostile: string) =>
      schema.type === 'array' ? [hostile] : hostile;

    it.each(parameters)(
      'refuses every hostile %s naming it, or renders it exactly',
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
          const messages = response.body.errors
            ? response.body.errors
                .filter((error: any) => error.path?.[0] === parameter)
                .map((error: any) => error.stack)
            : [response.body.error?.message];
          expect(messages).toEqual([expect.stringContaining(parameter)]);
        }
      },
      600_000,
    );
  });
});

describe('sparki-service skeleton', () => {
  const skeletonDir = path.join(templateDir, 'skeleton');
  const filterOf = (file: string) => {
    if (/\.(tf|tfvars)$/.test(file)) return 'hcl';
    if (/\.ya?ml$/.test(file)) return 'yaml';
    if (file.endsWith('.md')) return 'markdown';
    return undefined;
  };

  it('quotes every interpolated value for the language of its file; other files take none', () => {
    const files = templateDirectoryContents(skeletonDir);
    expect(files.length).toBeGreaterThan(10);
    for (const { path: file, base64Content } of files) {
      // GitHub Actions expressions sit in {% raw %} blocks: not template values.
      const content = Buffer.from(base64Content, 'base64')
        .toString('utf8')
        .replace(/\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}/g, '');
      const filter = filterOf(file);
      const unquoted = [...content.matchAll(/\$\{\{([\s\S]*?)\}\}/g)]
        .filter(
          ([, body]) =>
            !filter || !new RegExp(`\\|\\s*${filter}\\s*$`).test(body.trim()),
        )
        .map(([expression]) => expression);
      expect({ file, unquoted }).toEqual({ file, unquoted: [] });
    }
  });
});
