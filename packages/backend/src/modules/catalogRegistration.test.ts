// Registering a location through the real catalog, with the catalog and permission sections of
// app-config.yaml and Sparki's policy: only the platform team registers, and what a registered
// location brings cannot add people or groups (nor templates) to the catalog.
//
// The catalog's permission checks are answered by SparkiPermissionPolicy in-process rather than
// through the permission backend: the test-utils' mock auth drops the service actor of
// on-behalf-of tokens, which the permission backend requires for resource permissions.
import {
  coreServices,
  createServiceFactory,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogLogs from '@backstage/plugin-catalog-backend-module-logs';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  DefinitivePolicyDecision,
  Permission,
} from '@backstage/plugin-permission-common';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { SparkiPermissionPolicy } from './permissionPolicy';

jest.setTimeout(300_000);

const repoRoot = resolve(__dirname, '../../../..');
const appConfig = YAML.parse(
  readFileSync(resolve(repoRoot, 'app-config.yaml'), 'utf8'),
);
// File locations are relative to packages/backend (the backend's cwd): make them absolute.
const locations = appConfig.catalog.locations.map(
  (location: { target: string }) => ({
    ...location,
    target: resolve(repoRoot, 'packages/backend', location.target),
  }),
);

// What sign-in puts in each user's token (the catalog's memberOf of org.yaml).
const memberships: Record<string, string[]> = {
  'user:default/alice': ['group:default/platform-team'],
  'user:default/bob': ['group:default/security-auditors'],
};
const orgUserInfo = {
  async getUserInfo(credentials: BackstageCredentials) {
    const { userEntityRef } = credentials.principal as {
      userEntityRef: string;
    };
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...memberships[userEntityRef]],
    };
  },
};

const policy = new SparkiPermissionPolicy(
  SparkiPermissionPolicy.readRestrictions(new ConfigReader(appConfig)),
  orgUserInfo,
);
// Decides as the permissions service does: service principals are allowed, users are asked.
// Sparki's policy only returns definitive decisions.
async function decide(
  permission: Permission,
  credentials: BackstageCredentials,
): Promise<DefinitivePolicyDecision> {
  const { type } = credentials.principal as {
    type: 'user' | 'service' | 'none';
  };
  if (type === 'service') return { result: AuthorizeResult.ALLOW };
  const user =
    type === 'user'
      ? { credentials, info: await orgUserInfo.getUserInfo(credentials) }
      : undefined;
  const decision = await policy.handle({ permission }, user);
  if (decision.result === AuthorizeResult.CONDITIONAL)
    throw new Error('unexpected condition');
  return decision;
}
const permissionsThroughPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => ({
    authorize: (requests, options) =>
      Promise.all(requests.map(r => decide(r.permission, options.credentials))),
    authorizeConditional: (queries, options) =>
      Promise.all(queries.map(q => decide(q.permission, options.credentials))),
  }),
});

// Files a signed-in user could point a location at, e.g. in a repository of their own.
const files: Record<string, object> = {
  'component.yaml': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'registered-service' },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/platform-team',
    },
  },
  'group.yaml': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'shadow-approvers' },
    spec: { type: 'team', children: [], members: ['user:default/bob'] },
  },
  'user.yaml': {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mallory' },
    spec: { memberOf: ['release-approvers', 'security-auditors'] },
  },
  'template.yaml': {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'shadow-template' },
    spec: { type: 'service', owner: 'group:default/platform-team', steps: [] },
  },
};

async function eventually(assertion: () => Promise<void>, timeoutMs = 150_000) {
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

describe('catalog locations registered through the API', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let fileServer: Server;
  let filesUrl: string;

  beforeAll(async () => {
    fileServer = createServer((req, res) => {
      const file = files[req.url?.slice(1) ?? ''];
      res.writeHead(file ? 200 : 404, { 'content-type': 'text/yaml' });
      res.end(file ? YAML.stringify(file) : '');
    });
    await new Promise<void>(r => fileServer.listen(0, '127.0.0.1', r));
    filesUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    fileServer.closeAllConnections();
    await new Promise(r => fileServer.close(r));
  });

  it.each(databases.eachSupportedId())(
    'are for the platform team only, and cannot bring users, groups or templates (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Processing errors reach the log through the logs module, as in the backend.
      const logger = mockServices.logger.mock();
      const backend = await startTestBackend({
        features: [
          mockServices.database.factory({ knex }),
          catalogPlugin,
          catalogLogs,
          logger.factory,
          scaffolderEntityModel,
          permissionsThroughPolicy,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                reading: { allow: [{ host: new URL(filesUrl).host }] },
              },
              catalog: {
                ...appConfig.catalog,
                locations,
                processingInterval: { seconds: 1 },
              },
            },
          }),
        ],
      });
      try {
        const { server } = backend;
        const register = (user: string, file: string) =>
          request(server)
            .post('/api/catalog/locations')
            .set('authorization', mockCredentials.user.header(user))
            .send({ type: 'url', target: `${filesUrl}/${file}` });
        const get = async (path: string) => {
          const response = await request(server)
            .get(path)
            .set(
              'authorization',
              mockCredentials.user.header('user:default/alice'),
            );
          if (response.status !== 200) {
            throw new Error(
              `GET ${path}: ${response.status} ${JSON.stringify(
                response.body,
              )}`,
            );
          }
          return response.body;
        };
        const names = async (filter: string) =>
          (
            await get(
              `/api/catalog/entities/by-query?filter=${encodeURIComponent(
                filter,
              )}`,
            )
          ).items
            .map((e: { metadata: { name: string } }) => e.metadata.name)
            .sort();

        const refused = await register('user:default/bob', 'component.yaml');
        expect(refused.status).toBe(403);

        for (const file of Object.keys(files)) {
          expect((await register('user:default/alice', file)).status).toBe(201);
        }

        // A plain component registers; each location bringing a user, group or template fails
        // processing as a whole, with the refused entity named in the log.
        const warnings = () =>
          logger.warn.mock.calls.map(([message]) => String(message));
        await eventually(async () => {
          expect(await names('kind=component')).toContain('registered-service');
          for (const [file, refusedRef] of [
            ['group.yaml', 'group:default/shadow-approvers'],
            ['user.yaml', 'user:default/mallory'],
            ['template.yaml', 'template:default/shadow-template'],
          ]) {
            expect(warnings()).toContainEqual(
              expect.stringMatching(
                new RegExp(
                  `^Entity ${refusedRef} at url:${filesUrl}/${file}, .* is not of an allowed kind`,
                ),
              ),
            );
          }
        });
        expect(await names('kind=group')).not.toContain('shadow-approvers');
        expect(await names('kind=user')).not.toContain('mallory');
        // The org source and the template locations of app-config.yaml still bring theirs.
        await eventually(async () => {
          expect(await names('kind=user')).toEqual([
            'alice',
            'bob',
            'carol',
            'dave',
            'guest',
          ]);
          expect(await names('kind=template')).toEqual([
            'sparki-environment',
            'sparki-environment-decommission',
            'sparki-environment-update',
            'sparki-service',
          ]);
        });
      } finally {
        await backend.stop();
      }
    },
  );
});
