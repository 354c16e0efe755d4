import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
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
        catalogServiceMock.factory({ entities: demoCatalogEntities() }),
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
});
