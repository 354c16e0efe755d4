import { clusterAdminBindings } from './clusterAdminBindings';
import {
  clusterRole,
  clusterRoleBinding,
  evaluateControl,
  findingKeys,
  group,
  roleBinding,
  sa,
  user,
} from '../../testUtils/fixtures';

const clusterAdmin = clusterRole(
  'cluster-admin',
  [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
  {
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  },
);

describe('rbac-cluster-admin-bindings (CIS 5.1.1)', () => {
  it('fails bindings of cluster-admin to groups, users and service accounts, cluster-wide or in a namespace', () => {
    const result = evaluateControl(clusterAdminBindings, [
      clusterAdmin,
      clusterRoleBinding('oncall-admin', 'cluster-admin', [group('oncall')]),
      roleBinding(
        'web',
        'web-admin',
        { kind: 'ClusterRole', name: 'cluster-admin' },
        [user('alice'), sa('web', 'ci')],
      ),
    ]);
    expect(findingKeys(result)).toEqual([
      'RoleBinding/web/web-admin',
      'ClusterRoleBinding//oncall-admin',
    ]);
    expect(result.findings[1].message).toBe(
      'ClusterRoleBinding "oncall-admin" binds cluster-admin to Group "oncall" cluster-wide',
    );
    expect(result.applicable).toBe(2);
  });

  it('passes the bootstrap system:masters binding and bindings to other roles', () => {
    const result = evaluateControl(clusterAdminBindings, [
      clusterAdmin,
      clusterRoleBinding('cluster-admin', 'cluster-admin', [
        group('system:masters'),
      ]),
      clusterRoleBinding('auditors', 'view', [group('auditors')]),
    ]);
    expect(result.findings).toEqual([]);
    expect(result.applicable).toBe(1);
  });

  it('judges a system:masters binding that is not the default one', () => {
    const result = evaluateControl(clusterAdminBindings, [
      clusterRoleBinding('system:masters-and-friends', 'cluster-admin', [
        group('system:masters'),
        group('friends'),
      ]),
      clusterRoleBinding('cluster-admin', 'cluster-admin', [
        group('system:masters'),
        user('mallory'),
      ]),
    ]);
    expect(findingKeys(result)).toEqual([
      'ClusterRoleBinding//system:masters-and-friends',
      'ClusterRoleBinding//cluster-admin',
    ]);
  });
});
