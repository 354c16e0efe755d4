import { defaultServiceAccounts } from './defaultServiceAccounts';
import {
  clusterRole,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
  namespace,
  roleBinding,
  sa,
  serviceAccount,
} from '../../testUtils/fixtures';

describe('rbac-default-service-accounts (CIS 5.1.5)', () => {
  it('fails a default ServiceAccount that automounts, is bound or is used by workloads', () => {
    const result = evaluateControl(defaultServiceAccounts, [
      serviceAccount('automounts', 'default'),
      serviceAccount('bound', 'default', {
        automountServiceAccountToken: false,
      }),
      clusterRole('reader', [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      ]),
      roleBinding('bound', 'reader', { kind: 'ClusterRole', name: 'reader' }, [
        sa('bound', 'default'),
      ]),
      serviceAccount('used', 'default', {
        automountServiceAccountToken: false,
      }),
      deployment('used', 'app', hardenedSpec()),
    ]);
    expect(findingKeys(result)).toEqual([
      'ServiceAccount/automounts/default',
      'ServiceAccount/bound/default',
      'ServiceAccount/used/default',
    ]);
    expect(result.findings.map(f => f.message)).toEqual([
      'ServiceAccount "automounts/default" does not set automountServiceAccountToken: false',
      'ServiceAccount "bound/default" is bound by RoleBinding/reader',
      'ServiceAccount "used/default" is used by 1 workload',
    ]);
  });

  it('passes an unused, unbound default ServiceAccount with automount off, and ignores others', () => {
    const result = evaluateControl(defaultServiceAccounts, [
      serviceAccount('web', 'default', { automountServiceAccountToken: false }),
      serviceAccount('web', 'app'),
      deployment('web', 'app', hardenedSpec({ serviceAccountName: 'app' })),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });

  it('judges the default ServiceAccount of every namespace, declared in the files or not', () => {
    const result = evaluateControl(defaultServiceAccounts, [
      namespace('empty'),
      deployment('web', 'app', hardenedSpec()),
      roleBinding('ops', 'edit', { kind: 'ClusterRole', name: 'edit' }, [
        sa('ops', 'default'),
      ]),
      serviceAccount('hardened', 'default', {
        automountServiceAccountToken: false,
      }),
    ]);
    expect(findingKeys(result)).toEqual([
      'ServiceAccount/empty/default',
      'ServiceAccount/ops/default',
      'ServiceAccount/web/default',
    ]);
    expect(result.applicable).toBe(4);
    expect(result.findings.map(f => f.message)).toEqual([
      'ServiceAccount "empty/default" (not in the inventory: Kubernetes creates it) does not set automountServiceAccountToken: false',
      'ServiceAccount "ops/default" (not in the inventory: Kubernetes creates it) does not set automountServiceAccountToken: false; is bound by RoleBinding/edit',
      'ServiceAccount "web/default" (not in the inventory: Kubernetes creates it) does not set automountServiceAccountToken: false; is used by 1 workload',
    ]);
    expect(result.findings[0].evidence).toMatchObject({
      inInventory: false,
    });
  });
});
