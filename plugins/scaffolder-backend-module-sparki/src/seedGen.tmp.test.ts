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
  repoRoot,
  templateDirectoryContents,
  templatesDir,
} from './__testUtils__/fixtures';
import scaffolderModuleSparki from '.';

jest.setTimeout(300_000);

it('generates', async () => {
  const dir = path.join(templatesDir, 'sparki-environment');
  const template = parseYaml(fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedgen-'));
  const entities = demoCatalogEntities().filter(
    e => !(e.kind === 'Resource' && !['aws-account'].includes(e.spec?.type as string)),
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
  for (const [tier, accountId, cidr, sizing] of [
    ['dev', '111111111111', '10.10.0.0/16', 'small'],
    ['staging', '222222222222', '10.20.0.0/16', 'medium'],
    ['prod', '333333333333', '10.30.0.0/16', 'large'],
  ]) {
    const name = `sparki-${tier}`;
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template,
        directoryContents: templateDirectoryContents(dir),
        values: {
          name,
          description: `The ${tier} environment (${sizing} sizing) generated from the sparki-environment template.`,
          tier,
          owner: 'group:default/platform-team',
          accountId,
          region: 'eu-west-1',
          vpcCidr: cidr,
          clusterVersion: '1.31',
          components: ['database', 'redis', 'observability'],
          size: 'tier',
          highAvailability: 'tier',
          deletionProtection: 'tier',
        },
      });
    expect(response.status).toBe(200);
    for (const file of response.body.directoryContents) {
      const target = path.join(repoRoot, 'examples/infrastructure', file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'));
    }
  }
});
