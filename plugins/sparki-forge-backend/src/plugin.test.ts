import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LocalForge } from '@sparki/scaffolder-backend-module-sparki';
import {
  documentedOperations,
  loadOpenApiContract,
  servedOperations,
} from '@sparki/openapi-contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createRouter } from './router';
import { sparkiForgePlugin } from './plugin';
import { EnvironmentPreviewService } from './service/EnvironmentPreviewService';
import { ForgeChangeService } from './service/ForgeChangeService';

// Starts a test backend and runs git per test: an explicit limit for a loaded machine.
jest.setTimeout(60_000);

const openApiPath = path.resolve(__dirname, '../openapi.yaml');
const modulesDir = path.resolve(
  __dirname,
  '../../../templates/terraform/modules',
);
const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

describe('sparki-forge backend', () => {
  let dir: string;
  let forge: LocalForge;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sparki-forge-backend-'));
    forge = new LocalForge({
      directory: path.join(dir, 'infrastructure.git'),
      seedModulesDir: modulesDir,
    });
    await forge.propose({
      branch: 'environment/payments-dev',
      title: 'Environment payments-dev (dev)',
      body: 'New dev environment.',
      author: 'user:default/alice',
      files: [
        {
          path: 'environments/payments-dev/main.tf',
          content: Buffer.from('# payments-dev\n'),
        },
        {
          path: 'environments/payments-dev/catalog-info.yaml',
          content: Buffer.from('kind: Resource\n'),
        },
      ],
    });
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function startBackend(
    options: { allowMerge?: boolean; localForge?: object } = {},
  ) {
    const auditor = mockServices.auditor.mock();
    const event = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(event);
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async () => [
        {
          result:
            options.allowMerge === false
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        },
      ]) as any,
    });
    const { server } = await startTestBackend({
      features: [
        sparkiForgePlugin,
        auditor.factory,
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            sparki: {
              environments: {
                allowedAccounts: [],
                allowedRegions: ['eu-west-1'],
                moduleSource: 'git::https://example.com/infra.git//modules',
                modulesDir,
                infrastructureRepo: 'github.com?owner=o&repo=infrastructure',
                localForge: options.localForge ?? {
                  directory: path.join(dir, 'infrastructure.git'),
                },
              },
            },
          },
        }),
      ],
    });
    return { server, event, permissions, auditor };
  }

  it('lists changes and shows one with its diff, as openapi.yaml describes them', async () => {
    const contract = await loadOpenApiContract(openApiPath);
    const { server } = await startBackend();
    const list = await request(server)
      .get('/api/sparki-forge/changes?environment=payments-dev')
      .set('Authorization', as('bob'));
    expect(list.status).toBe(200);
    expect(contract('get', '/changes', 200, list.body)).toEqual([]);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: '1',
        state: 'open',
        author: 'user:default/alice',
        environments: [{ name: 'payments-dev', kind: 'create' }],
      }),
    ]);
    const other = await request(server)
      .get('/api/sparki-forge/changes?environment=orders-dev')
      .set('Authorization', as('bob'));
    expect(other.body.items).toEqual([]);

    const one = await request(server)
      .get('/api/sparki-forge/changes/1')
      .set('Authorization', as('bob'));
    expect(one.status).toBe(200);
    expect(contract('get', '/changes/{id}', 200, one.body)).toEqual([]);
    expect(one.body.diff).toContain('+++ b/environments/payments-dev/main.tf');

    const unauthenticated = await request(server)
      .get('/api/sparki-forge/changes')
      .set('Authorization', mockCredentials.user.invalidHeader());
    expect(unauthenticated.status).toBe(401);
  });

  it('answers bad ids and filters with 400, unknown changes with 404', async () => {
    const contract = await loadOpenApiContract(openApiPath);
    const { server } = await startBackend();
    const bad = await request(server)
      .get('/api/sparki-forge/changes/..%2F..%2FHEAD')
      .set('Authorization', as('bob'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Invalid change id: id: a change id is a number such as 3',
    );
    expect(contract('get', '/changes/{id}', 400, bad.body)).toEqual([]);
    const filter = await request(server)
      .get('/api/sparki-forge/changes?environment=Payments;rm')
      .set('Authorization', as('bob'));
    expect(filter.status).toBe(400);
    expect(filter.body.error.message).toBe(
      'Invalid query: environment: an environment name such as payments-dev',
    );
    const missing = await request(server)
      .get('/api/sparki-forge/changes/7')
      .set('Authorization', as('bob'));
    expect(missing.status).toBe(404);
    expect(contract('get', '/changes/{id}', 404, missing.body)).toEqual([]);
  });

  it('merges for a holder of sparki.forge.merge, audited, once', async () => {
    const contract = await loadOpenApiContract(openApiPath);
    const { server, event, permissions, auditor } = await startBackend();
    const merged = await request(server)
      .post('/api/sparki-forge/changes/1/merge')
      .set('Authorization', as('bob'));
    expect(merged.status).toBe(200);
    expect(contract('post', '/changes/{id}/merge', 200, merged.body)).toEqual(
      [],
    );
    expect(merged.body).toMatchObject({
      state: 'merged',
      mergedBy: 'user:default/bob',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [{ permission: expect.objectContaining({ name: 'sparki.forge.merge' }) }],
      expect.anything(),
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'forge-change-merge',
        meta: { changeId: '1' },
      }),
    );
    expect(event.success).toHaveBeenCalled();
    expect(
      await forge.readFile('main', 'environments/payments-dev/main.tf'),
    ).toBe('# payments-dev\n');

    const again = await request(server)
      .post('/api/sparki-forge/changes/1/merge')
      .set('Authorization', as('bob'));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Change 1 is already merged');
    expect(contract('post', '/changes/{id}/merge', 409, again.body)).toEqual(
      [],
    );
    expect(event.fail).toHaveBeenCalledTimes(1);
  });

  it('refuses to merge without the permission, and to the change’s author', async () => {
    const denied = await startBackend({ allowMerge: false });
    const refused = await request(denied.server)
      .post('/api/sparki-forge/changes/1/merge')
      .set('Authorization', as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Missing permission sparki.forge.merge',
    );
    expect(denied.event.fail).toHaveBeenCalled();

    const { server } = await startBackend();
    const own = await request(server)
      .post('/api/sparki-forge/changes/1/merge')
      .set('Authorization', as('alice'));
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe(
      'You proposed change 1: someone else from the platform team merges it',
    );
    expect((await forge.getChange('1')).state).toBe('open');
  });

  it('answers 404 when the local forge is disabled (production)', async () => {
    const { server } = await startBackend({ localForge: { enabled: false } });
    for (const call of [
      request(server).get('/api/sparki-forge/changes'),
      request(server).post('/api/sparki-forge/changes/1/merge'),
    ]) {
      const response = await call.set('Authorization', as('bob'));
      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain(
        'The local forge is disabled',
      );
    }
  });

  it('previews a new environment for the review step, with or without the local forge', async () => {
    const contract = await loadOpenApiContract(openApiPath);
    const { server } = await startBackend({ localForge: { enabled: false } });
    const preview = await request(server)
      .post('/api/sparki-forge/environment-preview')
      .set('Authorization', as('alice'))
      .send({
        tier: 'prod',
        components: ['database'],
        highAvailability: 'off',
      });
    expect(preview.status).toBe(200);
    expect(contract('post', '/environment-preview', 200, preview.body)).toEqual(
      [],
    );
    expect(preview.body.markdown).toContain('- Database multi-AZ: `off`');
    expect(preview.body.markdown).toMatch(
      /- \*\*redis\*\* \(modules\/redis, \d+ resource blocks\) — not created \(disabled\)/,
    );
    expect(preview.body.problems).toEqual([
      'prod requires high availability: multi-AZ database, subnets in 3 AZs, one NAT gateway per AZ',
    ]);

    const hostile = await request(server)
      .post('/api/sparki-forge/environment-preview')
      .set('Authorization', as('alice'))
      .send({ tier: 'prod"; rm -rf /', components: ['bitcoin-miner'] });
    expect(hostile.status).toBe(400);
    expect(contract('post', '/environment-preview', 400, hostile.body)).toEqual(
      [],
    );
    expect(hostile.body.error.message).toMatch(/^Invalid preview request: /);
    expect(hostile.body.error.message).toContain('tier');

    const anonymous = await request(server)
      .post('/api/sparki-forge/environment-preview')
      .set('Authorization', mockCredentials.none.header())
      .send({ tier: 'dev' });
    expect(anonymous.status).toBe(401);
    expect(
      contract('post', '/environment-preview', 401, anonymous.body),
    ).toEqual([]);
  });

  it('openapi.yaml describes exactly the routes the router serves', async () => {
    const router = await createRouter({
      service: {} as ForgeChangeService,
      previews: {} as EnvironmentPreviewService,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
    });
    expect(documentedOperations(openApiPath)).toEqual(
      servedOperations(router as any),
    );
  });
});
