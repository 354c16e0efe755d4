import { externalSecretStorage } from './externalSecretStorage';
import { evaluateInventory } from '../../evaluation/evaluateInventory';
import { inventoryOf, namespace } from '../../testUtils/fixtures';

describe(`general-external-secret-storage (CIS ${externalSecretStorage.cisKubernetes})`, () => {
  it('is manual, with the data it needs', () => {
    const [result] = evaluateInventory(inventoryOf(namespace('web')), {
      controls: [externalSecretStorage],
    });
    expect(result).toMatchObject({
      controlId: 'general-external-secret-storage',
      status: 'manual',
      findings: [],
    });
    expect(result.reason).toMatch(/encryptionConfig/);
  });
});
