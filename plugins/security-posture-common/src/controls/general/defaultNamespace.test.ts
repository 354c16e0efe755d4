import { defaultNamespace } from './defaultNamespace';
import {
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  inventoryOf,
  networkPolicy,
  role,
  serviceAccount,
  withUnavailable,
} from '../../testUtils/fixtures';
import { KubeObject } from '../../inventory';
import { evaluateInventory } from '../../evaluation/evaluateInventory';

function object(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...extra,
  };
}

describe('general-default-namespace (CIS 5.6.4)', () => {
  it('fails workloads, ServiceAccounts and Roles in the default namespace, including objects without a namespace', () => {
    const unnamespaced: KubeObject = {
      ...deployment('x', 'hello', hardenedSpec()),
      metadata: { name: 'hello' },
    };
    const result = evaluateControl(defaultNamespace, [
      unnamespaced,
      serviceAccount('default', 'app'),
      role('default', 'reader', []),
      deployment('web', 'app', hardenedSpec()),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/default/hello',
      'ServiceAccount/default/app',
      'Role/default/reader',
    ]);
    expect(result.applicable).toBe(4);
  });

  it('passes when default holds only its default ServiceAccount', () => {
    const result = evaluateControl(defaultNamespace, [
      serviceAccount('default', 'default'),
      deployment('web', 'app', hardenedSpec()),
      serviceAccount('kube-system', 'coredns'),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });

  it('fails every other namespaced object in default: ConfigMaps, Secrets, Services, PVCs, Ingresses...', () => {
    const result = evaluateControl(defaultNamespace, [
      object('v1', 'ConfigMap', 'settings'),
      object('v1', 'Secret', 'db', 'default', { data: { password: 'eA==' } }),
      object('v1', 'Service', 'web', 'default'),
      object('v1', 'PersistentVolumeClaim', 'data', 'default'),
      object('networking.k8s.io/v1', 'Ingress', 'web', 'default'),
      object('cert-manager.io/v1', 'Certificate', 'web-tls', 'default'),
      networkPolicy('default', 'allow-web', { podSelector: {} }),
      object('v1', 'ConfigMap', 'settings', 'web'),
      object('v1', 'Service', 'web', 'web'),
    ]);
    expect(findingKeys(result)).toEqual([
      'NetworkPolicy/default/allow-web',
      'ConfigMap/default/settings',
      'Secret/default/db',
      'Service/default/web',
      'PersistentVolumeClaim/default/data',
      'Ingress/default/web',
      'Certificate/default/web-tls',
    ]);
    expect(result.findings[1].message).toBe(
      'ConfigMap "default/settings" is in the default namespace',
    );
    expect(result.applicableByNamespace).toEqual({ default: 7 });
  });

  it('ignores what Kubernetes itself creates in default', () => {
    const result = evaluateControl(defaultNamespace, [
      object('v1', 'Service', 'kubernetes', 'default'),
      object('v1', 'Endpoints', 'kubernetes', 'default'),
      object('discovery.k8s.io/v1', 'EndpointSlice', 'kubernetes', 'default'),
      object('v1', 'ConfigMap', 'kube-root-ca.crt', 'default'),
      serviceAccount('default', 'default'),
      object('v1', 'Event', 'hello.17a2b', 'default'),
      object('events.k8s.io/v1', 'Event', 'hello.17a2c', 'default'),
    ]);
    expect(result).toMatchObject({ applicable: 0, findings: [] });
  });

  it('is unknown when the objects of the default namespace could not be listed', () => {
    const [result] = evaluateInventory(
      withUnavailable(
        inventoryOf(deployment('web', 'app', hardenedSpec())),
        'defaultnamespaceobjects',
        'secrets: HTTP 403',
      ),
      { controls: [defaultNamespace] },
    );
    expect(result).toMatchObject({
      status: 'unknown',
      reason: 'Could not read defaultnamespaceobjects (secrets: HTTP 403)',
    });
  });
});
