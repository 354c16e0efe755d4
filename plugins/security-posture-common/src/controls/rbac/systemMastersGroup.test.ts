import { systemMastersGroup } from './systemMastersGroup';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import {
  clusterRoleBinding,
  group,
  inventoryOf,
} from '../../testUtils/fixtures';

describe('rbac-system-masters-group (CIS 5.1.7)', () => {
  it('is manual with the reason, whatever the RBAC objects say', () => {
    const [result] = evaluateInventory(
      inventoryOf(
        clusterRoleBinding('masters', 'cluster-admin', [
          group('system:masters'),
        ]),
      ),
      { controls: [systemMastersGroup] },
    );
    expect(result.status).toBe('manual');
    expect(result.reason).toMatch(/aws-auth/);
    expect(systemMastersGroup.evaluate).toBeUndefined();
  });
});
