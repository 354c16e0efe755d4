import { serviceAccountTokenAutomount } from './serviceAccountTokenAutomount';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import {
  clusterRole,
  clusterRoleBinding,
  deployment,
  evaluateControl,
  findingKeys,
  group,
  hardenedSpec,
  inventoryOf,
  roleBinding,
  sa,
  serviceAccount,
} from '../../testUtils/fixtures';

const reader = clusterRole('reader', [
  { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
]);

describe('rbac-service-account-token-automount (CIS 5.1.6)', () => {
  it('fails workloads that mount a token granting nothing', () => {
    const result = evaluateControl(serviceAccountTokenAutomount, [
      serviceAccount('web', 'unbound'),
      deployment(
        'web',
        'implicit',
        hardenedSpec({ serviceAccountName: 'unbound' }),
      ),
      serviceAccount('web', 'off', { automountServiceAccountToken: false }),
      deployment(
        'web',
        'pod-overrides',
        hardenedSpec({
          serviceAccountName: 'off',
          automountServiceAccountToken: true,
        }),
      ),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/web/implicit',
      'Deployment/web/pod-overrides',
    ]);
  });

  it('passes workloads that do not mount, and those whose account is granted something', () => {
    const result = evaluateControl(serviceAccountTokenAutomount, [
      reader,
      serviceAccount('web', 'operator'),
      roleBinding('web', 'operator', { kind: 'ClusterRole', name: 'reader' }, [
        sa('web', 'operator'),
      ]),
      deployment(
        'web',
        'operator',
        hardenedSpec({ serviceAccountName: 'operator' }),
      ),
      serviceAccount('ops', 'anything'),
      clusterRoleBinding('ops-sas', 'reader', [
        group('system:serviceaccounts:ops'),
      ]),
      deployment(
        'ops',
        'via-group',
        hardenedSpec({ serviceAccountName: 'anything' }),
      ),
      serviceAccount('web', 'off', { automountServiceAccountToken: false }),
      deployment('web', 'sa-off', hardenedSpec({ serviceAccountName: 'off' })),
      deployment(
        'web',
        'pod-off',
        hardenedSpec({ automountServiceAccountToken: false }),
      ),
    ]);
    expect(result).toMatchObject({ applicable: 4, findings: [] });
  });

  it('counts bindings to built-in roles that the inventory does not declare', () => {
    const result = evaluateControl(serviceAccountTokenAutomount, [
      roleBinding('web', 'viewer', { kind: 'ClusterRole', name: 'view' }, [
        sa('web', 'dashboard'),
      ]),
      deployment(
        'web',
        'dashboard',
        hardenedSpec({ serviceAccountName: 'dashboard' }),
      ),
    ]);
    expect(result).toMatchObject({ applicable: 1, findings: [] });
  });

  it('does not claim a token grants nothing when its bound role is unknown', () => {
    const [result] = evaluateInventory(
      inventoryOf(
        roleBinding(
          'web',
          'operator',
          { kind: 'ClusterRole', name: 'operator-role' },
          [sa('web', 'operator')],
        ),
        deployment(
          'web',
          'operator',
          hardenedSpec({ serviceAccountName: 'operator' }),
        ),
      ),
      { controls: [serviceAccountTokenAutomount] },
    );
    expect(result).toMatchObject({
      status: 'unknown',
      applicable: 0,
      findings: [],
    });
    expect(result.reason).toContain('operator-role');
  });

  it('skips system namespaces', () => {
    const result = evaluateControl(serviceAccountTokenAutomount, [
      deployment('kube-system', 'coredns', hardenedSpec()),
    ]);
    expect(result.applicable).toBe(0);
  });
});
