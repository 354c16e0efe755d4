// The demo provider with the real auth and catalog backends, the catalog reading the demo
// organisation (examples/catalog/org.yaml): sign-in resolves users with their groups, refuses
// anything that is not a catalog user, and the module refuses to start outside development.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import YAML from 'yaml';
import { DEMO_USER_HEADER } from './demoUser';
import demoProviderModule from '.';

jest.setTimeout(120_000);

const repoRoot = resolve(__dirname, '../../../../..');
const readYaml = (file: string) =>
  YAML.parse(readFileSync(resolve(repoRoot, file), 'utf8'));

const appConfig = readYaml('app-config.yaml');
const appBaseUrl = 'http://localhost:3000';

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

/** Decodes the claims of a Backstage token (the signature is the auth backend's business). */
function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('demo sign-in provider', () => {
  const originalNodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalNodeEnv;
  });

  describe('in development, with the demo organisation in the catalog', () => {
    const auditor = mockServices.auditor.mock();
    // The catalog audits its reads on the same service: only the demo's own event is checked.
    const auditEvent = { success: jest.fn(), fail: jest.fn() };
    const otherEvent = { success: jest.fn(), fail: jest.fn() };
    let server: Parameters<typeof request>[0];

    beforeAll(async () => {
      auditor.createEvent.mockImplementation(async ({ eventId }) =>
        eventId === 'demo-sign-in' ? auditEvent : otherEvent,
      );
      ({ server } = await startTestBackend({
        features: [
          authPlugin,
          catalogPlugin,
          demoProviderModule,
          auditor.factory,
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: appBaseUrl },
              auth: appConfig.auth,
              catalog: {
                rules: appConfig.catalog.rules,
                locations: [
                  {
                    type: 'file',
                    target: resolve(repoRoot, 'examples/catalog/org.yaml'),
                    rules: [{ allow: ['User', 'Group'] }],
                  },
                ],
                processingInterval: { seconds: 1 },
              },
            },
          }),
        ],
      }));
      // Catalog ingestion is asynchronous: the users endpoint lists them once it is done.
      const expectedUsers = 'alice,bob,carol,dave,guest';
      await eventually(async () => {
        const response = await request(server).get('/api/auth/demo/users');
        const names = (response.body.items ?? [])
          .map((user: { metadata: { name: string } }) => user.metadata.name)
          .join(',');
        if (response.status !== 200 || names !== expectedUsers) {
          throw new Error(
            `demo users: ${response.status} [${names}], want [${expectedUsers}]`,
          );
        }
      });
    });

    beforeEach(() => {
      auditEvent.success.mockClear();
      auditEvent.fail.mockClear();
    });

    const signIn = (user?: string) => {
      const call = request(server)
        .get('/api/auth/demo/refresh')
        .set('x-requested-with', 'XMLHttpRequest');
      return user === undefined ? call : call.set(DEMO_USER_HEADER, user);
    };

    it('lists the users without a token, with only what the picker shows', async () => {
      const response = await request(server).get('/api/auth/demo/users');
      expect(response.status).toBe(200);
      expect(response.body.items[0]).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'alice', namespace: 'default' },
        spec: {
          profile: {
            displayName: 'Alice Platform',
            email: 'alice@sparki.example',
          },
          memberOf: ['platform-team'],
        },
      });
    });

    it('signs in as alice with her catalog profile and her group in the ownership refs', async () => {
      const response = await signIn('alice');
      expect(response.status).toBe(200);
      expect(response.body.profile).toEqual({
        displayName: 'Alice Platform',
        email: 'alice@sparki.example',
      });
      expect(response.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/alice',
        ownershipEntityRefs: [
          'user:default/alice',
          'group:default/platform-team',
        ],
      });
      // The token names the user; its ownership refs go to the auth backend's user info.
      expect(claimsOf(response.body.backstageIdentity.token).sub).toBe(
        'user:default/alice',
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'demo-sign-in',
          meta: { userEntityRef: 'user:default/alice' },
        }),
      );
      expect(auditEvent.success).toHaveBeenCalledTimes(1);
    });

    it('accepts a full user entity ref (carol, a release approver)', async () => {
      const response = await signIn('user:default/carol');
      expect(response.status).toBe(200);
      expect(response.body.profile.displayName).toBe('Carol Approver');
      expect(
        response.body.backstageIdentity.identity.ownershipEntityRefs,
      ).toEqual(['user:default/carol', 'group:default/release-approvers']);
    });

    it('refuses a user that is not in the catalog with a 404 naming it', async () => {
      const response = await signIn('mallory');
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(
        'user:default/mallory is not a User entity of the catalog: demo sign-in only signs in catalog users',
      );
      expect(response.body.backstageIdentity).toBeUndefined();
    });

    it('refuses to sign in as a group', async () => {
      const response = await signIn('group:default/platform-team');
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        "Demo sign-in is for User entities only; 'group:default/platform-team' names a group",
      );
    });

    it('asks for the user when the header is missing or unparsable', async () => {
      const missing = await signIn();
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(
        /^Name the user to sign in as in the x-sparki-demo-user header/,
      );
      const malformed = await signIn('user:default/');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(
        /^'user:default\/' is not a user entity reference/,
      );
    });
  });

  describe('outside development', () => {
    const startAuth = (config: object) =>
      startTestBackend({
        features: [
          authPlugin,
          demoProviderModule,
          mockServices.rootConfig.factory({
            data: { app: { baseUrl: appBaseUrl }, ...config },
          }),
        ],
      });

    it('refuses to start when auth.environment is not development', async () => {
      await expect(
        startAuth({
          auth: { environment: 'production', providers: { demo: {} } },
        }),
      ).rejects.toThrow(
        /demo sign-in provider \(auth\.providers\.demo\).*auth\.environment is 'production' \(must be 'development'\)/,
      );
    });

    it('refuses to start when NODE_ENV is production', async () => {
      process.env.NODE_ENV = 'production';
      await expect(
        startAuth({
          auth: { environment: 'development', providers: { demo: {} } },
        }),
      ).rejects.toThrow(
        /NODE_ENV is 'production' \(must not be 'production'\)/,
      );
    });

    it('stays off with app-config.production.yaml over app-config.yaml', async () => {
      process.env.NODE_ENV = 'production';
      const productionAuth = ConfigReader.fromConfigs([
        { context: 'app-config.yaml', data: appConfig },
        {
          context: 'app-config.production.yaml',
          data: readYaml('app-config.production.yaml'),
        },
      ]).getConfig('auth');
      const { server } = await startAuth({ auth: productionAuth.get() });
      const refresh = await request(server)
        .get('/api/auth/demo/refresh')
        .set(DEMO_USER_HEADER, 'alice');
      expect(refresh.status).toBe(404);
      const users = await request(server).get('/api/auth/demo/users');
      expect(users.status).toBe(404);
    });
  });
});
