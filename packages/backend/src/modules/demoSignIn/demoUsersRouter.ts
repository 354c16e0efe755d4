import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';

/** Where the sign-in page reads whom it may offer (under the auth plugin: /api/auth/demo/users). */
export const DEMO_USERS_PATH = '/demo/users';

/**
 * Lists the catalog's User entities for the sign-in page's picker, before anyone is signed in.
 * Only what the picker shows is returned (names, titles, profiles, memberOf), as the catalog's
 * `{ items }` of User entities, so the page lists exactly the users sign-in accepts.
 */
export function createDemoUsersRouter(options: {
  catalog: CatalogService;
  auth: AuthService;
}): express.Router {
  const router = Router();
  router.get(DEMO_USERS_PATH, async (_req, res) => {
    const { items } = await options.catalog.getEntities(
      {
        filter: { kind: 'user' },
        fields: [
          'apiVersion',
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile',
          'spec.memberOf',
        ],
        order: { field: 'metadata.name', order: 'asc' },
      },
      { credentials: await options.auth.getOwnServiceCredentials() },
    );
    res.json({ items });
  });
  return router;
}
