import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import { mockPostureApi } from '../../__testUtils__/fixtures';
import { WhatIf } from './WhatIf';

describe('WhatIf', () => {
  it('simulates enforcing a level and lists what would be rejected and why', async () => {
    const api = mockPostureApi();
    renderInTestApp(
      <WhatIf cluster="sparki-dev" namespaces={['payments', 'web']} />,
      { apis: [[securityPostureApiRef, api]] },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    const result = await screen.findByTestId('what-if-result');
    expect(result).toHaveTextContent(
      'Enforcing restricted:latest would reject 1 of 3 pods and pod templates',
    );
    const table = within(result).getByRole('table', {
      name: 'what-if rejections',
    });
    expect(within(table).getByText('Deployment/frontend')).toBeInTheDocument();
    expect(within(table).getByText('runAsNonRoot')).toBeInTheDocument();
    expect(within(table).getByText('nginx')).toBeInTheDocument();
    expect(
      within(table).getByText(/Nothing rejected \(1 evaluated\)/),
    ).toBeInTheDocument();
    expect(api.whatIf).toHaveBeenCalledWith({
      cluster: 'sparki-dev',
      namespace: undefined,
      level: 'restricted',
      version: 'latest',
    });
  });

  it("shows the backend's message for bad input", async () => {
    const error = Object.assign(new Error('Request failed with 400'), {
      body: {
        error: {
          name: 'InputError',
          message:
            'Invalid Pod Security version "v2": expected "latest" or "v1.N"',
        },
      },
    });
    renderInTestApp(<WhatIf cluster="sparki-dev" namespaces={[]} />, {
      apis: [
        [
          securityPostureApiRef,
          mockPostureApi({ whatIf: jest.fn().mockRejectedValue(error) }),
        ],
      ],
    });
    fireEvent.change(screen.getByLabelText('Version'), {
      target: { value: 'v2' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Simulate' }));
    expect(
      await screen.findByText(/Invalid Pod Security version "v2"/),
    ).toBeInTheDocument();
  });
});
