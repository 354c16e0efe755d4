import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { EnvironmentPreviewField } from './EnvironmentPreviewField';
import { previewRequestOf } from './environmentPreview';

const preview = {
  modules: [
    {
      call: 'eks',
      module: 'eks',
      created: 'yes',
      resources: ['aws_eks_cluster.this'],
    },
    {
      call: 'redis',
      module: 'redis',
      created: 'no',
      resources: ['aws_elasticache_replication_group.this'],
    },
  ],
  settings: [
    { label: 'Tier', value: 'prod' },
    { label: 'Database multi-AZ', value: 'off' },
  ],
  markdown: '',
  problems: [
    'prod requires high availability: multi-AZ database, subnets in 3 AZs, one NAT gateway per AZ',
  ],
};

// A Response's body can be read once: every call gets its own, so a re-render's second request
// cannot hang on (or fail over) a body the first one already consumed. Awaited: renderInTestApp
// renders inside an async act(), and one left open holds React's updates (the refusal's error
// state) until it closes, so a test's waits would race it.
async function render(
  formData: Record<string, unknown>,
  respond: () => Response,
) {
  const fetch = jest.fn(async () => respond());
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://portal/api/${id}`,
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, discoveryApi],
        [fetchApiRef, { fetch }],
      ]}
    >
      <EnvironmentPreviewField
        {...({
          formContext: { formData },
          schema: { title: 'What the environment will run' },
          onChange: jest.fn(),
        } as any)}
      />
    </TestApiProvider>,
  );
  return { fetch };
}

describe('EnvironmentPreviewField', () => {
  it('asks the backend for the preview of the form choices and shows it', async () => {
    const { fetch } = await render(
      {
        name: 'payments-qa',
        tier: 'prod',
        components: ['database'],
        size: 'tier',
        highAvailability: 'off',
        backupRetentionDays: 14,
      },
      () => new Response(JSON.stringify(preview), { status: 200 }),
    );
    expect(await screen.findByText('aws_eks_cluster.this')).toBeInTheDocument();
    expect(screen.getByText(/not created \(disabled\)/)).toBeInTheDocument();
    expect(
      screen.getByText('Database multi-AZ').closest('tr'),
    ).toHaveTextContent('Database multi-AZoff');
    expect(
      screen.getByText(/^Refused on submit: prod requires high availability/),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/sparki-forge/environment-preview',
      expect.objectContaining({ method: 'POST' }),
    );
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({
      tier: 'prod',
      components: ['database'],
      size: 'tier',
      highAvailability: 'off',
      backupRetentionDays: 14,
    });
  });

  it("shows the backend's refusal", async () => {
    await render(
      { tier: 'prod' },
      () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message: 'Invalid preview request: tier: bad',
            },
          }),
          { status: 400 },
        ),
    );
    expect(
      await screen.findByText('No preview: Invalid preview request: tier: bad'),
    ).toBeInTheDocument();
  });

  it('waits for a tier', async () => {
    const { fetch } = await render({}, () => new Response('{}'));
    expect(
      await screen.findByText('Choose a tier first: the preview follows it.'),
    ).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('previewRequestOf', () => {
  it('keeps only the choices the preview depends on, of the right types', () => {
    expect(
      previewRequestOf({
        tier: 'dev',
        name: 'x',
        vpcCidr: '10.0.0.0/16',
        components: ['redis', 3],
        backupRetentionDays: '7',
      }),
    ).toEqual({ tier: 'dev', components: ['redis'] });
    expect(previewRequestOf({ tier: 3 })).toBeUndefined();
  });
});
