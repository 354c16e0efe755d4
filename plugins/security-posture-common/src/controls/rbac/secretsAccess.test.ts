import { secretsAccess } from './secretsAccess';
import { describeAccessControl } from '../../testUtils/accessControlSuite';
import {
  clusterRole,
  evaluateControl,
  findingKeys,
  group,
  roleBinding,
} from '../../testUtils/fixtures';

describeAccessControl(secretsAccess, {
  grants: { apiGroups: [''], resources: ['secrets'], verbs: ['list'] },
  nearMisses: [
    { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get'],
      resourceNames: ['tls'],
    },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
  ],
});

describe('rbac-secrets-access through aggregation', () => {
  it('sees secrets added to an aggregated built-in role', () => {
    const result = evaluateControl(secretsAccess, [
      clusterRole('view', [], {
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        aggregationRule: {
          clusterRoleSelectors: [
            { matchLabels: { 'aggregate-to-view': 'true' } },
          ],
        },
      }),
      clusterRole(
        'vault-view',
        [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
        {
          labels: { 'aggregate-to-view': 'true' },
        },
      ),
      roleBinding('web', 'readers', { kind: 'ClusterRole', name: 'view' }, [
        group('readers'),
      ]),
    ]);
    expect(findingKeys(result)).toEqual(['RoleBinding/web/readers']);
    expect(result.findings[0].message).toBe(
      'RoleBinding "readers" lets Group "readers" get secrets in namespace "web" (via ClusterRole "view")',
    );
  });
});
