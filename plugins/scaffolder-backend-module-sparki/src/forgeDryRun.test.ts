import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { Entity } from '@backstage/catalog-model';
import { forgeLocationRef } from '@sparki/sparki-forge-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  demoCatalogEntities,
  environmentsConfigData,
  modulesDir,
  templateDirectoryContents,
  templatesDir,
} from './__testUtils__/fixtures';
import { createForgeProposeAction } from './actions/forgePropose';
import { LocalForge } from './forge/LocalForge';
import scaffolderModuleSparki from '.';

jest.setTimeout(120_000);

const templateDir = path.join(templatesDir, 'sparki-environment');
const updateTemplateDir = path.join(templatesDir, 'sparki-environment-update');
const decommissionTemplateDir = path.join(
  templatesDir,
  'sparki-environment-decommission',
);

/** ledger-dev as the local forge's entity provider emits it once its root is on main. */
const ledgerDevLocation = forgeLocationRef(
  'main',
  'environments/ledger-dev/catalog-info.yaml',
);
const ledgerDevOnMain: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ledger-dev',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': ledgerDevLocation,
      'backstage.io/managed-by-origin-location': ledgerDevLocation,
      'sparki.io/lifecycle': 'active',
    },
  },
  spec: { type: 'environment', owner: 'group:default/platform-team' },
};

const filesOf = (body: {
  directoryContents: Array<{ path: string; base64Content: string }>;
}) =>
  Object.fromEntries(
    body.directoryContents.map(file => [
      file.path,
      Buffer.from(file.base64Content, 'base64'),
    ]),
  );

describe('sparki-environment template on the local forge (scaffolder dry-run API)', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-dry-run-'));
    ({ server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubModule,
        scaffolderModuleSparki,
        catalogServiceMock.factory({
          entities: [...demoCatalogEntities(), ledgerDevOnMain],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: dir },
            // No GitHub token, like `./sparki start`.
            integrations: { github: [{ host: 'github.com' }] },
            sparki: {
              environments: {
                ...environmentsConfigData,
                localForge: { directory: path.join(dir, 'infrastructure.git') },
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('proposes the rendered root on the local forge instead of GitHub, writing nothing in a dry run', async () => {
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: parseYaml(
          fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
        ),
        values: {
          name: 'payments-dev',
          description: 'Payments environment.',
          tier: 'dev',
          owner: 'group:default/platform-team',
          accountId: '111111111111',
          region: 'eu-west-1',
          vpcCidr: '10.40.0.0/16',
          clusterVersion: '1.31',
        },
        directoryContents: templateDirectoryContents(templateDir),
      });
    expect(response.status).toBe(200);
    const log: string[] = response.body.log.map(
      (entry: any) => entry.body.message,
    );
    expect(log).toContainEqual(
      expect.stringContaining(
        'Dry run: would propose 8 files on branch environment/payments-dev of the local forge',
      ),
    );
    const skipped = response.body.log
      .filter((entry: any) => entry.body.status === 'skipped')
      .map((entry: any) => entry.body.stepId);
    expect(skipped).toEqual(expect.arrayContaining(['publish', 'register']));
    expect(skipped).not.toContain('propose');
    // The portal shows the links that have a url.
    expect(
      response.body.output.links.filter(
        (link: any) => link.url || link.entityRef,
      ),
    ).toEqual([
      {
        title:
          'Change dry-run on branch environment/payments-dev of the local infrastructure repository',
        url: `file://${path.join(dir, 'infrastructure.git')}`,
      },
      expect.objectContaining({ entityRef: 'resource:default/payments-dev' }),
    ]);
    expect(fs.existsSync(path.join(dir, 'infrastructure.git'))).toBe(false);

    // The rendered root, proposed for real by the same action, lands on the branch.
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
    const forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
    const root = 'environments/payments-dev';
    const context = createMockActionContext({
      input: {
        branchName: 'environment/payments-dev',
        title: 'Environment payments-dev (dev)',
        sourcePath: root,
        targetPath: root,
      },
      workspacePath: workspace,
    });
    await createForgeProposeAction({
      forge,
      auditor: mockServices.auditor.mock(),
    }).handler(context as any);
    const onBranch = await forge.listFiles('environment/payments-dev');
    expect(onBranch.filter(file => file.startsWith(`${root}/`)).sort()).toEqual(
      response.body.directoryContents.map((file: any) => file.path).sort(),
    );
    expect(await forge.diff('1')).toContain(
      `+++ b/${root}/payments-dev.tfvars`,
    );
    await forge.merge('1', 'user:default/bob');
    expect(await forge.readFile('main', `${root}/payments-dev.tfvars`)).toBe(
      fs.readFileSync(
        path.join(workspace, root, 'payments-dev.tfvars'),
        'utf8',
      ),
    );
  });

  it('updates an environment on main of the local forge: reads its root there and shows the diff, writing nothing', async () => {
    // A root rendered by the create template, merged on main as ledger-dev.
    const created = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: parseYaml(
          fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
        ),
        values: {
          name: 'ledger-dev9',
          tier: 'dev',
          description: 'Ledger environment.',
          owner: 'group:default/platform-team',
          accountId: '111111111111',
          region: 'eu-west-1',
          vpcCidr: '10.41.0.0/16',
          clusterVersion: '1.31',
        },
        directoryContents: templateDirectoryContents(templateDir),
      });
    expect(created.status).toBe(200);
    const forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
    const rename = (text: string) =>
      text.replaceAll('ledger-dev9', 'ledger-dev');
    const proposed = await forge.propose({
      branch: 'environment/ledger-dev',
      title: 'Environment ledger-dev (dev)',
      body: '',
      author: 'user:default/alice',
      files: Object.entries(filesOf(created.body)).map(([file, content]) => ({
        path: rename(file),
        content: Buffer.from(rename(content.toString('utf8'))),
      })),
    });
    await forge.merge(proposed.id, 'user:default/bob');
    const changesBefore = await forge.listChanges();

    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: parseYaml(
          fs.readFileSync(
            path.join(updateTemplateDir, 'template.yaml'),
            'utf8',
          ),
        ),
        values: { environment: 'resource:default/ledger-dev', size: 'large' },
        directoryContents: templateDirectoryContents(updateTemplateDir),
      });
    expect(response.status).toBe(200);
    const log: string[] = response.body.log.map(
      (entry: any) => entry.body.message,
    );
    expect(log).toContainEqual(
      expect.stringMatching(
        /Fetched 8 files of environments\/ledger-dev at [0-9a-f]{12} of the local forge$/,
      ),
    );
    const skipped = response.body.log
      .filter((entry: any) => entry.body.status === 'skipped')
      .map((entry: any) => entry.body.stepId);
    expect(skipped).toEqual(expect.arrayContaining(['fetch', 'publish']));
    expect(skipped).not.toContain('propose');
    const diff = response.body.output.text.find(
      (text: any) => text.title === 'Diff',
    ).content;
    expect(diff).toContain('+++ b/environments/ledger-dev/ledger-dev.tfvars');
    expect(diff).toMatch(/^-size += "small"$/m);
    expect(diff).toMatch(/^\+size += "large"$/m);
    // A dry run proposes nothing.
    expect(await forge.listChanges()).toEqual(changesBefore);
  });

  it('decommissions an environment on main: proposes the removal of its root, and refuses a second request', async () => {
    const forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
    // The update test above may have put ledger-dev on main already; this test needs it there.
    const onMain = await forge.listFiles('main', 'environments/ledger-dev');
    if (onMain.length === 0) {
      const change = await forge.propose({
        branch: 'environment/ledger-dev',
        title: 'Environment ledger-dev (dev)',
        body: '',
        author: 'user:default/alice',
        files: [
          {
            path: 'environments/ledger-dev/main.tf',
            content: Buffer.from('# ledger-dev\n'),
          },
          {
            path: 'environments/ledger-dev/catalog-info.yaml',
            content: Buffer.from('metadata:\n  name: ledger-dev\n'),
          },
        ],
      });
      await forge.merge(change.id, 'user:default/bob');
    }
    const decommissionDryRun = () =>
      request(server)
        .post('/api/scaffolder/v2/dry-run')
        .send({
          template: parseYaml(
            fs.readFileSync(
              path.join(decommissionTemplateDir, 'template.yaml'),
              'utf8',
            ),
          ),
          values: { environment: 'resource:default/ledger-dev' },
          directoryContents: [],
        });

    const changesBefore = await forge.listChanges();
    const response = await decommissionDryRun();
    expect(response.status).toBe(200);
    const diff = response.body.output.text.find(
      (text: any) => text.title === 'Diff',
    ).content;
    expect(diff).toContain('--- a/environments/ledger-dev/main.tf');
    expect(diff).toContain('+++ /dev/null');
    expect(diff).not.toMatch(/^diff --git a\/modules\//m);
    // The removed README has its own code fences: the diff's fence is longer, so they stay inside.
    expect(diff).toMatch(/^````diff\n/);
    // A dry run proposes nothing.
    expect(await forge.listChanges()).toEqual(changesBefore);

    // Once the removal is proposed, a second request is refused, saying why (in a dry run too).
    await forge.propose({
      branch: 'decommission/ledger-dev',
      title: 'Decommission environment ledger-dev',
      body: '',
      author: 'user:default/alice',
      files: [],
      removePaths: ['environments/ledger-dev'],
    });
    const again = await decommissionDryRun();
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.body.error.message).toContain(
      'Branch decommission/ledger-dev already exists and is not merged',
    );
  });
});
