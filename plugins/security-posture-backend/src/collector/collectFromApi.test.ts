import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  evaluateInventory,
  getControl,
  inventoryKinds,
  KubeObject,
} from '@sparki/security-posture-common';
import {
  defaultNamespaceListPaths,
  FakeKubeApiServer,
  FakeKubeApiServerOptions,
  listPaths,
  startFakeKubeApiServer,
} from '@sparki/fake-kube-api';
import { ApiClusterSource } from '../config/clusters';
import { collectFromApi } from './collectFromApi';
import { createKubeConfig } from './kubeConfig';
import { createCommonEngine } from '../service/commonEngine';

// Real HTTP(S) round trips, a 15 s request timeout and openssl key generation: more than jest's
// default 5 s on a loaded machine.
jest.setTimeout(60_000);

const token = 'scanner-token';

function pod(namespace: string, name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      creationTimestamp: '2026-11-01T10:00:00Z',
    } as KubeObject['metadata'],
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          securityContext: { privileged: false },
        },
      ],
    },
  };
}

const namespaces: KubeObject[] = ['default', 'payments', 'kube-system'].map(
  name => ({
    metadata: {
      name,
      labels: { 'pod-security.kubernetes.io/enforce': 'baseline' },
    },
  }),
);
const pods = Array.from({ length: 23 }, (_, index) =>
  pod(
    index % 2 ? 'payments' : 'kube-system',
    `pod-${String(index).padStart(2, '0')}`,
  ),
);

function source(
  url: string,
  overrides: Partial<ApiClusterSource> = {},
): ApiClusterSource {
  return {
    type: 'api',
    name: 'sparki-test',
    url,
    // The client refuses plain HTTP unless TLS verification is off; the TLS test turns it on.
    skipTLSVerify: !url.startsWith('https:'),
    auth: { provider: 'serviceAccount', token },
    ...overrides,
  };
}

const collectionOptions = {
  pageSize: 5,
  // Far beyond any answer of the local server, however loaded the machine: only the timeout
  // test below has a request that times out.
  requestTimeoutMs: 60_000,
  skipNamespaces: [] as string[],
};

describe('collectFromApi', () => {
  let server: FakeKubeApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function collect(
    serverOptions: Partial<FakeKubeApiServerOptions>,
    options: Partial<typeof collectionOptions> = {},
    sourceOverrides: Partial<ApiClusterSource> = {},
  ) {
    server = await startFakeKubeApiServer({
      objects: { namespaces, pods },
      token,
      ...serverOptions,
    });
    const kubeConfig = await createKubeConfig(
      source(server.url, sourceOverrides),
    );
    return collectFromApi('sparki-test', kubeConfig, {
      ...collectionOptions,
      ...options,
    });
  }

  it('reads every page of every kind with the bearer token', async () => {
    const inventory = await collect({});
    expect(inventory.unavailable).toEqual([]);
    expect(inventory.objects.pods.map(p => p.metadata.name)).toEqual(
      pods.map(p => p.metadata.name),
    );
    expect(inventory.objects.namespaces).toHaveLength(3);
    // Items come back as plain JSON with the kind the API server leaves out of list items.
    expect(inventory.objects.pods[0]).toEqual(pods[0]);
    const podRequests = server!.requests.filter(r => r.path === '/api/v1/pods');
    expect(podRequests).toHaveLength(5);
    expect(podRequests.every(r => r.limit === '5')).toBe(true);
    expect(podRequests[0].continue).toBeUndefined();
    expect(podRequests[1].continue).toBeDefined();
    expect(
      server!.requests.every(r => r.authorization === `Bearer ${token}`),
    ).toBe(true);
    // Every kind cluster-wide, and each resource of the default namespace.
    expect(new Set(server!.requests.map(r => r.path))).toEqual(
      new Set([
        '/version',
        ...Object.values(listPaths),
        ...Object.values(defaultNamespaceListPaths),
      ]),
    );
  });

  it('records the Kubernetes release the API server reports', async () => {
    const inventory = await collect({ gitVersion: 'v1.31.4-eks-2d5f260' });
    expect(inventory.kubernetesVersion).toBe('v1.31.4-eks-2d5f260');
  });

  it('leaves the release unknown when /version cannot be read', async () => {
    const inventory = await collect({});
    expect(inventory.kubernetesVersion).toBeUndefined();
    expect(inventory.unavailable).toEqual([]);
  });

  it('lists the other objects of the default namespace as metadata only', async () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'default',
        labels: { app: 'db' },
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"data":{"password":"aHVudGVyMg=="}}',
        },
        creationTimestamp: '2026-11-01T10:00:00Z',
      } as KubeObject['metadata'],
      data: { password: 'aHVudGVyMg==' },
    };
    const defaultNamespaceObjects: KubeObject[] = [
      secret,
      ...['settings', 'feature-flags', 'kube-root-ca.crt'].map(name => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'default' },
        data: { 'ca.crt': 'not a secret' },
      })),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'default' },
        spec: { rules: [] },
      },
      // A server answers for its namespace only; this one must not be served for default.
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'web' },
      },
    ];
    const expected = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'default' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'feature-flags', namespace: 'default' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: 'default' },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'default' },
      },
    ];
    // Also when the server ignores the request for metadata only, no data is kept.
    for (const partialObjectMetadata of [true, false]) {
      const inventory = await collect(
        {
          objects: {
            namespaces,
            pods,
            defaultnamespaceobjects: defaultNamespaceObjects,
          },
          partialObjectMetadata,
        },
        { pageSize: 2 },
      );
      expect(inventory.unavailable).toEqual([]);
      expect(inventory.objects.defaultnamespaceobjects).toEqual(expected);
      expect(JSON.stringify(inventory)).not.toMatch(/aHVudGVyMg|not a secret/);
      const secretRequests = server!.requests.filter(
        r => r.path === '/api/v1/namespaces/default/secrets',
      );
      expect(secretRequests).toHaveLength(1);
      expect(secretRequests[0].accept).toContain(
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      );
      expect(
        server!.requests.filter(
          r => r.path === '/api/v1/namespaces/default/configmaps',
        ),
      ).toHaveLength(2);
      await server!.close();
      server = undefined;
    }
  });

  it('marks the default namespace objects unavailable when one of their lists is forbidden', async () => {
    const inventory = await collect({
      objects: {
        namespaces,
        pods,
        defaultnamespaceobjects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'settings', namespace: 'default' },
          },
        ],
      },
      defaultNamespaceFailures: { secrets: 403 },
    });
    expect(inventory.unavailable).toEqual([
      {
        kind: 'defaultnamespaceobjects',
        reason:
          'HTTP 403: secrets is forbidden: User "system:serviceaccount:sparki:scanner" cannot list resource "secrets" in the namespace "default" (listing secrets in default)',
      },
    ]);
    expect(inventory.objects.defaultnamespaceobjects).toEqual([]);
    const [result] = evaluateInventory(inventory, {
      controls: [getControl('general-default-namespace')!],
    });
    expect(result.status).toBe('unknown');
  });

  it('does not list the default namespace when it is skipped', async () => {
    const inventory = await collect({}, { skipNamespaces: ['default'] });
    expect(inventory.unavailable).toEqual([]);
    expect(
      server!.requests.some(r => r.path.startsWith('/api/v1/namespaces/')),
    ).toBe(false);
  });

  it('collects validating webhook configurations', async () => {
    const kyverno: KubeObject = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'kyverno-resource-validating-webhook-cfg' },
      webhooks: [
        {
          name: 'validate.kyverno.svc-fail',
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          clientConfig: {
            service: { name: 'kyverno-svc', namespace: 'kyverno' },
          },
          rules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['pods'],
            },
          ],
        },
      ],
    };
    const inventory = await collect({
      objects: { namespaces, validatingwebhookconfigurations: [kyverno] },
    });
    expect(inventory.objects.validatingwebhookconfigurations).toEqual([
      kyverno,
    ]);
  });

  it('marks forbidden and missing kinds unavailable and keeps the rest', async () => {
    const inventory = await collect({
      failures: { clusterroles: 403, cronjobs: 404 },
    });
    expect(inventory.unavailable).toEqual([
      {
        kind: 'clusterroles',
        reason: expect.stringMatching(/^HTTP 403: clusterroles is forbidden/),
      },
      { kind: 'cronjobs', reason: expect.stringMatching(/^HTTP 404/) },
    ]);
    expect(inventory.objects.clusterroles).toEqual([]);
    expect(inventory.objects.pods).toHaveLength(23);
  });

  it('restarts a list from scratch when its continue token expires', async () => {
    const inventory = await collect({ expireContinue: { pods: 1 } });
    expect(inventory.unavailable).toEqual([]);
    expect(inventory.objects.pods).toHaveLength(23);
    const podRequests = server!.requests.filter(r => r.path === '/api/v1/pods');
    // First attempt: page 1 then 410 on page 2; restart: 5 pages.
    expect(podRequests.map(r => r.continue === undefined)).toEqual([
      true,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('gives up on a list that keeps expiring', async () => {
    const inventory = await collect(
      { expireContinue: { pods: 10 } },
      { pageSize: 5 },
    );
    expect(inventory.unavailable).toEqual([
      { kind: 'pods', reason: 'list expired (410 Gone) 4 times in a row' },
    ]);
  });

  it('reports every kind unavailable with a wrong token', async () => {
    server = await startFakeKubeApiServer({ objects: { pods }, token });
    const kubeConfig = await createKubeConfig(
      source(server.url, {
        auth: { provider: 'serviceAccount', token: 'stale' },
      }),
    );
    const inventory = await collectFromApi(
      'sparki-test',
      kubeConfig,
      collectionOptions,
    );
    expect(inventory.unavailable.map(u => u.kind)).toEqual(
      [...inventoryKinds].sort(),
    );
    expect(
      inventory.unavailable.every(u => u.reason.startsWith('HTTP 401')),
    ).toBe(true);
  });

  it('times out a request that takes too long', async () => {
    // The roles request is never answered; the other requests are answered at once, so 15 s
    // leaves them room on a loaded machine.
    const inventory = await collect(
      { unanswered: ['roles'] },
      { requestTimeoutMs: 15_000 },
    );
    expect(inventory.unavailable).toEqual([
      { kind: 'roles', reason: 'timeout after 15000 ms' },
    ]);
    expect(inventory.objects.roles).toEqual([]);
    expect(inventory.objects.pods).toHaveLength(23);
    expect(
      server!.requests.filter(
        r => r.path === '/apis/rbac.authorization.k8s.io/v1/roles',
      ),
    ).toHaveLength(1);
  });

  it('leaves skipped namespaces out', async () => {
    const inventory = await collect({}, { skipNamespaces: ['kube-system'] });
    expect(inventory.objects.namespaces.map(n => n.metadata.name)).toEqual([
      'default',
      'payments',
    ]);
    expect(
      inventory.objects.pods.every(p => p.metadata.namespace === 'payments'),
    ).toBe(true);
    expect(inventory.objects.pods).toHaveLength(11);
  });

  it('reads the in-cluster token file when no token is configured', async () => {
    server = await startFakeKubeApiServer({ objects: { pods }, token });
    const readTokenFile = jest.fn(async () => `${token}\n`);
    const kubeConfig = await createKubeConfig(
      source(server.url, { auth: { provider: 'serviceAccount' } }),
      { readTokenFile },
    );
    const inventory = await collectFromApi(
      'sparki-test',
      kubeConfig,
      collectionOptions,
    );
    expect(readTokenFile).toHaveBeenCalledWith(
      '/var/run/secrets/kubernetes.io/serviceaccount/token',
    );
    expect(inventory.unavailable).toEqual([]);
  });

  it('verifies the server certificate against caData', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fake-kube-tls-'));
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    const tls = {
      key: readFileSync(keyFile, 'utf8'),
      cert: readFileSync(certFile, 'utf8'),
    };
    const caData = Buffer.from(tls.cert).toString('base64');

    const trusted = await collect({ tls }, {}, { caData });
    expect(trusted.unavailable).toEqual([]);
    expect(trusted.objects.pods).toHaveLength(23);
    await server!.close();

    const untrusted = await collect({ tls });
    expect(untrusted.unavailable).toHaveLength(inventoryKinds.length);
  });
});

describe('collectFromApi against the demo cluster', () => {
  it('collects through the API exactly what the manifest directory holds', async () => {
    const demo = path.resolve(__dirname, '../../../../examples/clusters/demo');
    const fromManifests = await createCommonEngine().readManifests(
      demo,
      'sparki-dev',
      '2026-11-21T00:00:00.000Z',
    );
    const server = await startFakeKubeApiServer({
      objects: fromManifests.objects,
      token,
    });
    try {
      const kubeConfig = await createKubeConfig(source(server.url));
      const fromApi = await collectFromApi('sparki-dev', kubeConfig, {
        ...collectionOptions,
        pageSize: 3,
      });
      expect(fromApi.unavailable).toEqual([]);
      expect(
        fromApi.objects.pods.length + fromApi.objects.deployments.length,
      ).toBeGreaterThan(5);
      expect(fromApi.objects).toEqual(fromManifests.objects);
    } finally {
      await server.close();
    }
  });
});
