import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { sparkiForgeApiRef } from '../api/SparkiForgeApi';
import { mockForgeApi, proposal } from '../__testUtils__/fixtures';
import { MergeButton } from './MergeButton';

// Its own file: usePermission caches decisions for the whole test file.
describe('MergeButton without sparki.forge.merge', () => {
  it('offers no merge, and says who may', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    renderInTestApp(<MergeButton change={proposal} onMerged={jest.fn()} />, {
      apis: [
        [sparkiForgeApiRef, mockForgeApi()],
        [permissionApiRef, permissionApi],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/bob' }),
        ],
      ],
    });
    expect(
      await screen.findByText(
        'Merging needs sparki.forge.merge (the platform team).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
