import {
  buildInventory,
  inventoryKindOf,
  ManifestError,
  parseManifest,
  parseManifests,
} from './manifests';

describe('parseManifest', () => {
  it('parses multi-document YAML, skipping empty documents', () => {
    const objects = parseManifest({
      name: 'app.yaml',
      content: `---
apiVersion: v1
kind: Namespace
metadata: {name: web}
---
# only a comment
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec: {}
`,
    });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/web',
      'Deployment/app',
    ]);
  });

  it('flattens kind: List and typed lists from kubectl, filling in item kinds', () => {
    const objects = parseManifest({
      name: 'list.yaml',
      content: `apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: a, namespace: web}}
  - apiVersion: v1
    kind: PodList
    items:
      - {metadata: {name: p, namespace: web}, spec: {containers: []}}
`,
    });
    expect(
      objects.map(o => `${o.apiVersion}/${o.kind}/${o.metadata.name}`),
    ).toEqual(['v1/ServiceAccount/a', 'v1/Pod/p']);
  });

  it('parses JSON objects, arrays and lists', () => {
    const objects = parseManifest({
      name: 'objects.json',
      content: JSON.stringify([
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
        {
          kind: 'List',
          items: [
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
          ],
        },
      ]),
    });
    expect(objects.map(o => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('rejects bad YAML with the file, document and line', () => {
    const parse = () =>
      parseManifest({
        name: 'dir/broken.yaml',
        content:
          'kind: Namespace\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: [unclosed\n',
      });
    expect(parse).toThrow(ManifestError);
    expect(parse).toThrow(
      /^dir\/broken\.yaml: invalid YAML in document 2 \(line \d+, column \d+\): /,
    );
  });

  it('rejects bad JSON, objects without kind or name, and scalars', () => {
    expect(() =>
      parseManifest({ name: 'x.json', content: '{"kind": ' }),
    ).toThrow(/^x\.json: invalid JSON: /);
    expect(() =>
      parseManifest({ name: 'k.yaml', content: 'metadata: {name: a}' }),
    ).toThrow('k.yaml: document 1 has no kind');
    expect(() =>
      parseManifest({ name: 'n.yaml', content: 'kind: Pod\nmetadata: {}' }),
    ).toThrow('n.yaml: document 1 (Pod) has no metadata.name');
    expect(() =>
      parseManifest({ name: 's.yaml', content: 'just a string' }),
    ).toThrow('s.yaml: document 1 is not a Kubernetes object');
    const error = (() => {
      try {
        return parseManifest({
          name: 'k.yaml',
          content: 'metadata: {name: a}',
        });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).file).toBe('k.yaml');
  });

  it('returns nothing for an empty file', () => {
    expect(parseManifest({ name: 'empty.yaml', content: '' })).toEqual([]);
  });
});

describe('inventoryKindOf', () => {
  it('maps kinds by API group, and without apiVersion by kind alone', () => {
    expect(
      inventoryKindOf({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
      }),
    ).toBe('networkpolicies');
    expect(
      inventoryKindOf({
        apiVersion: 'projectcalico.org/v3',
        kind: 'NetworkPolicy',
      }),
    ).toBeUndefined();
    expect(inventoryKindOf({ apiVersion: 'v1', kind: 'Pod' })).toBe('pods');
    expect(
      inventoryKindOf({ apiVersion: 'apps/v1', kind: 'Pod' }),
    ).toBeUndefined();
    expect(inventoryKindOf({ kind: 'ClusterRoleBinding' })).toBe(
      'clusterrolebindings',
    );
    expect(
      inventoryKindOf({ apiVersion: 'v1', kind: 'ConfigMap' }),
    ).toBeUndefined();
  });
});

describe('buildInventory', () => {
  it('sorts objects by kind, defaults namespaces, counts ignored kinds and duplicates', () => {
    const objects = parseManifests([
      {
        name: 'a.yaml',
        content: `apiVersion: v1
kind: Namespace
metadata: {name: web, namespace: ignored}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: web}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: d, namespace: web}
`,
      },
      {
        name: 'b.json',
        content:
          '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"hello","namespace":"default"}}',
      },
    ]);
    const { inventory, ignoredKinds, duplicates } = buildInventory(objects, {
      cluster: 'demo',
      collectedAt: 'now',
    });
    expect(inventory.objects.namespaces).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
    ]);
    expect(inventory.objects.deployments).toHaveLength(1);
    expect(inventory.objects.deployments[0].metadata.namespace).toBe('default');
    expect(ignoredKinds).toEqual({ 'v1/ConfigMap': 2 });
    expect(duplicates).toEqual(['deployments/default/hello']);
    expect(inventory.unavailable).toEqual([]);
    expect(inventory).toMatchObject({ cluster: 'demo', collectedAt: 'now' });
  });

  it('keeps the metadata of every other namespaced object in the default namespace, never its data', () => {
    const objects = parseManifests([
      {
        name: 'default.yaml',
        content: `apiVersion: v1
kind: Secret
metadata:
  name: db
  labels: {app: db}
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"aHVudGVyMg=="}}'
data: {password: aHVudGVyMg==}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
data: {mode: debug}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec: {rules: []}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: web-tls, namespace: default}
---
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: letsencrypt}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: web}
`,
      },
    ]);
    const { inventory, ignoredKinds } = buildInventory(objects, {
      cluster: 'demo',
      collectedAt: 'now',
    });
    expect(inventory.objects.defaultnamespaceobjects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'default' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'web', namespace: 'default' },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: 'web-tls', namespace: 'default' },
      },
    ]);
    expect(JSON.stringify(inventory)).not.toContain('aHVudGVyMg');
    // Without a namespace, only kinds known to be namespaced go to default; a custom resource's
    // scope is not in its manifest.
    expect(ignoredKinds).toEqual({
      'cert-manager.io/v1/ClusterIssuer': 1,
      'v1/ConfigMap': 1,
    });
  });

  it('holds validating admission webhook configurations', () => {
    const { inventory } = buildInventory(
      parseManifest({
        name: 'kyverno.yaml',
        content: `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: kyverno-resource-validating-webhook-cfg, namespace: ignored}
webhooks: [{name: validate.kyverno.svc-fail}]
`,
      }),
      { cluster: 'demo', collectedAt: 'now' },
    );
    expect(inventory.objects.validatingwebhookconfigurations).toEqual([
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'kyverno-resource-validating-webhook-cfg' },
        webhooks: [{ name: 'validate.kyverno.svc-fail' }],
      },
    ]);
  });
});
