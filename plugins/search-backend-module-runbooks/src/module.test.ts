import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { searchModuleRunbooks } from './module';
import { RunbooksCollatorFactory } from './RunbooksCollatorFactory';

jest.setTimeout(60_000);

describe('searchModuleRunbooks', () => {
  it('registers the runbooks collator with the search backend', async () => {
    const indexRegistry = { addCollator: jest.fn(), addDecorator: jest.fn() };
    await startTestBackend({
      extensionPoints: [[searchIndexRegistryExtensionPoint, indexRegistry]],
      features: [
        searchModuleRunbooks,
        mockServices.rootConfig.factory({
          data: {
            search: {
              collators: {
                runbooks: {
                  schedule: {
                    frequency: { hours: 1 },
                    timeout: { minutes: 2 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(indexRegistry.addCollator).toHaveBeenCalledTimes(1);
    const [{ factory, schedule }] = indexRegistry.addCollator.mock.calls[0];
    expect(factory).toBeInstanceOf(RunbooksCollatorFactory);
    expect(factory.type).toBe('runbooks');
    expect(schedule).toBeDefined();
  });
});
