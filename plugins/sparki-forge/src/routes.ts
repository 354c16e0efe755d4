import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The forge's pages: the changes at `/`, one change at `/changes/:id`. */
export const rootRouteRef = createRouteRef();
