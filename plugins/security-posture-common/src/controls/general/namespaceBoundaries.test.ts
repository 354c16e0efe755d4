import { namespaceBoundaries } from './namespaceBoundaries';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import { inventoryOf, namespace } from '../../testUtils/fixtures';

describe(`general-namespace-boundaries (CIS ${namespaceBoundaries.cisKubernetes})`, () => {
  it('is manual, with the data it needs', () => {
    const [result] = evaluateInventory(inventoryOf(namespace('web')), {
      controls: [namespaceBoundaries],
    });
    expect(result).toMatchObject({
      controlId: 'general-namespace-boundaries',
      status: 'manual',
      findings: [],
    });
    expect(result.reason).toMatch(/ownership/);
  });
});
