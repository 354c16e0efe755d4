import { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AuthProviderFactory,
  AuthResolverContext,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { DEMO_USER_HEADER, profileOfUser, readDemoUserRef } from './demoUser';

type DemoSignInResult = { userEntityRef: string };

async function findDemoUser(userEntityRef: string, ctx: AuthResolverContext) {
  try {
    return (await ctx.findCatalogUser({ entityRef: userEntityRef })).entity;
  } catch (error) {
    if ((error as Error).name !== 'NotFoundError') throw error;
    throw new NotFoundError(
      `${userEntityRef} is not a User entity of the catalog: demo sign-in only signs in catalog users`,
    );
  }
}

/**
 * Signs in as the catalog user named by the request's header, with no credential at all: what
 * keeps this out of production is the module's refusal to start outside development.
 */
const demoAuthenticator = createProxyAuthenticator<
  undefined,
  DemoSignInResult,
  undefined
>({
  initialize: () => undefined,
  async authenticate({ req }) {
    return {
      result: { userEntityRef: readDemoUserRef(req.header(DEMO_USER_HEADER)) },
    };
  },
  async defaultProfileTransform({ userEntityRef }, ctx) {
    return { profile: profileOfUser(await findDemoUser(userEntityRef, ctx)) };
  },
});

/**
 * The `demo` proxy provider: the token is the catalog's own (`signInWithCatalogUser`), so the
 * ownership refs are the user and its memberOf groups, as with any catalog sign-in resolver.
 * Every sign-in (and session refresh) is audited with the user it was for.
 */
export function createDemoProviderFactory(options: {
  auditor: AuditorService;
}): AuthProviderFactory {
  return createProxyAuthProviderFactory<DemoSignInResult>({
    authenticator: demoAuthenticator,
    async signInResolver({ result }, ctx) {
      const event = await options.auditor.createEvent({
        eventId: 'demo-sign-in',
        severityLevel: 'medium',
        meta: { userEntityRef: result.userEntityRef },
      });
      try {
        const signIn = await ctx.signInWithCatalogUser({
          entityRef: result.userEntityRef,
        });
        await event.success();
        return signIn;
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
