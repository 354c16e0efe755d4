import { cniSupportsNetworkPolicies } from './cniSupportsNetworkPolicies';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import { inventoryOf, networkPolicy } from '../../testUtils/fixtures';

describe('network-cni-supports-policies (CIS 5.3.1)', () => {
  it('is manual: the CNI configuration is outside the inventory', () => {
    const [result] = evaluateInventory(
      inventoryOf(networkPolicy('a', 'deny', { podSelector: {} })),
      {
        controls: [cniSupportsNetworkPolicies],
      },
    );
    expect(result).toMatchObject({ status: 'manual', applicable: 0 });
    expect(result.reason).toMatch(/vpc-cni/);
  });
});
