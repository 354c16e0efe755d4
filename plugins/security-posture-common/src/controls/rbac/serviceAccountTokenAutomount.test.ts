import { serviceAccountTokenAutomount } from './serviceAccountTokenAutomount';
import {
  clusterRole,
  clusterRoleBinding,
  deployment,
  evaluateControl,
  findingKeys,
  group,
  hardenedSpec,
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

  it('skips system namespaces', () => {
    const result = evaluateControl(serviceAccountTokenAutomount, [
      deployment('kube-system', 'coredns', hardenedSpec()),
    ]);
    expect(result.applicable).toBe(0);
  });
});
