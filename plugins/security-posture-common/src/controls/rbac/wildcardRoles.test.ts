import { wildcardRoles } from './wildcardRoles';
import {
  clusterRole,
  evaluateControl,
  findingKeys,
  role,
} from '../../testUtils/fixtures';

describe('rbac-wildcard-roles (CIS 5.1.3)', () => {
  it('fails Roles and ClusterRoles with * in verbs, resources or apiGroups', () => {
    const result = evaluateControl(wildcardRoles, [
      clusterRole('ci', [
        { apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] },
      ]),
      role('web', 'all-verbs', [
        { apiGroups: [''], resources: ['pods'], verbs: ['*'] },
      ]),
      role('web', 'all-scale', [
        { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] },
      ]),
      role('web', 'explicit', [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      ]),
    ]);
    expect(findingKeys(result)).toEqual([
      'Role/web/all-verbs',
      'Role/web/all-scale',
      'ClusterRole//ci',
    ]);
    expect(result.findings[0].message).toBe(
      'Role "all-verbs" uses "*" in verbs (1 rule)',
    );
    expect(result.applicable).toBe(4);
  });

  it('excludes built-in roles such as cluster-admin', () => {
    const result = evaluateControl(wildcardRoles, [
      clusterRole(
        'cluster-admin',
        [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        {
          labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        },
      ),
      clusterRole('system:controller:foo', [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ]),
    ]);
    expect(result).toMatchObject({ applicable: 0, findings: [] });
  });
});
