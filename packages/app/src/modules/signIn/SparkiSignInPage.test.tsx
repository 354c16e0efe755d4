import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IdentityApi } from '@backstage/core-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SparkiSignInPage } from './SparkiSignInPage';
import { readStoredChoice, storeChoice } from './signInChoice';
import {
  AUTH_BASE_URL,
  installFakeAuthBackend,
} from './testing/fakeAuthBackend';

// Rendering in a test app is slow on a loaded machine: generous, explicit limits.
const RENDER_TIMEOUT_MS = 30_000;
jest.setTimeout(120_000);

function renderSignInPage() {
  const onSignInSuccess = jest.fn<void, [IdentityApi]>();
  renderInTestApp(<SparkiSignInPage onSignInSuccess={onSignInSuccess} />, {
    apis: [mockApis.discovery({ baseUrl: 'http://localhost:7007' })],
    config: { app: { title: 'Sparki Test Portal' } },
  });
  return onSignInSuccess;
}

async function signedInIdentity(onSignInSuccess: jest.Mock) {
  await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1), {
    timeout: RENDER_TIMEOUT_MS,
  });
  return onSignInSuccess.mock.calls[0][0] as IdentityApi;
}

function refreshRequests(fetchMock: jest.SpyInstance, provider: string) {
  return fetchMock.mock.calls
    .filter(([url]) => String(url) === `${AUTH_BASE_URL}/${provider}/refresh`)
    .map(([, init]) => new Headers(init?.headers));
}

describe('SparkiSignInPage', () => {
  let fetchMock: jest.SpyInstance;

  afterEach(() => {
    fetchMock.mockRestore();
    localStorage.clear();
  });

  it('lists the demo users and signs in as the chosen one, with her groups', async () => {
    fetchMock = installFakeAuthBackend();
    const onSignInSuccess = renderSignInPage();

    const picker = await screen.findByLabelText(
      'Demo user',
      {},
      { timeout: RENDER_TIMEOUT_MS },
    );
    expect(
      within(picker)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual([
      'Alice Platform (platform-team)',
      'Bob Auditor (security-auditors)',
      'Carol Approver (release-approvers)',
    ]);
    await userEvent.selectOptions(picker, 'user:default/carol');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const identity = await signedInIdentity(onSignInSuccess);
    expect(
      refreshRequests(fetchMock, 'demo')[0].get('x-sparki-demo-user'),
    ).toBe('user:default/carol');
    expect((await identity.getProfileInfo()).displayName).toBe(
      'Carol Approver',
    );
    expect(await identity.getBackstageIdentity()).toEqual({
      type: 'user',
      userEntityRef: 'user:default/carol',
      ownershipEntityRefs: [
        'user:default/carol',
        'group:default/release-approvers',
      ],
    });

    // Remembered for the next page load, until sign-out.
    expect(readStoredChoice()).toEqual({
      provider: 'demo',
      userEntityRef: 'user:default/carol',
    });
    await identity.signOut();
    expect(readStoredChoice()).toBeUndefined();
  });

  it('signs in again as the remembered user on a reload, without showing the page', async () => {
    fetchMock = installFakeAuthBackend();
    storeChoice({ provider: 'demo', userEntityRef: 'user:default/bob' });
    const onSignInSuccess = renderSignInPage();

    const identity = await signedInIdentity(onSignInSuccess);
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/bob',
    );
    expect(screen.queryByLabelText('Demo user')).toBeNull();
  });

  it("shows the backend's refusal and the choices again, forgetting the refused user", async () => {
    fetchMock = installFakeAuthBackend();
    storeChoice({ provider: 'demo', userEntityRef: 'user:default/mallory' });
    const onSignInSuccess = renderSignInPage();

    expect(
      await screen.findByText(
        'user:default/mallory is not a User entity of the catalog: demo sign-in only signs in catalog users',
        {},
        { timeout: RENDER_TIMEOUT_MS },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Sign-in failed/)).toBeInTheDocument();
    expect(await screen.findByLabelText('Demo user')).toBeInTheDocument();
    expect(readStoredChoice()).toBeUndefined();
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });

  it('says when the backend has demo sign-in off, and still lets the guest in', async () => {
    fetchMock = installFakeAuthBackend({ demo: 'off' });
    const onSignInSuccess = renderSignInPage();

    expect(
      await screen.findByText(
        'Demo sign-in is off on this backend (it only runs in development).',
        {},
        { timeout: RENDER_TIMEOUT_MS },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Enter' }));

    const identity = await signedInIdentity(onSignInSuccess);
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/guest',
    );
    expect(refreshRequests(fetchMock, 'guest')).toHaveLength(1);
    expect(readStoredChoice()).toEqual({ provider: 'guest' });
  });
});
