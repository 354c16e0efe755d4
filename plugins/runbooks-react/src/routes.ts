import {
  createRouteRef,
  createSubRouteRef,
} from '@backstage/frontend-plugin-api';

/** The runbooks page; owned by the `@sparki/runbooks` plugin, here so links can use it. */
export const runbooksRouteRef = createRouteRef();

/** One runbook, `/runbooks/<id>` where the app mounts the page at its default path. */
export const runbookRouteRef = createSubRouteRef({
  parent: runbooksRouteRef,
  path: '/:id',
});
