import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { catalogModuleSparkiForge } from './module';

// A real catalog processes what the provider emits: generous limits for a loaded machine.
jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');
const modulesDir = path.join(repoRoot, 'templates/terraform/modules');
// The catalog rules of the demo: what the provider emits must pass them.
const catalogRules = parseYaml(
  fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
).catalog.rules;

describe('catalogModuleSparkiForge', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-catalog-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts a proposed environment in the catalog under the demo catalog rules', async () => {
    const directory = path.join(dir, 'infrastructure.git');
    await new LocalForge({ directory, seedModulesDir: modulesDir }).propose({
      branch: 'environment/payments-dev',
      title: 'Environment payments-dev (dev)',
      body: '',
      author: 'user:default/alice',
      files: [
        {
          path: 'environments/payments-dev/catalog-info.yaml',
          content: Buffer.from(
            'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: payments-dev\nspec:\n  type: environment\n  owner: group:default/platform-team\n',
          ),
        },
        {
          path: 'environments/payments-dev/payments-dev.tfvars',
          content: Buffer.from('vpc_cidr = "10.40.0.0/16"\n'),
        },
      ],
    });
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleSparkiForge,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            catalog: {
              rules: catalogRules,
              processingInterval: { seconds: 1 },
            },
            sparki: {
              environments: {
                allowedAccounts: [],
                allowedRegions: ['eu-west-1'],
                moduleSource: 'git::https://example.com/infra.git//modules',
                modulesDir,
                infrastructureRepo: 'github.com?owner=o&repo=infrastructure',
                localForge: { directory },
              },
            },
          },
        }),
      ],
    });
    let entity: any;
    // Stitching runs in the background: poll, with jest's limit above as the only deadline.
    while (!entity) {
      const response = await request(server)
        .get('/api/catalog/entities/by-name/resource/default/payments-dev')
        .set('Authorization', mockCredentials.user.header());
      if (response.status === 200) entity = response.body;
      else await new Promise(resolve => setTimeout(resolve, 500));
    }
    expect(entity.metadata.annotations).toMatchObject({
      'sparki.io/lifecycle': 'proposed',
      'sparki.io/forge-change': '1',
      'sparki.io/vpc-cidr': '10.40.0.0/16',
    });
    expect(entity.metadata.links).toEqual([
      {
        url: 'http://localhost:3000/sparki-forge/changes/1',
        title: 'Change 1: Environment payments-dev (dev)',
      },
    ]);
  });
});
