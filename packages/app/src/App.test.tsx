import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';
import { installFakeAuthBackend } from './modules/signIn/testing/fakeAuthBackend';

// Rendering the whole app in jsdom is slow on a loaded machine: generous, explicit limits.
const RENDER_TIMEOUT_MS = 30_000;
jest.setTimeout(120_000);

describe('App', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    localStorage.clear();
  });

  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Sparki Test Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };
  });

  it('shows the sign-in page, then the sidebar of the signed-in guest', async () => {
    // The auth backend's guest and demo providers, faked at the same paths.
    installFakeAuthBackend();
    render(App.createRoot());

    expect(
      await screen.findByText(
        'Sparki Test Portal',
        {},
        { timeout: RENDER_TIMEOUT_MS },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Enter as a Guest User/)).toBeInTheDocument();
    // The demo users can sign in too (SparkiSignInPage.test.tsx covers them).
    expect(
      await screen.findByLabelText(
        'Demo user',
        {},
        { timeout: RENDER_TIMEOUT_MS },
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Enter' }));

    // Plugins in package.json are discovered by the build, so here only the features that
    // App.tsx names are present: the sidebar of the nav module (with its search entry, which
    // the default sidebar lacks) and the catalog's item.
    const sidebar = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      { timeout: RENDER_TIMEOUT_MS },
    );
    expect(
      await within(sidebar).findByRole(
        'link',
        { name: 'Catalog' },
        { timeout: RENDER_TIMEOUT_MS },
      ),
    ).toHaveAttribute('href', '/catalog');
    expect(within(sidebar).getByText('Search')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });
});
