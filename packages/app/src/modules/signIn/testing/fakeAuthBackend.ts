// A stand-in for the auth backend's guest and demo providers in the app's tests: answers the
// same paths with the same bodies (sessions of proxy providers, the demo users list, errors in
// Backstage's error format), from the demo organisation's users.
import { UserEntity } from '@backstage/catalog-model';

export const AUTH_BASE_URL = 'http://localhost:7007/api/auth';

function user(
  name: string,
  displayName: string,
  memberOf: string[],
): UserEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: { displayName, email: `${name}@sparki.example` },
      memberOf,
    },
  };
}

export const demoUsers = [
  user('alice', 'Alice Platform', ['platform-team']),
  user('bob', 'Bob Auditor', ['security-auditors']),
  user('carol', 'Carol Approver', ['release-approvers']),
];

/** An unsigned token with the claims the frontend reads (it never checks signatures). */
function tokenFor(userEntityRef: string) {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'none' })}.${encode({ sub: userEntityRef, exp })}.`;
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function backstageError(status: number, name: string, message: string) {
  return json(status, {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode: status },
  });
}

function session(entity: UserEntity) {
  const userEntityRef = `user:default/${entity.metadata.name}`;
  return json(200, {
    profile: entity.spec.profile,
    backstageIdentity: {
      token: tokenFor(userEntityRef),
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(entity.spec.memberOf ?? []).map(
            group => `group:default/${group}`,
          ),
        ],
      },
    },
  });
}

const guest = user('guest', 'Guest', ['platform-team']);

/**
 * Installs the fake as `fetch` and returns its mock, to assert on the requests. With
 * `demo: 'off'` the backend has no demo provider (every demo path is a 404).
 */
export function installFakeAuthBackend(options: { demo?: 'on' | 'off' } = {}) {
  return jest.spyOn(global, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    if (url === `${AUTH_BASE_URL}/guest/refresh`) return session(guest);
    if (options.demo === 'off' && url.startsWith(`${AUTH_BASE_URL}/demo/`)) {
      return backstageError(
        404,
        'NotFoundError',
        "Unknown auth provider 'demo'",
      );
    }
    if (url === `${AUTH_BASE_URL}/demo/users`) {
      return json(200, { items: demoUsers });
    }
    if (url === `${AUTH_BASE_URL}/demo/refresh`) {
      const ref = headers.get('x-sparki-demo-user');
      const found = demoUsers.find(
        entity => `user:default/${entity.metadata.name}` === ref,
      );
      return found
        ? session(found)
        : backstageError(
            404,
            'NotFoundError',
            `${ref} is not a User entity of the catalog: demo sign-in only signs in catalog users`,
          );
    }
    return backstageError(404, 'NotFoundError', `No route for ${url}`);
  });
}
