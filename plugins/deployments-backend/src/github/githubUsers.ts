import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** The annotation Backstage's GitHub org provider sets on users. */
export const GITHUB_LOGIN_ANNOTATION = 'github.com/user-login';

/**
 * The catalog user of a GitHub login: the user annotated with it, else the user named like it.
 * Used only to keep a commit's author from approving, so a loose match can only restrict.
 */
export function catalogUserByGitHubLogin(
  catalog: CatalogService,
  auth: AuthService,
): (login: string) => Promise<string | undefined> {
  return async login => {
    const credentials = await auth.getOwnServiceCredentials();
    const filters: Array<Record<string, string>> = [
      {
        kind: 'User',
        [`metadata.annotations.${GITHUB_LOGIN_ANNOTATION}`]: login,
      },
      { kind: 'User', 'metadata.name': login },
    ];
    for (const filter of filters) {
      const { items } = await catalog.getEntities(
        { filter, fields: ['kind', 'metadata.name', 'metadata.namespace'] },
        { credentials },
      );
      if (items.length === 1) return stringifyEntityRef(items[0]);
    }
    return undefined;
  };
}
