/* Shared test suite for the "minimize who can X" RBAC controls; used only by their tests. */
/* eslint-disable jest/no-export -- a shared suite: each control's own test file calls it */
import { Control } from '../controls';
import {
  clusterRole,
  clusterRoleBinding,
  evaluateControl,
  findingKeys,
  group,
  role,
  roleBinding,
} from './fixtures';

/**
 * Tests an access control with a rule granting exactly its access (positive) and near misses
 * (negative: other verb, resource, group or subresource, or a rule limited by resourceNames).
 */
export function describeAccessControl(
  control: Control,
  { grants, nearMisses }: { grants: object; nearMisses: object[] },
) {
  describe(`${control.id} (CIS ${control.cisKubernetes})`, () => {
    it('fails bindings whose role grants the access, through Roles and ClusterRoles', () => {
      const result = evaluateControl(control, [
        role('web', 'granting', [grants]),
        clusterRole('granting', [grants]),
        roleBinding('web', 'local', { kind: 'Role', name: 'granting' }, [
          group('devs'),
        ]),
        clusterRoleBinding('global', 'granting', [group('ops')]),
      ]);
      expect(findingKeys(result)).toEqual([
        'RoleBinding/web/local',
        'ClusterRoleBinding//global',
      ]);
      expect(result.applicable).toBe(2);
    });

    it('fails a wildcard role too', () => {
      const result = evaluateControl(control, [
        clusterRole('everything', [
          { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        ]),
        clusterRoleBinding('all', 'everything', [group('ops')]),
      ]);
      expect(findingKeys(result)).toEqual(['ClusterRoleBinding//all']);
    });

    it('passes near misses, built-in bindings and bindings without subjects', () => {
      const result = evaluateControl(control, [
        clusterRole('near', nearMisses),
        clusterRole('granting', [grants]),
        clusterRoleBinding('near', 'near', [group('devs')]),
        clusterRoleBinding('system:controller', 'granting', [
          group('system:controllers'),
        ]),
        clusterRoleBinding('empty', 'granting', []),
      ]);
      expect(result.findings).toEqual([]);
      expect(result.applicable).toBe(1);
    });
  });
}
