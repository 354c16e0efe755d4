import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BackendFeature,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestDatabases } from '@sparki/test-databases';
import {
  buildInventory,
  parseManifests,
} from '@sparki/security-posture-common';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { securityPosturePlugin } from './plugin';
import { canonicalJson, sha256Hex } from './store/canonicalJson';
import {
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@sparki/fake-kube-api';
import { loadOpenApiContract } from './__testUtils__/openApiContract';

jest.setTimeout(60_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const fixtureDir = path.resolve(__dirname, '__fixtures__/cluster');
const token = 'scanner-token';

function fixtureObjects() {
  const names = readdirSync(fixtureDir, { recursive: true })
    .map(String)
    .filter(name => name.endsWith('.yaml'));
  const files = names.map(name => ({
    name,
    content: readFileSync(path.join(fixtureDir, name), 'utf8'),
  }));
  return buildInventory(parseManifests(files), {
    cluster: 'api',
    collectedAt: '',
  }).inventory.objects;
}

describe('security-posture backend', () => {
  let kubeApi: FakeKubeApiServer;
  beforeAll(async () => {
    kubeApi = await startFakeKubeApiServer({
      objects: fixtureObjects(),
      token,
      failures: { clusterroles: 403 },
    });
  });
  afterAll(() => kubeApi.close());

  async function startBackend(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      scanOnStartup?: boolean;
      scheduler?: ReturnType<typeof mockServices.scheduler.mock>;
      /** A database shared by several backends (replicas, or one backend restarted). */
      knex?: Knex;
      /** `securityPosture.clusters` instead of the fixture and fake API clusters. */
      clusters?: object[];
      /** Other plugins of the same backend. */
      features?: BackendFeature[];
    } = {},
  ) {
    const scheduler = options.scheduler ?? mockServices.scheduler.mock();
    const auditEvent = { success: jest.fn(), fail: jest.fn() };
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => auditEvent),
    });
    const { server } = await startTestBackend({
      features: [
        securityPosturePlugin,
        ...(options.features ?? []),
        scheduler.factory,
        auditor.factory,
        ...(options.knex
          ? [
              mockServices.database.factory({
                knex: options.knex,
                migrations: { skip: false },
              }),
            ]
          : []),
        mockServices.permissions.factory({
          result: options.permission ?? AuthorizeResult.ALLOW,
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: {
                name: 'eks-dev',
                namespace: 'default',
                annotations: { 'sparki.io/cluster-name': 'sparki-dev' },
              },
              spec: {
                type: 'kubernetes-cluster',
                owner: 'group:default/platform-team',
              },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
              pageSize: 2,
              scanOnStartup: options.scanOnStartup ?? false,
              clusters: options.clusters ?? [
                {
                  name: 'sparki-dev',
                  type: 'manifests',
                  directory: fixtureDir,
                },
                {
                  name: 'sparki-api',
                  url: kubeApi.url,
                  skipTLSVerify: true,
                  serviceAccountToken: token,
                },
              ],
            },
          },
        }),
      ],
    });
    return { server, scheduler, auditor, auditEvent };
  }

  it('scans on schedule once across replicas and serves scores, findings and history', async () => {
    const { server, scheduler } = await startBackend();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'security-posture-scan',
        scope: 'global',
        frequency: { minutes: 10 },
      }),
    );
    const task = scheduler.scheduleTask.mock.calls[0][0];
    await task.fn(new AbortController().signal);

    const clusters = await request(server)
      .get('/api/security-posture/clusters')
      .expect(200);
    expect(clusters.body.items).toEqual([
      expect.objectContaining({
        name: 'sparki-dev',
        source: 'manifests',
        entityRef: 'resource:default/eks-dev',
        scanning: false,
        latestSnapshot: expect.objectContaining({ partial: false }),
      }),
      expect.objectContaining({
        name: 'sparki-api',
        source: 'api',
        latestSnapshot: expect.objectContaining({
          partial: true,
          unavailable: [
            {
              kind: 'clusterroles',
              reason: expect.stringMatching(/^HTTP 403/),
            },
          ],
        }),
      }),
    ]);
    const dev = clusters.body.items[0].latestSnapshot;
    expect(dev.score).toBeGreaterThanOrEqual(0);
    expect(dev.score).toBeLessThan(100);
    expect(dev.findingCount).toBeGreaterThan(0);

    // The paged API collection saw the same objects as the manifests (except the forbidden kind).
    expect(
      kubeApi.requests.filter(r => r.path === '/api/v1/namespaces').length,
    ).toBeGreaterThanOrEqual(1);

    const scores = await request(server)
      .get('/api/security-posture/scores?cluster=sparki-dev&framework=rbac')
      .expect(200);
    expect(scores.body.items).toHaveLength(1);
    expect(Object.keys(scores.body.items[0].byFramework)).toEqual(['rbac']);
    expect(scores.body.items[0].byNamespace.web.byFramework).toEqual({
      rbac: expect.any(Number),
    });

    const nsScores = await request(server)
      .get('/api/security-posture/scores?namespace=payments')
      .expect(200);
    expect(
      nsScores.body.items.map((i: any) => Object.keys(i.byNamespace)),
    ).toEqual([['payments'], ['payments']]);

    // Findings of the manifests cluster, paged 2 at a time, add up to the snapshot's count.
    const seen: any[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(server)
        .get('/api/security-posture/findings')
        .query({
          cluster: 'sparki-dev',
          limit: 2,
          ...(cursor ? { cursor } : {}),
        })
        .expect(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(dev.findingCount);
    expect(new Set(seen.map(f => f.id)).size).toBe(seen.length);
    expect(
      seen.some(f => f.resourceName === 'log-shipper' && f.namespace === 'web'),
    ).toBe(true);

    const critical = await request(server)
      .get(
        '/api/security-posture/findings?cluster=sparki-dev&severity=critical&status=fail',
      )
      .expect(200);
    expect(
      critical.body.items.every(
        (f: any) => f.severity === 'critical' && f.status === 'fail',
      ),
    ).toBe(true);

    const unknown = await request(server)
      .get('/api/security-posture/findings?cluster=sparki-api&status=unknown')
      .expect(200);
    expect(unknown.body.items.length).toBeGreaterThan(0);
    expect(unknown.body.items[0].message).toMatch(/clusterroles/);

    // A second scan adds a history point; the stored document hashes to the recorded sha256.
    const scan = await request(server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    const history = await request(server)
      .get('/api/security-posture/clusters/sparki-dev/history')
      .expect(200);
    expect(history.body.points.map((p: any) => p.snapshotId)).toEqual([
      dev.id,
      scan.body.id,
    ]);
    const document = await request(server)
      .get(`/api/security-posture/snapshots/${scan.body.id}/document`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(sha256Hex(document.body)).toBe(scan.body.sha256);
    expect(canonicalJson(JSON.parse(document.body))).toBe(document.body);

    const controls = await request(server)
      .get('/api/security-posture/controls')
      .expect(200);
    expect(controls.body.items.length).toBeGreaterThan(10);
    expect(controls.body.items[0]).not.toHaveProperty('evaluate');
  });

  it('scores the demo cluster exactly', async () => {
    // The manifests `./sparki start` scans as sparki-dev. These numbers move only when a control,
    // the scoring or the demo manifests change: update them deliberately, never loosen them.
    const { server } = await startBackend({
      clusters: [
        {
          name: 'sparki-dev',
          type: 'manifests',
          directory: path.resolve(__dirname, '../../../examples/clusters/demo'),
        },
      ],
    });
    await request(server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    const response = await request(server)
      .get('/api/security-posture/scores?cluster=sparki-dev')
      .expect(200);
    const [demo] = response.body.items;
    const scoresOf = (byFramework: Record<string, { score: number | null }>) =>
      Object.fromEntries(
        Object.entries(byFramework).map(([framework, summary]) => [
          framework,
          summary.score,
        ]),
      );
    const scores = {
      score: demo.score,
      byFramework: scoresOf(demo.byFramework),
      byNamespace: Object.fromEntries(
        Object.entries(demo.byNamespace).map(([namespace, summary]: any) => [
          namespace,
          { score: summary.score, byFramework: summary.byFramework },
        ]),
      ),
    };
    expect(scores).toEqual({
      score: 66.8,
      byFramework: {
        'cis-eks': 69.9,
        'cis-kubernetes': 68.6,
        'network-policy': 49.4,
        'pss-baseline': 75,
        'pss-restricted': 66.9,
        rbac: 68.4,
      },
      byNamespace: {
        default: {
          score: 33,
          byFramework: {
            'cis-eks': 34.6,
            'cis-kubernetes': 30.3,
            'network-policy': 0,
            'pss-baseline': 100,
            'pss-restricted': 76.9,
            rbac: 0,
          },
        },
        'kube-system': {
          score: 0,
          byFramework: { 'cis-eks': 0, 'cis-kubernetes': 0, rbac: 0 },
        },
        monitoring: {
          score: 40.7,
          byFramework: {
            'cis-eks': 44,
            'cis-kubernetes': 41.9,
            'network-policy': 0,
            'pss-baseline': 83.3,
            'pss-restricted': 71.8,
            rbac: 16.7,
          },
        },
        payments: {
          score: 96.9,
          byFramework: {
            'cis-eks': 93.5,
            'cis-kubernetes': 96.3,
            'network-policy': 100,
            'pss-baseline': 100,
            'pss-restricted': 100,
            rbac: 93,
          },
        },
        web: {
          score: 75,
          byFramework: {
            'cis-eks': 79,
            'cis-kubernetes': 81.3,
            'network-policy': 73.3,
            'pss-baseline': 33.3,
            'pss-restricted': 25.6,
            rbac: 79.8,
          },
        },
      },
    });
  });

  it('triggers the scan task at startup only when asked', async () => {
    const scheduler = mockServices.scheduler.mock({
      triggerTask: jest.fn(async () => {
        throw new ConflictError(
          'Task security-posture-scan is currently running',
        );
      }),
    });
    await startBackend({ scanOnStartup: true, scheduler });
    expect(scheduler.triggerTask).toHaveBeenCalledWith('security-posture-scan');

    const quiet = await startBackend();
    expect(quiet.scheduler.triggerTask).not.toHaveBeenCalled();
  });

  describe('a git source another plugin creates at its init', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'posture-plugin-git-'));
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    const git = (gitDir: string, args: string[], input?: string) =>
      execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
        encoding: 'utf8',
        input,
        env: {
          PATH: process.env.PATH,
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      }).trim();

    /** A bare repository with the fixture cluster's manifests under `prod/`. */
    function seed(gitDir: string) {
      git(gitDir, ['init', '--bare', '--quiet', '--initial-branch=main']);
      const names = readdirSync(fixtureDir, { recursive: true })
        .map(String)
        .filter(name => name.endsWith('.yaml'));
      const index = { GIT_INDEX_FILE: path.join(dir, 'index') };
      const entries = names.map(name => {
        const blob = git(
          gitDir,
          ['hash-object', '-w', '--stdin'],
          readFileSync(path.join(fixtureDir, name), 'utf8'),
        );
        return `100644 ${blob}\tprod/${name}`;
      });
      const withIndex = (args: string[], input?: string) =>
        execFileSync('git', [`--git-dir=${gitDir}`, ...args], {
          encoding: 'utf8',
          input,
          env: {
            PATH: process.env.PATH,
            GIT_CONFIG_GLOBAL: '/dev/null',
            ...index,
          },
        }).trim();
      withIndex(
        ['update-index', '--add', '--index-info'],
        `${entries.join('\n')}\n`,
      );
      const tree = withIndex(['write-tree']);
      const commit = git(gitDir, ['commit-tree', tree, '-m', 'seed']);
      git(gitDir, ['update-ref', 'refs/heads/main', commit]);
    }

    it('registers and triggers the scan task only after every plugin has started', async () => {
      const gitDir = path.join(dir, 'gitops.git');
      const events: string[] = [];
      const scheduler = mockServices.scheduler.mock({
        scheduleTask: jest.fn(async () => {
          events.push('scan task registered');
        }),
        triggerTask: jest.fn(async () => {
          events.push('scan triggered');
        }),
      });
      // Slower than the posture plugin's own init: a scan registered during that init would
      // find no repository.
      const seeder = createBackendPlugin({
        pluginId: 'seeder',
        register(env) {
          env.registerInit({
            deps: {},
            async init() {
              await new Promise(resolve => setTimeout(resolve, 1000));
              seed(gitDir);
              events.push('repository seeded');
            },
          });
        },
      });
      const { server } = await startBackend({
        scanOnStartup: true,
        scheduler,
        features: [seeder],
        clusters: [
          {
            name: 'sparki-prod',
            type: 'git',
            repository: gitDir,
            path: 'prod',
          },
        ],
      });
      expect(events).toEqual([
        'repository seeded',
        'scan task registered',
        'scan triggered',
      ]);

      await scheduler.scheduleTask.mock.calls[0][0].fn(
        new AbortController().signal,
      );
      const clusters = await request(server)
        .get('/api/security-posture/clusters')
        .expect(200);
      expect(clusters.body.items).toEqual([
        expect.objectContaining({
          name: 'sparki-prod',
          source: 'git',
          latestSnapshot: expect.objectContaining({ partial: false }),
        }),
      ]);
    });

    it('reports a repository without commits as unavailable, storing nothing', async () => {
      const gitDir = path.join(dir, 'empty.git');
      git(gitDir, ['init', '--bare', '--quiet']);
      const logger: ReturnType<typeof mockServices.logger.mock> =
        mockServices.logger.mock({ child: jest.fn(() => logger) });
      const { server, scheduler } = await startBackend({
        clusters: [
          { name: 'sparki-prod', type: 'git', repository: gitDir },
          { name: 'missing', type: 'git', repository: path.join(dir, 'none') },
        ],
        features: [logger.factory],
      });
      const response = await request(server)
        .post('/api/security-posture/scans')
        .send({ cluster: 'sparki-prod' })
        .expect(503);
      expect(response.body.error.message).toMatch(
        /empty.git has no commits yet .*posture is unknown/,
      );

      // The scheduled scan goes on and says so in words (a warning, not a failure).
      await scheduler.scheduleTask.mock.calls[0][0].fn(
        new AbortController().signal,
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /scan of cluster "sparki-prod" skipped: .*has no commits yet/,
        ),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /scan of cluster "missing" skipped: .*none is not a git repository/,
        ),
      );
      expect(logger.error).not.toHaveBeenCalledWith(
        expect.stringMatching(/scan of cluster/),
        expect.anything(),
      );
      const clusters = await request(server)
        .get('/api/security-posture/clusters')
        .expect(200);
      expect(
        clusters.body.items.map(
          (c: { latestSnapshot?: unknown }) => c.latestSnapshot,
        ),
      ).toEqual([undefined, undefined]);
    });
  });

  it('answers as openapi.yaml describes', async () => {
    const problems = await loadOpenApiContract();
    const { server } = await startBackend();
    const api = '/api/security-posture';
    const empty = await request(server).get(`${api}/clusters`).expect(200);
    expect(problems('get', '/clusters', 200, empty.body)).toEqual([]);

    const scanned = await request(server)
      .post(`${api}/scans`)
      .send({ cluster: 'sparki-api' })
      .expect(201);
    expect(problems('post', '/scans', 201, scanned.body)).toEqual([]);
    await request(server)
      .post(`${api}/scans`)
      .send({ cluster: 'sparki-dev' })
      .expect(201);

    const checks: Array<[string, string]> = [
      ['/clusters', '/clusters'],
      ['/scores', '/scores'],
      ['/scores?cluster=sparki-dev&namespace=web&framework=rbac', '/scores'],
      ['/clusters/sparki-dev/history', '/clusters/{cluster}/history'],
      ['/findings?limit=3', '/findings'],
      ['/findings?cluster=sparki-api&status=unknown', '/findings'],
      ['/controls', '/controls'],
      [`/snapshots/${scanned.body.id}`, '/snapshots/{id}'],
      ['/openapi.json', '/openapi.json'],
    ];
    for (const [url, route] of checks) {
      const response = await request(server).get(`${api}${url}`).expect(200);
      expect(problems('get', route, 200, response.body)).toEqual([]);
    }
    const whatIf = await request(server)
      .post(`${api}/what-if`)
      .send({ cluster: 'sparki-dev', level: 'restricted', version: 'latest' })
      .expect(200);
    expect(problems('post', '/what-if', 200, whatIf.body)).toEqual([]);

    const document = await request(server)
      .get(`${api}/snapshots/${scanned.body.id}/document`)
      .expect(200);
    expect(
      problems('get', '/snapshots/{id}/document', 200, document.body),
    ).toEqual([]);

    const errors: Array<[string, string, number]> = [
      ['/findings?severity=urgent', '/findings', 400],
      ['/findings?cluster=nope', '/findings', 404],
      ['/scores?framework=nist', '/scores', 400],
      ['/scores?cluster=nope', '/scores', 404],
      ['/clusters/nope/history', '/clusters/{cluster}/history', 404],
      [
        '/clusters/sparki-dev/history?limit=0',
        '/clusters/{cluster}/history',
        400,
      ],
      ['/snapshots/999', '/snapshots/{id}', 404],
      ['/snapshots/abc', '/snapshots/{id}', 400],
      ['/snapshots/999/document', '/snapshots/{id}/document', 404],
    ];
    for (const [url, route, status] of errors) {
      const response = await request(server).get(`${api}${url}`).expect(status);
      expect(problems('get', route, status, response.body)).toEqual([]);
    }
    const postErrors: Array<[string, object, number]> = [
      ['/what-if', { cluster: 'sparki-dev', level: 'strict' }, 400],
      [
        '/what-if',
        { cluster: 'nope', level: 'baseline', version: 'latest' },
        404,
      ],
      ['/scans', {}, 400],
      ['/scans', { cluster: 'nope' }, 404],
    ];
    for (const [route, body, status] of postErrors) {
      const response = await request(server)
        .post(`${api}${route}`)
        .send(body)
        .expect(status);
      expect(problems('post', route, status, response.body)).toEqual([]);
    }

    const anonymousSpec = await request(server)
      .get(`${api}/openapi.json`)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    expect(problems('get', '/openapi.json', 401, anonymousSpec.body)).toEqual(
      [],
    );

    // Every other route needs a token and the read (or scan) permission.
    const denied = await startBackend({ permission: AuthorizeResult.DENY });
    const routes: Array<['get' | 'post', string, string, object?]> = [
      ['get', '/clusters', '/clusters'],
      ['get', '/clusters/sparki-dev/history', '/clusters/{cluster}/history'],
      ['get', '/scores', '/scores'],
      ['get', '/findings', '/findings'],
      ['get', '/controls', '/controls'],
      ['get', '/snapshots/1', '/snapshots/{id}'],
      ['get', '/snapshots/1/document', '/snapshots/{id}/document'],
      [
        'post',
        '/what-if',
        '/what-if',
        { cluster: 'sparki-dev', level: 'baseline', version: 'latest' },
      ],
      ['post', '/scans', '/scans', { cluster: 'sparki-dev' }],
    ];
    for (const [method, url, route, body] of routes) {
      const forbidden = await request(denied.server)
        [method](`${api}${url}`)
        .send(body)
        .expect(403);
      expect(problems(method, route, 403, forbidden.body)).toEqual([]);
      const anonymous = await request(server)
        [method](`${api}${url}`)
        .set('Authorization', mockCredentials.none.header())
        .send(body)
        .expect(401);
      expect(problems(method, route, 401, anonymous.body)).toEqual([]);
    }
  });

  it('records manual scans with the auditor', async () => {
    const { server, auditor, auditEvent } = await startBackend();
    const response = await request(server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'scan-trigger',
        meta: { cluster: 'sparki-dev' },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: {
        snapshotId: response.body.id,
        sha256: response.body.sha256,
        partial: false,
      },
    });

    await request(server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'nope' })
      .expect(404);
    expect(auditEvent.fail).toHaveBeenCalledTimes(1);
  });

  it.each(databases.eachSupportedId())(
    'answers what-if from the inventory of the last scan, on every replica, without collecting (%s)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const api = '/api/security-posture';
      const whatIf = {
        cluster: 'sparki-api',
        level: 'restricted',
        version: 'latest',
      };
      const first = await startBackend({ knex });
      const requestsBefore = kubeApi.requests.length;
      const early = await request(first.server)
        .post(`${api}/what-if`)
        .send(whatIf)
        .expect(409);
      expect(early.body.error.message).toMatch(
        /Cluster "sparki-api" has no stored inventory yet/,
      );
      expect(
        (await loadOpenApiContract())('post', '/what-if', 409, early.body),
      ).toEqual([]);
      // Read permission never makes the backend talk to the cluster.
      expect(kubeApi.requests.length).toBe(requestsBefore);

      const scan = await request(first.server)
        .post(`${api}/scans`)
        .send({ cluster: 'sparki-api' })
        .expect(201);
      const requestsAfterScan = kubeApi.requests.length;

      // Another replica (or this one restarted) answers from the database alone.
      const second = await startBackend({ knex });
      const answer = await request(second.server)
        .post(`${api}/what-if`)
        .send(whatIf)
        .expect(200);
      expect(answer.body.inventoryCollectedAt).toBe(scan.body.collectedAt);
      expect(answer.body.rejectedCount).toBeGreaterThan(0);
      expect(kubeApi.requests.length).toBe(requestsAfterScan);
    },
  );

  it('answers what-if for a namespace and for every namespace', async () => {
    const { server } = await startBackend();
    await request(server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    const web = await request(server)
      .post('/api/security-posture/what-if')
      .send({
        cluster: 'sparki-dev',
        namespace: 'web',
        level: 'baseline',
        version: 'latest',
      })
      .expect(200);
    expect(web.body).toMatchObject({
      cluster: 'sparki-dev',
      target: 'baseline:latest',
    });
    expect(web.body.namespaces).toHaveLength(1);
    const rejected = web.body.namespaces[0].rejected.map(
      (r: any) => r.resource.name,
    );
    expect(rejected).toContain('log-shipper');
    expect(rejected).not.toContain('debug');

    const all = await request(server)
      .post('/api/security-posture/what-if')
      .send({ cluster: 'sparki-dev', level: 'restricted', version: 'v1.30' })
      .expect(200);
    expect(all.body.namespaces.map((n: any) => n.namespace).sort()).toEqual([
      'payments',
      'web',
    ]);

    await request(server)
      .post('/api/security-posture/what-if')
      .send({
        cluster: 'sparki-dev',
        namespace: 'nope',
        level: 'baseline',
        version: 'latest',
      })
      .expect(404);
    const bad = await request(server)
      .post('/api/security-posture/what-if')
      .send({ cluster: 'sparki-dev', level: 'strict', version: '1.30' })
      .expect(400);
    expect(bad.body.error.message).toMatch(/level/);
    expect(bad.body.error.message).toMatch(/version/);
  });

  it('rejects bad input with 400 and unknown clusters with 404', async () => {
    const { server } = await startBackend();
    for (const query of [
      'severity=urgent',
      'limit=0',
      'limit=abc',
      'framework=nist',
      'status=ok',
      'cursor=garbage',
      'colour=red',
    ]) {
      const response = await request(server)
        .get(`/api/security-posture/findings?${query}`)
        .expect(400);
      expect(response.body.error.name).toBe('InputError');
    }
    await request(server)
      .get('/api/security-posture/findings?cluster=nope')
      .expect(404);
    await request(server)
      .get('/api/security-posture/clusters/nope/history')
      .expect(404);
    await request(server)
      .get('/api/security-posture/clusters/sparki-dev/history?since=yesterday')
      .expect(400);
    await request(server)
      .get('/api/security-posture/snapshots/999')
      .expect(404);
    await request(server)
      .get('/api/security-posture/snapshots/abc')
      .expect(400);
    await request(server)
      .post('/api/security-posture/scans')
      .send({})
      .expect(400);

    // A cursor only works with the filters it was issued for.
    await request(server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'sparki-dev' })
      .expect(201);
    const first = await request(server)
      .get('/api/security-posture/findings?cluster=sparki-dev&limit=1')
      .expect(200);
    const other = await request(server)
      .get(
        `/api/security-posture/findings?cluster=sparki-dev&severity=low&limit=1&cursor=${first.body.nextCursor}`,
      )
      .expect(400);
    expect(other.body.error.message).toMatch(/other filters/);
  });

  it('requires authentication, and the permissions', async () => {
    const { server } = await startBackend();
    await request(server)
      .get('/api/security-posture/clusters')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    await request(server)
      .get('/api/security-posture/clusters')
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    // The OpenAPI document needs a token too, and describes every route.
    const anonymousSpec = await request(server)
      .get('/api/security-posture/openapi.json')
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    expect(anonymousSpec.body.error.name).toBe('AuthenticationError');
    const spec = await request(server)
      .get('/api/security-posture/openapi.json')
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    expect(Object.keys(spec.body.paths).sort()).toEqual([
      '/clusters',
      '/clusters/{cluster}/history',
      '/clusters/{cluster}/objects',
      '/controls',
      '/findings',
      '/openapi.json',
      '/scans',
      '/scores',
      '/snapshots/{id}',
      '/snapshots/{id}/document',
      '/what-if',
    ]);
    expect(spec.body).toEqual(
      parseYaml(
        readFileSync(path.resolve(__dirname, 'schema/openapi.yaml'), 'utf8'),
      ),
    );

    const denied = await startBackend({ permission: AuthorizeResult.DENY });
    const response = await request(denied.server)
      .get('/api/security-posture/scores')
      .expect(403);
    expect(response.body.error.message).toMatch(/security-posture.read/);
    await request(denied.server)
      .post('/api/security-posture/scans')
      .send({ cluster: 'sparki-dev' })
      .expect(403);
    expect(denied.auditEvent.fail).toHaveBeenCalledTimes(1);
    await request(denied.server)
      .post('/api/security-posture/what-if')
      .send({ cluster: 'sparki-dev', level: 'baseline', version: 'latest' })
      .expect(403);
  });
});
