import { imageProvenance } from './imageProvenance';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import { inventoryOf, namespace } from '../../testUtils/fixtures';

describe(`general-image-provenance (CIS ${imageProvenance.cisKubernetes})`, () => {
  it('is manual, with the data it needs', () => {
    const [result] = evaluateInventory(inventoryOf(namespace('web')), {
      controls: [imageProvenance],
    });
    expect(result).toMatchObject({
      controlId: 'general-image-provenance',
      status: 'manual',
      findings: [],
    });
    expect(result.reason).toMatch(/webhook/);
  });
});
