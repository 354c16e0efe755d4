import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import {
  demoCatalogEntities,
  environmentsConfigData,
  seedEnvironmentsDir,
  templateDirectoryContents,
  templatesDir,
} from './__testUtils__/fixtures';
import scaffolderModuleSparki from '.';

jest.setTimeout(180_000);

const environmentTemplateDir = path.join(templatesDir, 'sparki-environment');

// The parameters the demo environments were created with.
const demoEnvironments = [
  {
    tier: 'dev',
    accountId: '111111111111',
    vpcCidr: '10.10.0.0/16',
    size: 'small',
  },
  {
    tier: 'staging',
    accountId: '222222222222',
    vpcCidr: '10.20.0.0/16',
    size: 'medium',
  },
  {
    tier: 'prod',
    accountId: '333333333333',
    vpcCidr: '10.30.0.0/16',
    size: 'large',
  },
];

/** Files below a directory, by path relative to it. */
function readTree(dir: string, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const relative = `${prefix}${entry.name}`;
      const full = path.join(dir, entry.name);
      return entry.isDirectory()
        ? Object.entries(readTree(full, `${relative}/`))
        : [[relative, fs.readFileSync(full, 'utf8')]];
    }),
  );
}

describe('seeded roots of the demo forge', () => {
  it('are what the sparki-environment template renders for the demo environments today', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-seed-'));
    try {
      // The catalog before the environments existed: accounts, org and system only.
      const entities = demoCatalogEntities().filter(
        entity =>
          entity.kind !== 'Resource' || entity.spec?.type === 'aws-account',
      );
      const { server } = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleSparki,
          catalogServiceMock.factory({ entities }),
          mockServices.rootConfig.factory({
            data: {
              backend: { workingDirectory: workDir },
              sparki: { environments: environmentsConfigData },
            },
          }),
        ],
      });
      const rendered: Record<string, string> = {};
      for (const { tier, accountId, vpcCidr, size } of demoEnvironments) {
        const response = await request(server)
          .post('/api/scaffolder/v2/dry-run')
          .send({
            template: parseYaml(
              fs.readFileSync(
                path.join(environmentTemplateDir, 'template.yaml'),
                'utf8',
              ),
            ),
            directoryContents: templateDirectoryContents(
              environmentTemplateDir,
            ),
            values: {
              name: `sparki-${tier}`,
              description: `The ${tier} environment (${size} sizing) generated from the sparki-environment template.`,
              tier,
              owner: 'group:default/platform-team',
              accountId,
              region: 'eu-west-1',
              vpcCidr,
              clusterVersion: '1.31',
              components: ['database', 'redis', 'observability'],
              size: 'tier',
              highAvailability: 'tier',
              deletionProtection: 'tier',
            },
          });
        expect(response.status).toBe(200);
        for (const file of response.body.directoryContents) {
          rendered[file.path.replace(/^environments\//, '')] = Buffer.from(
            file.base64Content,
            'base64',
          ).toString('utf8');
        }
      }
      // On a change of the skeleton, re-render these three roots into examples/infrastructure.
      expect(readTree(seedEnvironmentsDir)).toEqual(rendered);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});
