import { IdentityApi } from '@backstage/core-plugin-api';

/** Who the browser signs in as: the guest, or a user of the catalog through the demo provider. */
export type SignInChoice =
  | { provider: 'guest' }
  | { provider: 'demo'; userEntityRef: string };

/** The header the backend's demo provider reads the user from (packages/backend demoSignIn). */
export const DEMO_USER_HEADER = 'x-sparki-demo-user';

const STORAGE_KEY = 'sparki:sign-in';

/** The choice of the last successful sign-in, so a reload signs in again without the page. */
export function readStoredChoice(): SignInChoice | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (stored?.provider === 'guest') return { provider: 'guest' };
    if (
      stored?.provider === 'demo' &&
      typeof stored.userEntityRef === 'string'
    ) {
      return { provider: 'demo', userEntityRef: stored.userEntityRef };
    }
  } catch {
    // Not ours or corrupt: sign in from the page.
  }
  return undefined;
}

export function storeChoice(choice: SignInChoice) {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
}

export function forgetChoice() {
  localStorage.removeItem(STORAGE_KEY);
}

/** The request headers of a choice's session refreshes: the demo provider needs the user. */
export function headersFor(choice: SignInChoice): Record<string, string> {
  return choice.provider === 'demo'
    ? { [DEMO_USER_HEADER]: choice.userEntityRef }
    : {};
}

/** The identity, with a sign-out that also forgets the choice (else a reload signs in again). */
export function forgettingOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      forgetChoice();
      await identity.signOut();
    },
  };
}
