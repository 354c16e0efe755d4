import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { authProvidersExtensionPoint } from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createDemoUsersRouter, DEMO_USERS_PATH } from './demoUsersRouter';
import { createDemoProviderFactory } from './provider';

const DEMO_CONFIG_KEY = 'auth.providers.demo';

/** Whether config turns the demo provider on: an `auth.providers.demo` block not `enabled: false`. */
function isDemoSignInEnabled(config: Config): boolean {
  const demoConfig = config.getOptionalConfig(DEMO_CONFIG_KEY);
  return (
    demoConfig !== undefined &&
    demoConfig.getOptionalBoolean('enabled') !== false
  );
}

/**
 * Anyone may sign in as anyone with this provider, so it must never run where real people sign
 * in: both the auth environment and NODE_ENV have to say development (or test, for NODE_ENV).
 */
function assertDevelopment(config: Config) {
  const authEnvironment = config.getOptionalString('auth.environment');
  const nodeEnv = process.env.NODE_ENV;
  if (authEnvironment !== 'development' || nodeEnv === 'production') {
    throw new Error(
      `The demo sign-in provider (${DEMO_CONFIG_KEY}) lets anyone sign in as any catalog user ` +
        `and only runs in development: auth.environment is '${
          authEnvironment ?? 'unset'
        }' ` +
        `(must be 'development') and NODE_ENV is '${
          nodeEnv ?? 'unset'
        }' (must not be ` +
        `'production'). Remove ${DEMO_CONFIG_KEY} or set ${DEMO_CONFIG_KEY}.enabled: false.`,
    );
  }
}

/**
 * The `demo` auth provider: sign in as any User entity of the catalog, so two people can play
 * requester and approver in the demo. Off unless `auth.providers.demo` is configured.
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'sparki-demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({
        providers,
        config,
        httpRouter,
        auth,
        auditor,
        logger,
        catalog,
      }) {
        if (!isDemoSignInEnabled(config)) return;
        assertDevelopment(config);
        logger.warn(
          'Demo sign-in is on: anyone reaching this backend may sign in as any catalog user',
        );
        providers.registerProvider({
          providerId: 'demo',
          factory: createDemoProviderFactory({ auditor }),
        });
        // The sign-in page lists the users before anyone has a token.
        httpRouter.addAuthPolicy({
          path: DEMO_USERS_PATH,
          allow: 'unauthenticated',
        });
        httpRouter.use(createDemoUsersRouter({ catalog, auth }));
      },
    });
  },
});
