import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import gitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  ForgeApiServer,
  RepositoryState,
  startGithubApi,
  startGitlabApi,
} from './__testUtils__/forgeApiServers';
import { HOSTILE_STRINGS } from './__testUtils__/hostile';
import {
  demoCatalogEntities,
  environmentsConfigData,
  seedEnvironmentsDir,
  templateDirectoryContents,
  templatesDir,
} from './__testUtils__/fixtures';
import scaffolderModuleSparki from '.';

// Real tasks: a template run spawns the HCL parser and goes through HTTP round trips.
jest.setTimeout(120_000);

const TEMPLATES = [
  'sparki-environment',
  'sparki-environment-update',
  'sparki-environment-decommission',
];

/** The repository the servers serve: the demo's seeded roots under environments/. */
function seededRepository(): RepositoryState {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(seedEnvironmentsDir)) {
    for (const file of fs.readdirSync(path.join(seedEnvironmentsDir, name))) {
      files[`environments/${name}/${file}`] = fs.readFileSync(
        path.join(seedEnvironmentsDir, name, file),
        'utf8',
      );
    }
  }
  return { owner: 'sparki-org', repo: 'infrastructure', branch: 'main', files };
}

/**
 * The demo catalog, with the seeded environments as the catalog reads them from the
 * infrastructure repository (`blobPrefix`), and the three templates read from disk.
 */
function catalogEntities(blobPrefix: string): Entity[] {
  const environments = fs.readdirSync(seedEnvironmentsDir);
  const entities = demoCatalogEntities().map(entity => {
    if (!environments.includes(entity.metadata.name)) return entity;
    const location = `url:${blobPrefix}environments/${entity.metadata.name}/catalog-info.yaml`;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        namespace: 'default',
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
        },
      },
    };
  });
  const templates = TEMPLATES.map(name => {
    const file = path.join(templatesDir, name, 'template.yaml');
    const template = parseYaml(fs.readFileSync(file, 'utf8'));
    return {
      ...template,
      metadata: {
        ...template.metadata,
        namespace: 'default',
        annotations: { 'backstage.io/managed-by-location': `file:${file}` },
      },
    } as Entity;
  });
  return [...entities, ...templates];
}

async function startBackend(options: {
  dir: string;
  infrastructureRepo: string;
  integrations: object;
  blobPrefix: string;
}) {
  const { server } = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      gitlabModule,
      scaffolderModuleSparki,
      catalogServiceMock.factory({
        entities: catalogEntities(options.blobPrefix),
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            workingDirectory: options.dir,
          },
          integrations: options.integrations,
          sparki: {
            environments: {
              ...environmentsConfigData,
              infrastructureRepo: options.infrastructureRepo,
            },
            services: {
              gateAction: `sparki-org/sparki-portal/.github/actions/sparki-gate@${'a1'.repeat(
                20,
              )}`,
            },
          },
        },
      }),
    ],
  });
  return server;
}

type Server = Awaited<ReturnType<typeof startBackend>>;

/** Runs a template for real (POST /v2/tasks) and waits until its task has ended. */
async function runTask(
  server: Server,
  template: string,
  values: Record<string, unknown>,
) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .send({ templateRef: `template:default/${template}`, values });
  expect(created.status).toBe(201);
  const taskId = created.body.id;
  let status = 'open';
  while (!['completed', 'failed', 'cancelled'].includes(status)) {
    // The task worker runs it in the background: wait for its end state, however long it takes.
    await new Promise(resolve => setTimeout(resolve, 200));
    status = (await request(server).get(`/api/scaffolder/v2/tasks/${taskId}`))
      .body.status;
  }
  const events = (
    await request(server).get(`/api/scaffolder/v2/tasks/${taskId}/events`)
  ).body as Array<{ type: string; body: any }>;
  const log = events
    .filter(event => event.type === 'log')
    .map(event => `${event.body.stepId ?? ''}: ${event.body.message}`);
  const skipped = events
    .filter(event => event.body.status === 'skipped')
    .map(event => event.body.stepId);
  const completion = events.find(event => event.type === 'completion');
  return { status, log, skipped, output: completion?.body.output };
}

const dryRun = (
  server: Server,
  template: string,
  values: Record<string, unknown>,
) =>
  request(server)
    .post('/api/scaffolder/v2/dry-run')
    .send({
      template: parseYaml(
        fs.readFileSync(
          path.join(templatesDir, template, 'template.yaml'),
          'utf8',
        ),
      ),
      values,
      directoryContents: templateDirectoryContents(
        path.join(templatesDir, template),
      ),
    });

const skippedSteps = (body: any): string[] =>
  body.log
    .filter((entry: any) => entry.body.status === 'skipped')
    .map((entry: any) => entry.body.stepId);

const linksWithUrl = (output: any) =>
  output.links.filter((link: any) => link.url);

const newEnvironment = {
  name: 'payments-dev',
  description: 'Payments environment.',
  tier: 'dev',
  owner: 'group:default/platform-team',
  accountId: '111111111111',
  region: 'eu-west-1',
  vpcCidr: '10.40.0.0/16',
  clusterVersion: '1.31',
};

describe('environment templates on GitHub (a local server speaking the GitHub REST API)', () => {
  const repository = seededRepository();
  let github: ForgeApiServer;
  let server: Server;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-github-'));
    github = await startGithubApi(repository);
    server = await startBackend({
      dir,
      infrastructureRepo: 'github.example?owner=sparki-org&repo=infrastructure',
      integrations: {
        github: [
          {
            host: 'github.example',
            apiBaseUrl: `${github.baseUrl}/api/v3`,
            token: 'test-token',
          },
        ],
      },
      blobPrefix: 'https://github.example/sparki-org/infrastructure/blob/main/',
    });
  });

  afterAll(async () => {
    await github.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    github.requests.length = 0;
    github.unanswered.length = 0;
  });

  it('decommissions an environment with a pull request deleting every file of its root', async () => {
    const root = 'environments/sparki-staging';
    const rootFiles = Object.keys(repository.files)
      .filter(file => file.startsWith(`${root}/`))
      .sort();

    const task = await runTask(server, 'sparki-environment-decommission', {
      environment: 'resource:default/sparki-staging',
    });

    expect({ status: task.status, log: task.log }).toEqual({
      status: 'completed',
      log: expect.any(Array),
    });
    expect(task.skipped).toEqual(
      expect.arrayContaining(['propose', 'publishGitlab']),
    );
    expect(github.unanswered).toEqual([]);
    // Nothing is uploaded: the commit's tree only deletes the root's files.
    expect(github.requests.map(r => `${r.method} ${r.path}`)).not.toContain(
      'POST /api/v3/repos/sparki-org/infrastructure/git/blobs',
    );
    const tree = github.requests.find(r => r.path.endsWith('/git/trees'));
    expect(tree?.body.base_tree).toBe('b'.repeat(40));
    expect(
      [...tree?.body.tree].sort((a: any, b: any) => (a.path < b.path ? -1 : 1)),
    ).toEqual(
      rootFiles.map(file => ({ path: file, mode: '100644', sha: null })),
    );
    const ref = github.requests.find(r => r.path.endsWith('/git/refs'));
    expect(ref?.body).toEqual({
      ref: 'refs/heads/decommission/sparki-staging',
      sha: 'd'.repeat(40),
    });
    const pull = github.requests.find(r => r.path.endsWith('/pulls'));
    expect(pull?.body).toMatchObject({
      head: 'sparki-org:decommission/sparki-staging',
      base: 'main',
      title: 'Decommission environment sparki-staging',
    });
    for (const file of rootFiles) {
      expect(pull?.body.body).toContain(`- ${file}`);
    }
    expect(linksWithUrl(task.output)).toEqual([
      {
        title: 'Pull request',
        url: 'https://github.example/sparki-org/infrastructure/pull/7',
      },
    ]);
  });

  it('refuses to decommission a look-alike registered outside the infrastructure repository', async () => {
    const task = await runTask(server, 'sparki-environment-decommission', {
      environment: 'resource:default/sparki-dev-eks',
    });
    expect(task.status).toBe('failed');
    expect(task.log.join('\n')).toContain('not an environment');
    expect(github.requests).toEqual([]);
  });

  it('refuses every hostile environment parameter before anything reaches GitHub', async () => {
    for (const hostile of HOSTILE_STRINGS) {
      for (const environment of [hostile, `resource:default/${hostile}`]) {
        const response = await dryRun(
          server,
          'sparki-environment-decommission',
          { environment },
        );
        expect({ environment, status: response.status }).toEqual({
          environment,
          status: 400,
        });
        // The schema names the parameter; a well-formed name (`null`) is not in the catalog.
        expect(JSON.stringify(response.body)).toMatch(
          /environment|is not in the catalog/,
        );
      }
    }
    expect(github.requests).toEqual([]);
  });

  it('a dry run of the decommission lists the files, and opens nothing', async () => {
    const response = await dryRun(server, 'sparki-environment-decommission', {
      environment: 'resource:default/sparki-prod',
    });
    expect(response.status).toBe(200);
    expect(skippedSteps(response.body)).toEqual(
      expect.arrayContaining(['propose', 'publish', 'publishGitlab']),
    );
    const files = response.body.output.text.find(
      (text: any) => text.title === 'Files removed',
    ).content;
    expect(files).toContain('- environments/sparki-prod/main.tf');
    expect(
      github.requests.filter(r => r.method !== 'GET').map(r => r.path),
    ).toEqual([]);
  });
});

describe('environment templates on GitLab (a local server speaking the GitLab REST API)', () => {
  const repository = seededRepository();
  let gitlab: ForgeApiServer;
  let server: Server;
  let dir: string;
  const project = '/api/v4/projects/sparki-org/infrastructure';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-gitlab-'));
    gitlab = await startGitlabApi(repository);
    server = await startBackend({
      dir,
      infrastructureRepo: 'gitlab.example?owner=sparki-org&repo=infrastructure',
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example',
            baseUrl: gitlab.baseUrl,
            apiBaseUrl: `${gitlab.baseUrl}/api/v4`,
            token: 'test-token',
          },
        ],
      },
      blobPrefix:
        'https://gitlab.example/sparki-org/infrastructure/-/blob/main/',
    });
  });

  afterAll(async () => {
    await gitlab.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    gitlab.requests.length = 0;
    gitlab.unanswered.length = 0;
  });

  const posted = (suffix: string) =>
    gitlab.requests.find(
      r => r.method === 'POST' && r.path === `${project}${suffix}`,
    );

  it('dry runs select the GitLab steps, which the scaffolder skips, and nothing is written', async () => {
    const created = await dryRun(server, 'sparki-environment', newEnvironment);
    expect(created.status).toBe(200);
    expect(skippedSteps(created.body)).toEqual(
      expect.arrayContaining([
        'propose',
        'publish',
        'publishGitlab',
        'register',
      ]),
    );
    expect(linksWithUrl(created.body.output)).toEqual([]);

    const updated = await dryRun(server, 'sparki-environment-update', {
      environment: 'resource:default/sparki-dev',
      size: 'medium',
    });
    expect(updated.status).toBe(200);
    expect(skippedSteps(updated.body)).toEqual(
      expect.arrayContaining([
        'fetchLocal',
        'propose',
        'publish',
        'publishGitlab',
      ]),
    );
    expect(skippedSteps(updated.body)).not.toContain('fetch');

    const decommission = await dryRun(
      server,
      'sparki-environment-decommission',
      { environment: 'resource:default/sparki-dev' },
    );
    expect(decommission.status).toBe(200);
    expect(skippedSteps(decommission.body)).toEqual(
      expect.arrayContaining(['propose', 'publish', 'publishGitlab']),
    );
    expect(gitlab.requests.filter(r => r.method !== 'GET')).toEqual([]);
  });

  it('creates an environment with a merge request adding its root', async () => {
    const task = await runTask(server, 'sparki-environment', newEnvironment);
    expect({ status: task.status, log: task.log }).toEqual({
      status: 'completed',
      log: expect.any(Array),
    });
    expect(task.skipped).toEqual(
      expect.arrayContaining(['propose', 'publish']),
    );
    expect(posted('/repository/branches')?.body).toMatchObject({
      branch: 'environment/payments-dev',
      ref: 'main',
    });
    const commit = posted('/repository/commits')?.body;
    expect(commit.branch).toBe('environment/payments-dev');
    expect(
      commit.actions
        .map((action: any) => `${action.action} ${action.file_path}`)
        .sort(),
    ).toEqual([
      'create environments/payments-dev/README.md',
      'create environments/payments-dev/backend.tf',
      'create environments/payments-dev/catalog-info.yaml',
      'create environments/payments-dev/main.tf',
      'create environments/payments-dev/outputs.tf',
      'create environments/payments-dev/payments-dev.tfvars',
      'create environments/payments-dev/variables.tf',
      'create environments/payments-dev/versions.tf',
    ]);
    expect(posted('/merge_requests')?.body).toMatchObject({
      source_branch: 'environment/payments-dev',
      target_branch: 'main',
      title: 'Environment payments-dev (dev)',
    });
    expect(linksWithUrl(task.output)).toEqual([
      {
        title: 'Merge request',
        url: 'https://gitlab.example/sparki-org/infrastructure/-/merge_requests/3',
      },
    ]);
  });

  it('updates an environment read from GitLab with a merge request changing only what changes', async () => {
    const task = await runTask(server, 'sparki-environment-update', {
      environment: 'resource:default/sparki-dev',
      size: 'medium',
    });
    expect({ status: task.status, log: task.log }).toEqual({
      status: 'completed',
      log: expect.any(Array),
    });
    const commit = posted('/repository/commits')?.body;
    expect(
      commit.actions
        .map((action: any) => `${action.action} ${action.file_path}`)
        .sort(),
    ).toEqual([
      'update environments/sparki-dev/catalog-info.yaml',
      'update environments/sparki-dev/sparki-dev.tfvars',
    ]);
    const tfvars = commit.actions.find((action: any) =>
      action.file_path.endsWith('.tfvars'),
    );
    expect(Buffer.from(tfvars.content, 'base64').toString('utf8')).toMatch(
      /^size += "medium"$/m,
    );
    expect(posted('/merge_requests')?.body).toMatchObject({
      source_branch: 'environment/sparki-dev-update',
      title: 'Update environment sparki-dev',
    });
  });

  it('decommissions an environment with a merge request deleting every file of its root', async () => {
    const root = 'environments/sparki-prod';
    const task = await runTask(server, 'sparki-environment-decommission', {
      environment: 'resource:default/sparki-prod',
    });
    expect({ status: task.status, log: task.log }).toEqual({
      status: 'completed',
      log: expect.any(Array),
    });
    const commit = posted('/repository/commits')?.body;
    expect(
      commit.actions
        .map((action: any) => `${action.action} ${action.file_path}`)
        .sort(),
    ).toEqual(
      Object.keys(repository.files)
        .filter(file => file.startsWith(`${root}/`))
        .sort()
        .map(file => `delete ${file}`),
    );
    expect(posted('/merge_requests')?.body).toMatchObject({
      source_branch: 'decommission/sparki-prod',
      title: 'Decommission environment sparki-prod',
    });
    expect(gitlab.unanswered.filter(r => r.method !== 'GET')).toEqual([]);
  });

  it('refuses the service template, which publishes to GitHub only, saying so', async () => {
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: parseYaml(
          fs.readFileSync(
            path.join(templatesDir, 'sparki-service', 'template.yaml'),
            'utf8',
          ),
        ),
        values: {
          name: 'orders',
          description: 'Orders service.',
          owner: 'group:default/platform-team',
          system: 'system:default/sparki',
          environments: [
            'resource:default/sparki-dev',
            'resource:default/sparki-staging',
            'resource:default/sparki-prod',
          ],
          port: 8080,
          healthPath: '/healthz',
        },
        directoryContents: templateDirectoryContents(
          path.join(templatesDir, 'sparki-service'),
        ),
      });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(response.body)).toContain(
      'where creating services is not supported yet',
    );
  });
});
