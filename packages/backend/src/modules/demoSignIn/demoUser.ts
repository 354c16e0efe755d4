import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ProfileInfo } from '@backstage/plugin-auth-node';

/** The request header that names the user to sign in as (the sign-in page sets it). */
export const DEMO_USER_HEADER = 'x-sparki-demo-user';

/**
 * The user entity ref named by the demo sign-in header: a user name (`alice`) or a user
 * entity ref (`user:default/alice`). Any other kind is refused, so nobody signs in as a group.
 */
export function readDemoUserRef(headerValue: string | undefined): string {
  const value = headerValue?.trim();
  if (!value) {
    throw new InputError(
      `Name the user to sign in as in the ${DEMO_USER_HEADER} header, e.g. alice or user:default/alice`,
    );
  }
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: 'user',
      defaultNamespace: DEFAULT_NAMESPACE,
    });
  } catch (error) {
    throw new InputError(
      `'${value}' is not a user entity reference: ${(error as Error).message}`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `Demo sign-in is for User entities only; '${value}' names a ${ref.kind}`,
    );
  }
  return stringifyEntityRef(ref);
}

/** What the frontend shows of a catalog user: its profile, or its title or name without one. */
export function profileOfUser(entity: Entity): ProfileInfo {
  const profile = (entity.spec?.profile ?? {}) as ProfileInfo;
  return {
    displayName:
      profile.displayName ?? entity.metadata.title ?? entity.metadata.name,
    ...(profile.email ? { email: profile.email } : {}),
    ...(profile.picture ? { picture: profile.picture } : {}),
  };
}
