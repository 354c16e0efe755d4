export interface Config {
  sparki?: {
    permissions?: {
      /**
       * Permissions (by name, e.g. `catalog.entity.delete`) that only the listed groups or users
       * hold. Permissions not listed are allowed to every signed-in user.
       */
      restricted?: Array<{
        permission: string;
        /** Entity refs of groups, e.g. `group:default/platform-team`. */
        allowedGroups?: string[];
        /** Entity refs of users, e.g. `user:default/alice`. */
        allowedUsers?: string[];
      }>;
    };
  };
}
