import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { resolve } from 'node:path';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleSparkiForge from '@sparki/catalog-backend-module-sparki-forge';
import request from 'supertest';
import YAML from 'yaml';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const repoRoot = resolve(__dirname, '../../..');

// The catalog locations of app-config.yaml, made absolute so the test does not depend on its cwd.
const appConfig = YAML.parse(readFileSync(resolve(repoRoot, 'app-config.yaml'), 'utf8'));
const locations = appConfig.catalog.locations.map((location: { target: string }) => ({
  ...location,
  target: resolve(repoRoot, 'packages/backend', location.target),
}));

jest.setTimeout(120_000);

async function eventually(assertion: () => Promise<void>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

describe('demo catalog', () => {
  const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

  // The environments and clusters come from the local forge, seeded as app-config.yaml says.
  const environments = appConfig.sparki.environments;
  let forgeDir: string;
  beforeEach(() => {
    forgeDir = mkdtempSync(resolve(tmpdir(), 'sparki-demo-forge-'));
  });
  afterEach(() => rmSync(forgeDir, { recursive: true, force: true }));

  it.each(databases.eachSupportedId())(
    'serves the Sparki system, clusters, accounts and groups (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleSparkiForge,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              catalog: {
                rules: appConfig.catalog.rules,
                locations,
                processingInterval: { seconds: 1 },
              },
              sparki: {
                environments: {
                  ...environments,
                  modulesDir: resolve(repoRoot, 'packages/backend', environments.modulesDir),
                  localForge: {
                    directory: resolve(forgeDir, 'infrastructure.git'),
                    seedEnvironmentsDir: resolve(
                      repoRoot,
                      'packages/backend',
                      environments.localForge.seedEnvironmentsDir,
                    ),
                  },
                },
              },
            },
          }),
        ],
      });

      const entityNames = async (filter: string) => {
        const response = await request(server)
          .get(`/api/catalog/entities/by-query?filter=${encodeURIComponent(filter)}`)
          .set('authorization', mockCredentials.user.header());
        expect(response.status).toBe(200);
        return (response.body.items as Array<{ metadata: { name: string } }>)
          .map(e => e.metadata.name)
          .sort();
      };

      // Catalog ingestion is asynchronous: retry until every location has been processed.
      await eventually(async () => {
        expect(await entityNames('kind=group')).toEqual([
          'platform-team',
          'release-approvers',
          'security-auditors',
          'sparki',
        ]);
        expect(await entityNames('kind=system')).toEqual(['sparki']);
        expect(await entityNames('kind=resource,spec.type=kubernetes-cluster')).toEqual([
          'sparki-dev-eks',
          'sparki-prod-eks',
          'sparki-staging-eks',
        ]);
        expect(await entityNames('kind=resource,spec.type=aws-account')).toEqual([
          'aws-account-dev',
          'aws-account-prod',
          'aws-account-staging',
        ]);
        expect(await entityNames('kind=resource,spec.type=environment')).toEqual([
          'sparki-dev',
          'sparki-prod',
          'sparki-staging',
        ]);
        expect(await entityNames('kind=component')).toEqual(['sparki-api', 'sparki-portal']);
      });

      const unauthenticated = await request(server)
        .get('/api/catalog/entities')
        .set('authorization', mockCredentials.none.header());
      expect(unauthenticated.status).toBe(401);
    },
  );
});
