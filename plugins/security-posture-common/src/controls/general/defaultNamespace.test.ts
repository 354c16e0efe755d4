import { defaultNamespace } from './defaultNamespace';
import {
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  role,
  serviceAccount,
} from '../../testUtils/fixtures';
import { KubeObject } from '../../inventory';

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
});
