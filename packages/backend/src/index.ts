import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in. The guest provider disables itself outside NODE_ENV=development.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('./modules/demoSignIn')); // development only: sign in as any catalog user

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@sparki/scaffolder-backend-module-sparki'));
// The local git forge of the demo: its environments in the catalog, its changes and merges.
backend.add(import('@sparki/catalog-backend-module-sparki-forge'));
backend.add(import('@sparki/sparki-forge-backend'));

backend.add(import('@backstage/plugin-techdocs-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
backend.add(import('@sparki/search-backend-module-runbooks'));

backend.add(import('@backstage/plugin-user-settings-backend'));
// Push updates to the browser (user settings and plugins subscribe to it).
backend.add(import('@backstage/plugin-signals-backend'));
// Notifications (e.g. a deploy waiting for approval), pushed to the browser through signals.
backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(import('@sparki/audit-trail-backend'));
backend.add(import('@sparki/compliance-backend'));
backend.add(import('@sparki/deployments-backend'));
backend.add(import('@sparki/security-posture-backend'));
backend.add(import('@sparki/runbooks-backend'));

backend.start();
