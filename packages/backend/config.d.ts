export interface Config {
  auth?: {
    providers?: {
      /**
       * Demo sign-in as any User entity of the catalog (src/modules/demoSignIn). The backend
       * refuses to start with it unless `auth.environment` is `development` and NODE_ENV is not
       * `production`.
       */
      demo?: {
        /** Default true when the block is present; false turns the provider off. */
        enabled?: boolean;
      };
    };
  };
  sparki?: {
    permissions?: {
      /**
       * Permissions (by name, e.g. `catalog.entity.delete`) that only the listed groups or users
       * hold. Of the permissions not listed, reads (`attributes.action: read`) are allowed to
       * every signed-in user and all others (create, update, delete, or no action) are denied.
       * A name that no installed plugin registers is logged as an error at startup. Several
       * entries for one permission add up.
       */
      restricted?: Array<{
        permission: string;
        /** Entity refs of groups, e.g. `group:default/platform-team` (or `platform-team`). */
        allowedGroups?: string[];
        /** Entity refs of users, e.g. `user:default/alice` (or `alice`). */
        allowedUsers?: string[];
      }>;
    };
  };
}
