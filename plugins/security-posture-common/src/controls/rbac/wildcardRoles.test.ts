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

  it('excludes the upstream default roles such as cluster-admin', () => {
    const result = evaluateControl(wildcardRoles, [
      clusterRole(
        'cluster-admin',
        [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        {
          labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        },
      ),
      clusterRole('system:controller:namespace-controller', [
        {
          apiGroups: ['*'],
          resources: ['*'],
          verbs: ['delete', 'deletecollection', 'get', 'list', 'watch'],
        },
      ]),
    ]);
    expect(result).toMatchObject({ applicable: 0, findings: [] });
  });

  it('judges roles that only look built in, or that extend a default', () => {
    const result = evaluateControl(wildcardRoles, [
      clusterRole('system:controller:foo', [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ]),
      clusterRole(
        'system:controller:namespace-controller',
        [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      ),
    ]);
    expect(findingKeys(result)).toEqual([
      'ClusterRole//system:controller:foo',
      'ClusterRole//system:controller:namespace-controller',
    ]);
    expect(result.findings[1].message).toContain('not an upstream default');
  });
});
