import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '@sparki/test-databases';
import { Knex } from 'knex';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { securityPosturePlugin } from './plugin';
import { redactSecret } from './service/clusterObject';
import { loadOpenApiContract } from './__testUtils__/openApiContract';

// Each case starts backends and scans; PostgreSQL may be slow to answer on a loaded machine.
jest.setTimeout(120_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const api = '/api/security-posture';
const secretValue = 'hunter2-do-not-show';
const secretBase64 = Buffer.from(secretValue).toString('base64');

const manifests = `
apiVersion: v1
kind: Namespace
metadata: { name: web }
---
apiVersion: v1
kind: Pod
metadata: { name: api, namespace: web, labels: { app: api } }
spec:
  containers:
    - name: api
      image: registry.example/api:1.0
      securityContext: { privileged: true }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ops-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io }
---
apiVersion: v1
kind: Secret
metadata:
  name: db-password
  namespace: default
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"${secretValue}"}}'
data: { password: ${secretBase64} }
stringData: { token: ${secretValue} }
`;

describe('GET /clusters/:cluster/objects', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'posture-objects-'));
    writeFileSync(path.join(directory, 'all.yaml'), manifests);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  async function startBackend(
    knex: Knex,
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        securityPosturePlugin,
        mockServices.scheduler.mock().factory,
        mockServices.database.factory({ knex, migrations: { skip: false } }),
        mockServices.permissions.factory({ result: permission }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              scanOnStartup: false,
              clusters: [{ name: 'sparki-dev', type: 'manifests', directory }],
            },
          },
        }),
      ],
    });
    return server;
  }

  it.each(databases.eachSupportedId())(
    'serves an object of the latest stored inventory as JSON and YAML, Secret values never (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const contract = await loadOpenApiContract();
      const first = await startBackend(knex);
      const pod = { kind: 'Pod', namespace: 'web', name: 'api' };

      const early = await request(first)
        .get(`${api}/clusters/sparki-dev/objects`)
        .query(pod)
        .expect(404);
      expect(early.body.error.message).toMatch(/no stored inventory yet/);

      const scan = await request(first)
        .post(`${api}/scans`)
        .send({ cluster: 'sparki-dev' })
        .expect(201);

      // Another replica answers from the database alone.
      const second = await startBackend(knex);
      const found = await request(second)
        .get(`${api}/clusters/sparki-dev/objects`)
        .query(pod)
        .expect(200);
      expect(found.body).toMatchObject({
        cluster: 'sparki-dev',
        snapshotId: scan.body.id,
        collectedAt: scan.body.collectedAt,
        kind: 'Pod',
        namespace: 'web',
        name: 'api',
        redacted: [],
      });
      expect(found.body.object.spec.containers[0].securityContext).toEqual({
        privileged: true,
      });
      expect(parseYaml(found.body.yaml)).toEqual(found.body.object);
      expect(
        contract('get', '/clusters/{cluster}/objects', 200, found.body),
      ).toEqual([]);

      const clusterScoped = await request(second)
        .get(`${api}/clusters/sparki-dev/objects`)
        .query({ kind: 'ClusterRoleBinding', name: 'ops-admin' })
        .expect(200);
      expect(clusterScoped.body.namespace).toBeUndefined();
      expect(clusterScoped.body.object.roleRef.name).toBe('cluster-admin');

      const secret = await request(second)
        .get(`${api}/clusters/sparki-dev/objects`)
        .query({ kind: 'Secret', namespace: 'default', name: 'db-password' })
        .expect(200);
      expect(secret.body.object.metadata.name).toBe('db-password');
      expect(secret.text).not.toContain(secretValue);
      expect(secret.text).not.toContain(secretBase64);

      // The same name in another namespace, or namespaced without one, is another object.
      for (const query of [
        { kind: 'Pod', namespace: 'default', name: 'api' },
        { kind: 'Pod', name: 'api' },
        { kind: 'Deployment', namespace: 'web', name: 'api' },
      ]) {
        const missing = await request(second)
          .get(`${api}/clusters/sparki-dev/objects`)
          .query(query)
          .expect(404);
        expect(missing.body.error.message).toMatch(
          /^No (Pod|Deployment) "api" .* in the inventory of cluster "sparki-dev"/,
        );
        expect(
          contract('get', '/clusters/{cluster}/objects', 404, missing.body),
        ).toEqual([]);
      }
      await request(second)
        .get(`${api}/clusters/nope/objects`)
        .query(pod)
        .expect(404);
    },
  );

  it.each(databases.eachSupportedId())(
    'answers 400 for bad queries, 401 without a token and 403 without read permission (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const server = await startBackend(knex);
      for (const query of [
        { name: 'api' },
        { kind: 'Pod' },
        { kind: 'Pod; drop', name: 'api' },
        { kind: 'Pod', name: 'api', extra: 'x' },
      ]) {
        const bad = await request(server)
          .get(`${api}/clusters/sparki-dev/objects`)
          .query(query)
          .expect(400);
        expect(bad.body.error.message).toMatch(/^Invalid query: /);
      }
      await request(server)
        .get(`${api}/clusters/sparki-dev/objects`)
        .set('Authorization', mockCredentials.user.invalidHeader())
        .query({ kind: 'Pod', name: 'api' })
        .expect(401);
      const denied = await startBackend(knex, AuthorizeResult.DENY);
      await request(denied)
        .get(`${api}/clusters/sparki-dev/objects`)
        .query({ kind: 'Pod', name: 'api' })
        .expect(403);
    },
  );
});

describe('redactSecret', () => {
  it("replaces a Secret's values and its last-applied manifest, keeping the keys", () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'web',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': secretValue,
          team: 'payments',
        },
      },
      data: { password: secretBase64 },
      stringData: { token: secretValue },
    };
    const { object, redacted } = redactSecret(secret);
    expect(object).toEqual({
      ...secret,
      metadata: {
        ...secret.metadata,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '<redacted>',
          team: 'payments',
        },
      },
      data: { password: '<redacted>' },
      stringData: { token: '<redacted>' },
    });
    expect(redacted).toEqual([
      'data.password',
      'stringData.token',
      'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration',
    ]);
    // The stored inventory is not changed.
    expect(secret.data.password).toBe(secretBase64);
  });

  it('leaves other kinds as they are', () => {
    const configMap = {
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'on' },
    };
    expect(redactSecret(configMap)).toEqual({
      object: configMap,
      redacted: [],
    });
  });
});
