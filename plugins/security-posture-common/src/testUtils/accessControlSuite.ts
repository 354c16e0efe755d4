/* Shared test suite for the "minimize who can X" RBAC controls; used only by their tests. */
/* eslint-disable jest/no-export -- a shared suite: each control's own test file calls it */
import { Control } from '../controls';
import { evaluateInventory } from '../evaluation/evaluateInventory';
import {
  clusterRole,
  clusterRoleBinding,
  evaluateControl,
  findingKeys,
  group,
  inventoryOf,
  role,
  roleBinding,
  user,
  withUnavailable,
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

    it('passes near misses, upstream default bindings and bindings without subjects', () => {
      const result = evaluateControl(control, [
        clusterRole('near', nearMisses),
        clusterRole('granting', [grants]),
        clusterRoleBinding('near', 'near', [group('devs')]),
        // The bootstrap policy's own binding, its role taken from the shipped defaults.
        clusterRoleBinding(
          'system:kube-controller-manager',
          'system:kube-controller-manager',
          [user('system:kube-controller-manager')],
        ),
        clusterRoleBinding('empty', 'granting', []),
      ]);
      expect(result.findings).toEqual([]);
      expect(result.applicable).toBe(1);
    });

    it('knows what cluster-admin grants when the manifests do not declare it', () => {
      const result = evaluateControl(control, [
        clusterRoleBinding('oncall', 'cluster-admin', [group('oncall')]),
      ]);
      expect(findingKeys(result)).toEqual(['ClusterRoleBinding//oncall']);
      expect(result.findings[0].evidence).toMatchObject({
        roleSource: expect.stringContaining('built-in default'),
      });
    });

    it('judges bindings that only look built in (system: name, bootstrapping label)', () => {
      const result = evaluateControl(control, [
        clusterRole('granting', [grants]),
        clusterRoleBinding('system:controller', 'granting', [
          group('system:controllers'),
        ]),
        {
          ...clusterRoleBinding('labelled', 'granting', [group('devs')]),
          metadata: {
            name: 'labelled',
            labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
          },
        },
      ]);
      expect(findingKeys(result)).toEqual([
        'ClusterRoleBinding//system:controller',
        'ClusterRoleBinding//labelled',
      ]);
      expect(result.findings[0].message).toContain('not an upstream default');
    });

    it('is unknown, never pass, when a bound role is neither in the inventory nor built in', () => {
      const [result] = evaluateInventory(
        inventoryOf(
          clusterRoleBinding('mystery', 'made-by-an-operator', [group('ops')]),
        ),
        { controls: [control] },
      );
      expect(result).toMatchObject({ status: 'unknown', applicable: 0 });
      expect(result.reason).toContain('made-by-an-operator');
    });

    it('still judges bindings to built-in roles when ClusterRoles could not be listed', () => {
      const [result] = evaluateInventory(
        withUnavailable(
          inventoryOf(
            clusterRoleBinding('oncall', 'cluster-admin', [group('oncall')]),
            clusterRoleBinding('mystery', 'custom', [group('ops')]),
          ),
          'clusterroles',
        ),
        { controls: [control] },
      );
      expect(result).toMatchObject({ status: 'fail', applicable: 1 });
      expect(result.reason).toContain('custom');
    });
  });
}
