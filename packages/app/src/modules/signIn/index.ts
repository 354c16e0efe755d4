import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Replaces the app's guest-only sign-in page with the guest and the demo users. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () =>
          import('./SparkiSignInPage').then(m => m.SparkiSignInPage),
      },
    }),
  ],
});
